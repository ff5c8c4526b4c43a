import { IN_FLIGHT, type KernelAction, type KernelState, type RunStatus, TERMINAL, UNMERGED_END } from "./types.ts";

/**
 * Every pending task with a dependency that ended without merging is skipped, transitively:
 * it can never run. Other states are left alone (they cannot depend on an unmerged task).
 */
export function cascade(state: KernelState): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const id of state.order) {
      const task = state.tasks[id]!;
      if (task.state !== "pending") continue;
      const blocker = task.deps.find((d) => UNMERGED_END.has(state.tasks[d]?.state ?? "merged"));
      if (!blocker) continue;
      task.state = "skipped";
      task.lastError = `skipped: dependency '${blocker}' ended ${state.tasks[blocker]!.state}`;
      changed = true;
    }
  }
}

/** Has every task before `id` in merge order within its group ended? */
function groupAheadDone(state: KernelState, id: string): boolean {
  for (const other of state.mergeOrder) {
    if (other === id) return true;
    if (state.component[other] === state.component[id] && !TERMINAL.has(state.tasks[other]!.state)) return false;
  }
  return true;
}

/**
 * The next task to settle, if the slot is free: the first to arrive whose turn it is — in
 * `component` order, once the tasks before it in its own group have ended (other groups never
 * hold it up); in `ready` order, at once; in `topological` order, once every task before it has.
 */
function nextToSettle(state: KernelState): string | undefined {
  if (state.order.some((id) => state.tasks[id]!.state === "settling")) return undefined;
  if (state.config.mergeOrder === "ready") {
    return state.arrivals.find((id) => state.tasks[id]!.state === "reviewing");
  }
  if (state.config.mergeOrder === "component") {
    return state.arrivals.find((id) => state.tasks[id]!.state === "reviewing" && groupAheadDone(state, id));
  }
  for (const id of state.mergeOrder) {
    const s = state.tasks[id]!.state;
    if (s === "reviewing") return id;
    // An earlier task that has not finished blocks the queue: history stays deterministic.
    if (!TERMINAL.has(s)) return undefined;
  }
  return undefined;
}

function dispatchable(state: KernelState, id: string): boolean {
  const task = state.tasks[id]!;
  return task.state === "pending" && task.deps.every((d) => state.tasks[d]?.state === "merged");
}

/** The run's outcome from the final states: all merged, some, none; or interrupted. */
export function runStatus(state: KernelState): RunStatus {
  if (state.stopping) return "interrupted";
  const tasks = state.order.map((id) => state.tasks[id]!);
  const merged = tasks.filter((t) => t.state === "merged").length;
  if (merged === tasks.length) return "complete";
  return merged > 0 ? "partial" : "failed";
}

/** Workers running, overall or in one pool. */
function running(state: KernelState, pool?: string): number {
  let n = 0;
  for (const id of state.order) {
    const t = state.tasks[id]!;
    if ((t.state === "dispatching" || t.state === "active") && (pool === undefined || t.pool === pool)) n++;
  }
  return n;
}

/** Is there a slot for `id`: overall, and in its pool when that pool is limited? */
function hasSlot(state: KernelState, id: string): boolean {
  if (running(state) >= state.config.maxParallel) return false;
  const pool = state.tasks[id]!.pool;
  const limit = state.limits[pool];
  return limit === undefined || running(state, pool) < limit;
}

/** May new work start at all in this run? */
const open = (state: KernelState) => state.run !== null && !state.stopping && state.halted === null;

/** May `id` start now: a slot free, pending, every dependency merged? */
export function canDispatch(state: KernelState, id: string): boolean {
  return open(state) && dispatchable(state, id) && hasSlot(state, id);
}

/** May `id` take the settlement slot now? */
export function canSettle(state: KernelState, id: string): boolean {
  return !state.stopping && nextToSettle(state) === id;
}

/**
 * Proposes the next decision (at most one: a settlement first, else the first dispatch in plan
 * order), or completes the run when nothing is in flight and nothing can start. Proposals do
 * not change state; their decision events do, when the runner records them.
 */
export function schedule(state: KernelState): KernelAction[] {
  if (!state.stopping) {
    const settle = nextToSettle(state);
    if (settle) return [{ type: "settle", task: settle }];
    const next = open(state) ? state.order.find((id) => dispatchable(state, id) && hasSlot(state, id)) : undefined;
    if (next) {
      const task = state.tasks[next]!;
      // An in-place retry continues the current attempt in its worktree; anything else is a new one.
      const attempt = task.inPlace ? task.attempt : task.attempt + 1;
      return [{ type: "dispatch", task: next, attempt, lastError: task.lastError, inPlace: task.inPlace }];
    }
  }
  const busy = state.order.some((id) => IN_FLIGHT.has(state.tasks[id]!.state));
  const startable = open(state) && state.order.some((id) => dispatchable(state, id));
  if (!busy && !startable && state.run !== null && !state.completed) {
    state.completed = true;
    return [{ type: "complete", status: runStatus(state) }];
  }
  return [];
}
