import { cascade } from "./schedule.ts";
import type { FailureKind, KernelAction, KernelState, KernelTask } from "./types.ts";

/**
 * What a failed attempt leads to, decided here so live runs and replays agree: a fork with
 * fresh context when the worker ran out of iterations and forks remain; a governor retry when
 * the failure is retryable and retries remain; otherwise a terminal state, which skips the
 * pending dependents. Nothing retries while the run is stopping.
 */
export function failAttempt(state: KernelState, task: KernelTask, error: string, kind: FailureKind, retryable: boolean): KernelAction[] {
  task.lastError = error;
  if (!state.stopping && kind === "exhausted" && task.forks < task.maxForks) {
    task.forks++;
    task.state = "active";
    return [{ type: "fork", task: task.id, depth: task.forks, lastError: error }];
  }
  if (!state.stopping && retryable && task.retries < state.config.maxRetries) {
    task.retries++;
    task.state = "pending";
    return [];
  }
  task.state = state.stopping ? "abandoned" : kind === "timeout" ? "timed_out" : "failed";
  cascade(state);
  return [];
}

/**
 * A settlement that rejected the change: the worker gets it back once, in the same worktree,
 * with the findings. It waits for a worker slot like any dispatch (the settlement slot is free
 * meanwhile); after that the attempt fails.
 */
export function rejectSettlement(state: KernelState, task: KernelTask, error: string, retryable: boolean): KernelAction[] {
  if (!state.stopping && retryable && task.settleRetries < state.config.settleRetries) {
    task.settleRetries++;
    task.lastError = error;
    task.inPlace = true;
    task.state = "pending";
    return [];
  }
  task.lastError = error;
  task.state = state.stopping ? "abandoned" : "failed";
  cascade(state);
  return [];
}
