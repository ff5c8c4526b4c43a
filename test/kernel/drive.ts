/** Drives the kernel as the runner does: each proposed decision is recorded and fed back at once. */
import { reduce } from "../../src/kernel/reduce.ts";
import type { KernelAction, KernelEvent, KernelState } from "../../src/kernel/types.ts";
import { decisionOf } from "../../src/runner/loop.ts";

export { decisionOf };

export interface Driven {
  state: KernelState;
  /** Every action, proposals included. */
  actions: KernelAction[];
  /** Every event as it would be persisted, decision events included. */
  log: KernelEvent[];
}

export function drive(state: KernelState, events: KernelEvent[]): Driven {
  const actions: KernelAction[] = [];
  const log: KernelEvent[] = [];
  const queue = [...events];
  while (queue.length > 0) {
    const event = queue.shift()!;
    log.push(event);
    const [next, out] = reduce(state, event);
    state = next;
    actions.push(...out);
    const decisions = out.map(decisionOf).filter((e): e is KernelEvent => e !== null);
    queue.unshift(...decisions);
  }
  return { state, actions, log };
}
