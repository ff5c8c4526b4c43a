import { topologicalOrder } from "./order.ts";
import type { KernelConfig, KernelState, KernelTask } from "./types.ts";

export interface KernelTaskSpec {
  id: string;
  deps: readonly string[];
  /** Fresh-context continuations allowed when a worker runs out of iterations. */
  maxForks: number;
}

export const DEFAULT_CONFIG: KernelConfig = { maxParallel: 4, maxRetries: 3, mergeOrder: "topological", settleRetries: 1 };

/**
 * A kernel for a plan: every task pending, except those the deploy log says already landed
 * (the deploy log is the authority on what merged; they are `merged` before any replay).
 */
export function createKernel(specs: readonly KernelTaskSpec[], landed: ReadonlyMap<string, string> = new Map()): KernelState {
  const order = specs.map((s) => s.id).sort();
  const tasks: Record<string, KernelTask> = {};
  for (const id of order) {
    const spec = specs.find((s) => s.id === id)!;
    const sha = landed.get(id) ?? null;
    tasks[id] = {
      id,
      deps: spec.deps,
      state: sha === null ? "pending" : "merged",
      attempt: 0,
      retries: 0,
      forks: 0,
      maxForks: spec.maxForks,
      settleRetries: 0,
      inPlace: false,
      lastError: null,
      landing: null,
      sha,
    };
  }
  const mergeOrder = topologicalOrder(new Map(specs.map((s) => [s.id, s.deps])));
  return { config: DEFAULT_CONFIG, tasks, order, mergeOrder, arrivals: [], run: null, resume: false, stopping: false, completed: false };
}
