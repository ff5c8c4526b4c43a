import { failAttempt, rejectSettlement } from "./policy.ts";
import { canDispatch, canIntegrate, canSettle, cascade, schedule } from "./schedule.ts";
import type { KernelAction, KernelEvent, KernelState, KernelTask, TaskState } from "./types.ts";
import { UNMERGED_END } from "./types.ts";

type Handler<E> = (state: KernelState, event: E) => KernelAction[];
type Handlers = { [K in KernelEvent["type"]]: Handler<Extract<KernelEvent, { type: K }>> };

/** The task an event names, if it exists and is in one of `states`: stale events change nothing. */
function taskIn(state: KernelState, id: string, ...states: TaskState[]): KernelTask | undefined {
  const task = state.tasks[id];
  return task && states.includes(task.state) ? task : undefined;
}

/**
 * A new run: configuration from the event, and recovery of whatever the previous run left in
 * flight. A task caught mid-landing is verified against the target branch; every other
 * in-flight task is abandoned (or, with `--continue`, made pending again). With `--continue`,
 * every task that ended without merging is retried with a fresh budget.
 */
function runStart(state: KernelState, e: Extract<KernelEvent, { type: "run_start" }>): KernelAction[] {
  state.config = { ...state.config, maxParallel: e.maxParallel, maxRetries: e.maxRetries, mergeOrder: e.mergeOrder, settleParallel: e.settleParallel ?? 1 };
  state.run = e.run;
  state.resume = e.resume;
  state.stopping = false;
  state.completed = false;
  state.arrivals = [];
  state.prepared = [];
  state.limits = {};
  state.halted = null;
  state.haltStops = false;
  const actions: KernelAction[] = [];
  for (const id of state.order) {
    const task = state.tasks[id]!;
    // The previous run's worker and worktree state are gone: the next dispatch starts fresh.
    task.inPlace = false;
    task.prepared = false;
    task.integrating = false;
    if (task.state === "settling" && task.landing !== null) {
      actions.push({ type: "verify_landing", task: id, sha: task.landing });
    } else if (["dispatching", "active", "reviewing", "settling"].includes(task.state)) {
      task.lastError = `interrupted: the previous run stopped while this task was ${task.state}`;
      task.state = "abandoned";
    }
  }
  if (e.resume) {
    for (const id of state.order) {
      const task = state.tasks[id]!;
      if (!UNMERGED_END.has(task.state)) continue;
      Object.assign(task, { state: "pending", retries: 0, forks: 0, settleRetries: 0, landing: null });
    }
  }
  cascade(state);
  return actions;
}

