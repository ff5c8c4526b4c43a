/**
 * The kernel's vocabulary: task states, the events it consumes (persisted verbatim in the
 * event log, under these names) and the actions it returns. Plain data; no behaviour here.
 */

export type TaskState =
  | "pending" // waiting for its dependencies or for a worker slot
  | "dispatching" // chosen to run: worktree and worker are being set up
  | "active" // a worker is running
  | "reviewing" // the worker finished; queued for settlement
  | "settling" // in settlement: gates and commit (in parallel), then the candidate and landing (one at a time)
  | "merged"
  | "failed"
  | "skipped" // a dependency did not merge
  | "abandoned" // interrupted (shutdown, crash); `run --continue` retries it
  | "timed_out";

export const TERMINAL: ReadonlySet<TaskState> = new Set(["merged", "failed", "skipped", "abandoned", "timed_out"]);
export const IN_FLIGHT: ReadonlySet<TaskState> = new Set(["dispatching", "active", "reviewing", "settling"]);
/** Terminal states that block dependents (everything terminal but merged). */
export const UNMERGED_END: ReadonlySet<TaskState> = new Set(["failed", "skipped", "abandoned", "timed_out"]);

/**
 * `component` (the default): topological within each group of tasks connected by
 * dependencies, arrival order across groups, so independent chains never wait on each other;
 * `topological`: one deterministic order over the whole plan (dgov-py's); `ready`: arrival order.
 */
export type MergeOrder = "component" | "topological" | "ready";
export type FailureKind = "error" | "timeout" | "exhausted";
/**
 * How a run ended. The kernel decides the first four from the tasks' final states; the runner
 * turns a `complete` run into `degraded` when a blocking post-run gate failed (what landed stays
 * landed: the run's result is worse than the project's accepted baseline).
 */
export type RunStatus = "complete" | "degraded" | "partial" | "failed" | "interrupted";

export interface KernelTask {
  id: string;
  deps: readonly string[];
  state: TaskState;
  /** Worker launches of this task so far (dispatches; forks and in-place retries excluded). */
  attempt: number;
  /** Governor retries used since the last resume. */
  retries: number;
  /** Fresh-context continuations used in the current attempt, and the task's limit. */
  forks: number;
  maxForks: number;
  /** In-place settlement retries used in the current attempt. */
  settleRetries: number;
  /** The next dispatch relaunches the worker in its existing worktree (a settlement retry). */
  inPlace: boolean;
  /** The last failure, carried into the next attempt's prompt. */
  lastError: string | null;
  /** Written ahead of a landing: the commit about to become the target head. */
  landing: string | null;
  /** The target commit this task landed as. */
  sha: string | null;
  /** Settling: its own part (review, autofix, commit, isolated gates) is done; it waits for the integration slot. */
  prepared: boolean;
  /** Settling: it holds the integration slot (candidate and landing, one task at a time). */
  integrating: boolean;
  /** The worker pool the task draws from (its LLM provider); "" = unlimited but by maxParallel. */
  pool: string;
}

export interface KernelConfig {
  /** Workers at once; also how many finished tasks may wait to land before no new worker starts. */
  maxParallel: number;
  maxRetries: number;
  mergeOrder: MergeOrder;
  /** In-place settlement retries per attempt (a rejected candidate goes back to the worker). */
  settleRetries: number;
  /** Settlements whose own part (before the integration slot) may run at once. */
  settleParallel: number;
}

export interface KernelState {
  config: KernelConfig;
  /** Tasks by id; `order` is the plan order (sorted ids), which dispatch follows. */
  tasks: Record<string, KernelTask>;
  order: readonly string[];
  /** Topological merge order (dgov-py's deterministic history). */
  mergeOrder: readonly string[];
  /** Each task's group of tasks connected by dependencies (its smallest id). */
  component: Record<string, string>;
  /** Tasks in the order they entered `reviewing` (the order settlements start in). */
  arrivals: string[];
  /** Tasks in the order their settlement's own part finished (merge order `ready`). */
  prepared: string[];
  run: string | null;
  /** `--continue`: tasks found interrupted at recovery are retried, not abandoned. */
  resume: boolean;
  stopping: boolean;
  /** The `complete` action of the current run has been issued. */
  completed: boolean;
  /** Lowered worker limits per pool (a provider answering 429), for the current run. */
  limits: Record<string, number>;
  /** Why no new task may start in this run (a token or cost budget was reached), or null. */
  halted: string | null;
  /** The budget was a hard one: workers that start after it was reached are stopped at once. */
  haltStops: boolean;
}

/** What happened, as reported by the runner; persisted, then folded by `reduce`. */
export type KernelEvent =
  // `settleParallel` is absent from logs written before the settlement pipeline (one slot then).
  | { type: "run_start"; run: string; maxParallel: number; maxRetries: number; mergeOrder: MergeOrder; resume: boolean; settleParallel?: number }
  // Decisions: the runner records each proposed dispatch, settlement or integration as one of
  // these events before acting on it, so a replay follows what happened and never decides anew.
  | { type: "dag_task_dispatching"; task: string; attempt: number; inPlace: boolean }
  | { type: "settlement_started"; task: string }
  | { type: "integration_started"; task: string }
  // A settlement's own part is done: its task commit `sha` waits for the integration slot.
  | { type: "settlement_prepared"; task: string; sha: string }
  | { type: "dag_task_dispatched"; task: string; pane: string }
  | { type: "dispatch_failed"; task: string; error: string; retryable: boolean }
  | { type: "task_done"; task: string }
  | { type: "task_failed"; task: string; error: string; kind: FailureKind; retryable: boolean }
  | { type: "landing"; task: string; sha: string }
  | { type: "landing_verified"; task: string; landed: boolean }
  | { type: "merge_completed"; task: string; sha: string }
  | { type: "task_merge_failed"; task: string; error: string; retryable: boolean; phase: string }
  | { type: "task_abandoned"; task: string; reason: string }
  | { type: "shutdown_requested"; reason: string }
  // Runner observations that change what may start: a provider rate-limiting (limit = workers
  // of that pool; null lifts it) and a run budget reached (`stop`: a hard budget, whose
  // running workers are stopped too; absent in logs written before hard budgets).
  | { type: "pool_limited"; pool: string; limit: number | null }
  | { type: "run_halted"; reason: string; stop?: boolean };

/**
 * What the runner must do next. `dispatch`, `settle` and `integrate` are proposals: the runner
 * records the matching decision event (`dag_task_dispatching`, `settlement_started`,
 * `integration_started`) and acts on it.
 */
export type KernelAction =
  | { type: "dispatch"; task: string; attempt: number; lastError: string | null; inPlace: boolean }
  | { type: "fork"; task: string; depth: number; lastError: string | null }
  | { type: "settle"; task: string }
  | { type: "integrate"; task: string }
  | { type: "verify_landing"; task: string; sha: string }
  // `reason`: why a worker is stopped when it is not a shutdown (a hard budget reached).
  | { type: "kill"; task: string; reason?: string }
  | { type: "cleanup"; task: string }
  | { type: "complete"; status: RunStatus };

export type EventType = KernelEvent["type"];
export const KERNEL_EVENTS: readonly EventType[] = [
  "run_start", "dag_task_dispatching", "settlement_started", "integration_started", "settlement_prepared", "dag_task_dispatched", "dispatch_failed", "task_done", "task_failed", "landing",
  "landing_verified", "merge_completed", "task_merge_failed", "task_abandoned", "shutdown_requested", "pool_limited", "run_halted",
];
