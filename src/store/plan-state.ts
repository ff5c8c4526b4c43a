import { createKernel, seedLanded } from "../kernel/init.ts";
import { replay } from "../kernel/reduce.ts";
import type { KernelEvent, KernelState, TaskState } from "../kernel/types.ts";
import type { Store } from "./db.ts";
import { latestByUnit, readDeployLog } from "./deploy-log.ts";
import { readEvents, type StoredEvent, toKernelEvent } from "./events.ts";
import { liveRuns, runsOf } from "./runtime.ts";

export interface TaskView {
  id: string;
  state: TaskState;
  attempts: number;
  error: string | null;
  sha: string | null;
  /** Seconds from the latest dispatch to the last event of the task. */
  durationS: number | null;
}

export interface PlanView {
  plan: string;
  run: string | null;
  /** A `dgov run` of this plan is going on now. */
  live: boolean;
  /** The latest run's recorded outcome (null while running or if it never finished). */
  runStatus: string | null;
  tasks: TaskView[];
}

/** Plans that have history in the store, sorted by name. */
export function plansWithHistory(store: Store): string[] {
  const rows = store.db.query("SELECT DISTINCT plan FROM events WHERE plan IS NOT NULL ORDER BY plan").all() as { plan: string }[];
  return rows.map((r) => r.plan);
}

function durations(events: StoredEvent[]): Map<string, number> {
  const start = new Map<string, number>();
  const last = new Map<string, number>();
  for (const e of events) {
    if (!e.task) continue;
    const ts = Date.parse(e.ts);
    if (e.event === "dag_task_dispatching") start.set(e.task, ts);
    last.set(e.task, ts);
  }
  return new Map([...start].map(([task, ts]) => [task, (last.get(task)! - ts) / 1000]));
}

/**
 * One plan's state from the store alone: the task list of its latest `run_start`, the deploy
 * log, and every kernel event folded through the kernel, exactly as a run would rebuild it.
 */
export function planView(store: Store, root: string, plan: string): PlanView | null {
  const events = readEvents(store, { plan });
  const start = [...events].reverse().find((e) => e.event === "run_start");
  const specs = start?.data.tasks as { id: string; deps: string[]; maxForks: number }[] | undefined;
  if (!start || !Array.isArray(specs)) return null;
  const landed = new Map([...latestByUnit(readDeployLog(root, plan).records)].map(([id, r]) => [id, r.sha]));
  const state: KernelState = seedLanded(replay(createKernel(specs), events.map(toKernelEvent).filter((e): e is KernelEvent => e !== null)), landed);
  const runs = runsOf(store, plan);
  const latest = runs.at(-1) ?? null;
  const live = latest !== null && liveRuns(store).some((r) => r.id === latest.id);
  const took = durations(events.filter((e) => e.id >= start.id));
  return {
    plan,
    run: latest?.id ?? null,
    live,
    runStatus: live ? null : (latest?.status ?? null),
    tasks: state.order.map((id) => {
      const t = state.tasks[id]!;
      return { id, state: t.state, attempts: t.attempt, error: t.state === "merged" ? null : t.lastError, sha: t.sha, durationS: took.get(id) ?? null };
    }),
  };
}