const handlers: Handlers = {
  run_start: runStart,
  dag_task_dispatching(state, e) {
    const task = state.tasks[e.task];
    if (!task || !canDispatch(state, e.task) || e.inPlace !== task.inPlace) return [];
    if (!e.inPlace) Object.assign(task, { attempt: e.attempt, forks: 0, settleRetries: 0 });
    task.state = "dispatching";
    task.inPlace = false;
    return [];
  },
  settlement_started(state, e) {
    const task = state.tasks[e.task];
    if (task && canSettle(state, e.task)) Object.assign(task, { state: "settling", prepared: false, integrating: false });
    return [];
  },
  settlement_prepared(state, e) {
    const task = taskIn(state, e.task, "settling");
    if (!task || task.prepared || task.integrating) return [];
    task.prepared = true;
    state.prepared.push(task.id);
    return [];
  },
  integration_started(state, e) {
    const task = state.tasks[e.task];
    if (task && canIntegrate(state, e.task)) Object.assign(task, { prepared: false, integrating: true });
    return [];
  },
  dag_task_dispatched(state, e) {
    const task = taskIn(state, e.task, "dispatching");
    if (!task) return [];
    task.state = "active";
    // A launch that finished after a shutdown began (or a hard budget was reached) is stopped at once.
    if (state.stopping) return [{ type: "kill", task: task.id }];
    return state.haltStops ? [{ type: "kill", task: task.id, reason: `stopped: ${state.halted}` }] : [];
  },
  dispatch_failed(state, e) {
    const task = taskIn(state, e.task, "dispatching");
    return task ? failAttempt(state, task, e.error, "error", e.retryable) : [];
  },
  task_done(state, e) {
    const task = taskIn(state, e.task, "active");
    if (!task) return [];
    if (state.stopping) {
      task.state = "abandoned";
      task.lastError = "interrupted before settlement";
      cascade(state);
      return [];
    }
    task.state = "reviewing";
    state.arrivals.push(task.id);
    return [];
  },
  task_failed(state, e) {
    const task = taskIn(state, e.task, "active", "dispatching");
    return task ? failAttempt(state, task, e.error, e.kind, e.retryable) : [];
  },
  landing(state, e) {
    const task = taskIn(state, e.task, "settling");
    if (task) task.landing = e.sha;
    return [];
  },
  landing_verified(state, e) {
    const task = taskIn(state, e.task, "settling");
    if (!task || task.landing === null) return [];
    if (e.landed) return merged(task, task.landing);
    task.landing = null;
    task.lastError = "interrupted before landing";
    task.state = state.resume ? "pending" : "abandoned";
    cascade(state);
    return [];
  },
  merge_completed(state, e) {
    const task = taskIn(state, e.task, "settling");
    return task ? merged(task, e.sha) : [];
  },
  task_merge_failed(state, e) {
    const task = taskIn(state, e.task, "settling");
    if (!task) return [];
    Object.assign(task, { landing: null, prepared: false, integrating: false });
    return rejectSettlement(state, task, e.error, e.retryable);
  },
  task_abandoned(state, e) {
    const task = taskIn(state, e.task, "dispatching", "active", "reviewing", "settling");
    if (!task) return [];
    Object.assign(task, { state: "abandoned", prepared: false, integrating: false });
    task.lastError = e.reason;
    cascade(state);
    return [];
  },
  pool_limited(state, e) {
    if (e.limit === null) delete state.limits[e.pool];
    else state.limits[e.pool] = Math.max(1, e.limit);
    return [];
  },
  run_halted(state, e) {
    state.halted ??= e.reason;
    if (!e.stop) return [];
    state.haltStops = true;
    // A hard budget: the workers that spend it stop now; settlements (no tokens) finish.
    const reason = `stopped: ${e.reason}`;
    return state.order.filter((id) => ["dispatching", "active"].includes(state.tasks[id]!.state)).map((task) => ({ type: "kill" as const, task, reason }));
  },
  shutdown_requested(state) {
    state.stopping = true;
    const actions: KernelAction[] = [];
    for (const id of state.order) {
      const task = state.tasks[id]!;
      if (task.state === "reviewing") {
        task.state = "abandoned";
        task.lastError = "interrupted while queued for settlement";
      } else if (["dispatching", "active", "settling"].includes(task.state)) actions.push({ type: "kill", task: id });
    }
    cascade(state);
    return actions;
  },
};

function merged(task: KernelTask, sha: string): KernelAction[] {
  task.state = "merged";
  task.integrating = false;
  task.sha = sha;
  task.landing = null;
  task.lastError = null;
  return [{ type: "cleanup", task: task.id }];
}

/** Applies one event to a draft in place: the transition, then (live only) scheduling. */
function apply(draft: KernelState, event: KernelEvent, live: boolean): KernelAction[] {
  const handler = handlers[event.type] as Handler<KernelEvent> | undefined;
  if (!handler) return [];
  const actions = handler(draft, event);
  return live ? [...actions, ...schedule(draft)] : actions;
}

function clone(state: KernelState): KernelState {
  const tasks: Record<string, KernelTask> = {};
  for (const id of state.order) tasks[id] = { ...state.tasks[id]! };
  return { ...state, config: { ...state.config }, tasks, arrivals: [...state.arrivals], prepared: [...state.prepared], limits: { ...state.limits } };
}

/**
 * The kernel: `(state, event) → [state, actions]`, pure and total. Unknown events and
 * events that do not match a task's state change nothing; the input state is never mutated.
 */
export function reduce(state: KernelState, event: KernelEvent): [KernelState, KernelAction[]] {
  const draft = clone(state);
  return [draft, apply(draft, event, true)];
}

/**
 * Folds a recorded event log through the same transitions. Nothing is proposed: decisions
 * are in the log as events, and actions are discarded, so scheduling is skipped.
 */
export function replay(state: KernelState, events: Iterable<KernelEvent>): KernelState {
  const draft = clone(state);
  for (const event of events) apply(draft, event, false);
  draft.completed = false;
  return draft;
}
