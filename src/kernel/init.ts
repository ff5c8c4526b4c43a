import { topologicalOrder } from "./order.ts";
import type { KernelConfig, KernelState, KernelTask } from "./types.ts";

export interface KernelTaskSpec {
  id: string;
  deps: readonly string[];
  /** Fresh-context continuations allowed when a worker runs out of iterations. */
  maxForks: number;
  /** The worker pool (LLM provider) the task uses; omitted = none. */
  pool?: string;
}

/** Each task's connected group (by dependencies, either way), named by its smallest id. */
function components(specs: readonly { id: string; deps: readonly string[] }[]): Record<string, string> {
  const parent = new Map(specs.map((s) => [s.id, s.id]));
  const find = (id: string): string => {
    let x = id;
    // Path halving: every other step points at its grandparent.
    while (parent.get(x) !== x) {
      const up = parent.get(parent.get(x)!)!;
      parent.set(x, up);
      x = up;
    }
    return x;
  };
  for (const s of specs) {
    for (const d of s.deps) {
      if (!parent.has(d)) continue;
      const [a, b] = [find(s.id), find(d)];
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
    }
  }
  return Object.fromEntries(specs.map((s) => [s.id, find(s.id)]));
}

export const DEFAULT_CONFIG: KernelConfig = { maxParallel: 4, maxRetries: 3, mergeOrder: "component", settleRetries: 1, settleParallel: 1 };

/** A kernel for a plan: every task pending. */
export function createKernel(specs: readonly KernelTaskSpec[]): KernelState {
  const order = specs.map((s) => s.id).sort();
  const tasks: Record<string, KernelTask> = {};
  for (const id of order) {
    const spec = specs.find((s) => s.id === id)!;
    tasks[id] = {
      id,
      deps: spec.deps,
      state: "pending",
      attempt: 0,
      retries: 0,
      forks: 0,
      maxForks: spec.maxForks,
      settleRetries: 0,
      inPlace: false,
      lastError: null,
      landing: null,
      sha: null,
      prepared: false,
      integrating: false,
      pool: spec.pool ?? "",
    };
  }
  const mergeOrder = topologicalOrder(new Map(specs.map((s) => [s.id, s.deps])));
  return { config: DEFAULT_CONFIG, tasks, order, mergeOrder, component: components(specs), arrivals: [], prepared: [], run: null, resume: false, stopping: false, completed: false, limits: {}, halted: null, haltStops: false };
}

/**
 * Applies the deploy log, the authority on what landed, after a replay: a task it records is
 * merged whatever the events say (a crash may have cut off the event that said so).
 */
export function seedLanded(state: KernelState, landed: ReadonlyMap<string, string>): KernelState {
  const tasks = { ...state.tasks };
  for (const [id, sha] of landed) {
    const task = tasks[id];
    if (task && task.state !== "merged") tasks[id] = { ...task, state: "merged", sha, landing: null, lastError: null };
  }
  return { ...state, tasks };
}
