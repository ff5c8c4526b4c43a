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

/** Each group's tasks in merge order, per plan (its merge order and groups never change). */
const groupOrders = new WeakMap<readonly string[], Map<string, string[]>>();

function groupOrder(state: KernelState): Map<string, string[]> {
  let groups = groupOrders.get(state.mergeOrder);
  if (!groups) {
    groups = new Map();
    for (const id of state.mergeOrder) {
      const group = state.component[id]!;
      groups.get(group)?.push(id) ?? groups.set(group, [id]);
    }
    groupOrders.set(state.mergeOrder, groups);
  }
  return groups;
}

/**
 * Whose turn to land it is, asked of tasks that have not ended: in `ready` order anyone's at
 * once; in `component` order a task's once every task before it in merge order within its own
 * group has ended (other groups never hold it up); in `topological` order once every task
 * before it has (one deterministic history): only the first task still to end, found once.
 */
function turns(state: KernelState): (id: string) => boolean {
  if (state.config.mergeOrder === "ready") return () => true;
  if (state.config.mergeOrder === "topological") {
    // Looked for on the first question only: most proposals ask none.
    let first: string | undefined | null = null;
    return (id) => id === (first === null ? (first = state.mergeOrder.find((t) => !TERMINAL.has(state.tasks[t]!.state))) : first);
  }
  const groups = groupOrder(state);
  return (id) => {
    for (const other of groups.get(state.component[id]!)!) {
      if (other === id) return true;
      if (!TERMINAL.has(state.tasks[other]!.state)) return false;
    }
    return true;
  };
}

/** Settlements running their own part (before the integration slot). */
function preparing(state: KernelState): number {
  let n = 0;
  for (const id of state.order) {
    const t = state.tasks[id]!;
    if (t.state === "settling" && !t.prepared && !t.integrating) n++;
  }
  return n;
}

/**
 * The next settlement to start, while fewer than `settleParallel` run their own part: the
 * first to arrive whose turn to land it is, else the first to arrive (its own part runs while
 * it waits for its turn).
 */
function nextToSettle(state: KernelState): string | undefined {
  if (preparing(state) >= state.config.settleParallel) return undefined;
  const queued = state.arrivals.filter((id) => state.tasks[id]!.state === "reviewing");
  return queued.find(turns(state)) ?? queued[0];
}

/** The next prepared settlement to take the integration slot, if it is free: the first prepared whose turn it is. */
function nextToIntegrate(state: KernelState): string | undefined {
  if (state.order.some((id) => state.tasks[id]!.integrating)) return undefined;
  const atTurn = turns(state);
  return state.prepared.find((id) => {
    const t = state.tasks[id]!;
    return t.state === "settling" && t.prepared && !t.integrating && atTurn(id);
  });
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

/** Workers running: overall and per pool. */
function running(state: KernelState): { all: number; pools: Map<string, number> } {
  const count = { all: 0, pools: new Map<string, number>() };
  for (const id of state.order) {
    const t = state.tasks[id]!;
    if (t.state !== "dispatching" && t.state !== "active") continue;
    count.all++;
    count.pools.set(t.pool, (count.pools.get(t.pool) ?? 0) + 1);
  }
  return count;
}

/** Is there a slot for `id`: overall, and in its pool when that pool is limited? */
function hasSlot(state: KernelState, id: string, count = running(state)): boolean {
  if (count.all >= state.config.maxParallel) return false;
  const pool = state.tasks[id]!.pool;
  const limit = state.limits[pool];
  return limit === undefined || (count.pools.get(pool) ?? 0) < limit;
}

/** Finished tasks nothing runs on: queued for settlement, or prepared and waiting for the integration slot. */
function waiting(state: KernelState): string[] {
  return state.order.filter((id) => {
    const t = state.tasks[id]!;
    return t.state === "reviewing" || (t.state === "settling" && t.prepared && !t.integrating);
  });
}

/**
 * Backpressure: which pending tasks may get a new worker, given the finished tasks waiting. Each
 * holds its worktree, disk and ports while it waits, so at `maxParallel` of them only tasks that
 * add nothing start: an in-place retry (its worktree is there) and a task whose turn to land
 * comes before a waiting one's (else that one would wait for ever).
 */
function admitted(state: KernelState, queue = waiting(state)): (id: string) => boolean {
  if (queue.length < state.config.maxParallel) return () => true;
  const inPlace = (id: string) => state.tasks[id]!.inPlace;
  if (state.config.mergeOrder === "ready") return inPlace;
  // Turns are taken over the whole plan (topological) or within a group (component).
  const scope = (id: string) => (state.config.mergeOrder === "topological" ? "" : state.component[id]!);
  const held = new Set(queue.map(scope));
  const atTurn = turns(state);
  return (id) => inPlace(id) || (held.has(scope(id)) && atTurn(id));
}

/** May new work start at all in this run? */
const open = (state: KernelState) => state.run !== null && !state.stopping && state.halted === null;

/**
 * How many finished tasks hold back a new worker: a slot is free and a task could start, but
 * the backpressure stops it (what a status line says of its idle slots); 0 when nothing is held.
 */
export function heldBack(state: KernelState): number {
  const count = running(state);
  if (!open(state) || count.all >= state.config.maxParallel) return 0;
  const queue = waiting(state);
  const admits = admitted(state, queue);
  return state.order.some((id) => dispatchable(state, id) && hasSlot(state, id, count) && !admits(id)) ? queue.length : 0;
}

/** May `id` start now: a slot free, pending, every dependency merged? */
export function canDispatch(state: KernelState, id: string): boolean {
  return open(state) && dispatchable(state, id) && hasSlot(state, id);
}

/** May `id` start settling now? */
export function canSettle(state: KernelState, id: string): boolean {
  return !state.stopping && nextToSettle(state) === id;
}

/** May `id` take the integration slot now? */
export function canIntegrate(state: KernelState, id: string): boolean {
  return !state.stopping && nextToIntegrate(state) === id;
}

/**
 * Proposes the next decision (at most one: an integration first, then a settlement, else the
 * first dispatch in plan order that the backpressure admits), or completes the run when nothing is in flight and nothing can
 * start. Proposals do not change state; their decision events do, when the runner records them.
 */
export function schedule(state: KernelState): KernelAction[] {
  if (!state.stopping) {
    const integrate = nextToIntegrate(state);
    if (integrate) return [{ type: "integrate", task: integrate }];
    const settle = nextToSettle(state);
    if (settle) return [{ type: "settle", task: settle }];
    // Counted once per proposal, not once per task looked at: a long plan stays linear.
    const count = running(state);
    const admits = open(state) && count.all < state.config.maxParallel ? admitted(state) : null;
    const next = admits ? state.order.find((id) => dispatchable(state, id) && hasSlot(state, id, count) && admits(id)) : undefined;
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
