import { existsSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { IN_FLIGHT } from "../kernel/types.ts";
import type { Store } from "../store/db.ts";
import { readEvents, type StoredEvent } from "../store/events.ts";
import { type PlanView, planView, type TaskView } from "../store/plan-state.ts";
import { type RunRow, runsOf } from "../store/runtime.ts";

/*
 * One plan as the store holds it, loaded once for a view: the kernel's fold (`planView`, what
 * `status` shows), every event, the latest run, and where the plan's directory is now.
 */

export interface PlanRecord {
  plan: string;
  view: PlanView | null;
  /** Every event of the plan, in id order. */
  events: StoredEvent[];
  /** The latest `dgov run` of the plan. */
  run: RunRow | null;
  /** Where the plan's directory is now: where it ran from, or its archived copy; null when gone. */
  dir: string | null;
  /** How a command names the plan: `p` for .dgov/plans/p (archived too), else its path from the root. */
  arg: string;
}

/** Where a plan that ran from `planDir` is now: there, or moved to `archive/` beside it. */
export function currentPlanDir(planDir: string): string | null {
  if (existsSync(join(planDir, "_root.toml"))) return planDir;
  const archived = join(dirname(planDir), "archive", basename(planDir));
  return existsSync(join(archived, "_root.toml")) ? archived : null;
}

/**
 * The plan argument of a command: the directory name for a plan under `.dgov/plans/` (or its
 * archive, which `dgov run <name>` also finds), else the path from the project root.
 */
export function planArg(root: string, planDir: string | null, fallback: string): string {
  if (!planDir) return fallback;
  const plans = join(root, ".dgov", "plans");
  const parent = dirname(planDir);
  if (parent === plans || parent === join(plans, "archive")) return basename(planDir);
  return relative(root, planDir) || ".";
}

export function loadPlan(store: Store, root: string, plan: string): PlanRecord {
  const run = runsOf(store, plan).at(-1) ?? null;
  const ranFrom = run?.plan_dir ?? null;
  const dir = ranFrom ? currentPlanDir(ranFrom) : null;
  return { plan, view: planView(store, root, plan), events: readEvents(store, { plan }), run, dir, arg: planArg(root, dir ?? ranFrom, plan) };
}

/** The events of one task of the plan. */
export function eventsOf(record: PlanRecord, task: string): StoredEvent[] {
  return record.events.filter((e) => e.task === task);
}

/** The events of the plan's latest run onwards (from its last `run_start`). */
export function lastRunEvents(record: PlanRecord): StoredEvent[] {
  const start = record.events.findLastIndex((e) => e.event === "run_start");
  return start === -1 ? [] : record.events.slice(start);
}

/** A task's state as a person should read it: one in flight when no run is going on was interrupted. */
export function shownState(view: PlanView, task: TaskView): string {
  return !view.live && IN_FLIGHT.has(task.state) ? "interrupted" : task.state;
}

/** States that need a person: what `status` lists under "needs attention". */
export const ATTENTION: ReadonlySet<string> = new Set(["failed", "timed_out", "abandoned", "skipped", "interrupted"]);
