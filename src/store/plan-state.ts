import { createKernel, seedLanded } from "../kernel/init.ts";
import { replay } from "../kernel/reduce.ts";
import type { KernelEvent, KernelState, TaskState } from "../kernel/types.ts";
import type { Store } from "./db.ts";
import { latestByUnit, readDeployLog } from "./deploy-log.ts";
import { KERNEL_EVENTS, readEvents, type StoredEvent, toKernelEvent } from "./events.ts";
import { liveRuns, runsOf } from "./runtime.ts";
import { type GateRunRecord, type VerdictRecord, verdicts } from "../report/gate-runs.ts";
import { lastFailure } from "../report/story.ts";

export interface TaskView {
  id: string;
  state: TaskState;
  /** The tasks it depends on (as the latest run was started). */
  deps: readonly string[];
  attempts: number;
  error: string | null;
  sha: string | null;
  /** Seconds from the latest dispatch to the last event of the task. */
  durationS: number | null;
  /** LLM usage of the task in the latest run. */
  usage: Usage;
  /** Which checks ran before it landed (merged tasks; null before this was recorded). */
  verdict: VerdictRecord | null;
  /** The gates that blocked its latest failed settlement (not merged tasks). */
  failure: GateRunRecord[];
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** USD, when the provider's prices are configured (null: unknown). */
  costUsd: number | null;
}

export interface PlanView {
  plan: string;
  run: string | null;
  /** A `dgov run` of this plan is going on now. */
  live: boolean;
  /** The latest run's recorded outcome (null while running or if it never finished). */
  runStatus: string | null;
  tasks: TaskView[];
  /** LLM usage of the latest run, all tasks. */
  usage: Usage;
  /** Why the latest run stopped dispatching early (a token or cost budget), if it did. */
  halted: string | null;
  /** The plan directory the latest run was started from (as recorded then). */
  planDir: string | null;
  /** The latest run was dismissed by `dgov plan abandon`: not shown as needing attention. */
  abandoned: boolean;
}

const noUsage = (): Usage => ({ promptTokens: 0, completionTokens: 0, costUsd: null });

function addUsage(into: Usage, data: Record<string, unknown>): void {
  const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  into.promptTokens += n(data.prompt_tokens);
  into.completionTokens += n(data.completion_tokens);
  if (typeof data.cost_usd === "number") into.costUsd = (into.costUsd ?? 0) + data.cost_usd;
}

/** Token usage and cost per task, and in total, from `llm_usage` events. */
export function usageOf(events: StoredEvent[]): { total: Usage; byTask: Map<string, Usage> } {
  const total = noUsage();
  const byTask = new Map<string, Usage>();
  for (const e of events) {
    if (e.event !== "llm_usage") continue;
    addUsage(total, e.data);
    if (!e.task) continue;
    const task = byTask.get(e.task) ?? noUsage();
    addUsage(task, e.data);
    byTask.set(e.task, task);
  }
  return { total, byTask };
}

/** Plans that have history in the store, sorted by name. */
export function plansWithHistory(store: Store): string[] {
  const rows = store.db.query("SELECT DISTINCT plan FROM events WHERE plan IS NOT NULL ORDER BY plan").all() as { plan: string }[];
  return rows.map((r) => r.plan);
}

/**
 * What the view folds: the kernel's events, usage, verdicts, settlement records and dismissals.
 * Worker lines, most of a long history, are not read (the last event of each task comes from
 * an aggregate): `status` stays quick and small on a store of 100k events.
 */
const VIEW_EVENTS = [...KERNEL_EVENTS, "llm_usage", "task_verdict", "plan_abandoned", "settlement_phase_completed", "gate_completed"];

/** Seconds from each task's latest dispatch to its last event (of any kind) since event `from`. */
function durations(store: Store, plan: string, from: number, events: StoredEvent[]): Map<string, number> {
  const start = new Map<string, number>();
  for (const e of events) if (e.task && e.event === "dag_task_dispatching") start.set(e.task, Date.parse(e.ts));
  const rows = store.db
    .query("SELECT task, ts FROM events WHERE id IN (SELECT MAX(id) FROM events WHERE plan = ? AND id >= ? AND task IS NOT NULL GROUP BY task)")
    .all(plan, from) as { task: string; ts: string }[];
  const last = new Map(rows.map((r) => [r.task, Date.parse(r.ts)]));
  return new Map([...start].map(([task, ts]) => [task, ((last.get(task) ?? ts) - ts) / 1000]));
}

/**
 * One plan's state from the store alone: the task list of its latest `run_start`, the deploy
 * log, and every kernel event folded through the kernel, exactly as a run would rebuild it.
 * Reads only the events it folds (VIEW_EVENTS).
 */
export function planView(store: Store, root: string, plan: string): PlanView | null {
  const events = readEvents(store, { plan, events: VIEW_EVENTS });
  const start = [...events].reverse().find((e) => e.event === "run_start");
  const specs = start?.data.tasks as { id: string; deps: string[]; maxForks: number }[] | undefined;
  if (!start || !Array.isArray(specs)) return null;
  const landed = new Map([...latestByUnit(readDeployLog(root, plan).records)].map(([id, r]) => [id, r.sha]));
  const state: KernelState = seedLanded(replay(createKernel(specs), events.map(toKernelEvent).filter((e): e is KernelEvent => e !== null)), landed);
  const runs = runsOf(store, plan);
  const latest = runs.at(-1) ?? null;
  const live = latest !== null && liveRuns(store).some((r) => r.id === latest.id);
  const current = events.filter((e) => e.id >= start.id);
  const took = durations(store, plan, start.id, current);
  const usage = usageOf(current);
  const checked = verdicts(events);
  const abandoned = current.some((e) => e.event === "plan_abandoned");
  return {
    plan,
    run: latest?.id ?? null,
    live,
    runStatus: live ? null : (latest?.status ?? null),
    tasks: state.order.map((id) => {
      const t = state.tasks[id]!;
      const merged = t.state === "merged";
      return {
        id, state: t.state, deps: t.deps, attempts: t.attempt, error: merged ? null : t.lastError, sha: t.sha, durationS: took.get(id) ?? null, usage: usage.byTask.get(id) ?? noUsage(),
        verdict: merged ? (checked.get(id) ?? null) : null, failure: merged ? [] : (lastFailure(events, id)?.gates ?? []),
      };
    }),
    usage: usage.total,
    halted: state.halted,
    planDir: typeof start.data.plan_dir === "string" ? start.data.plan_dir : null,
    abandoned,
  };
}
