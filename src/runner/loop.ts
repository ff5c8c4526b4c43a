import { reduce } from "../kernel/reduce.ts";
import type { KernelAction, KernelEvent, KernelState, TaskState } from "../kernel/types.ts";

/** A task that changed state, for progress output. */
export interface Transition {
  task: string;
  from: TaskState;
  to: TaskState;
  event: KernelEvent;
}

export interface LoopOptions {
  state: KernelState;
  /** Persists an event; throwing stops the run (an event is never dropped). */
  persist(event: KernelEvent): void;
  /** Starts the effect of an action; must not block (long work runs in the background). */
  execute(action: KernelAction): void;
  onTransition?(t: Transition, state: KernelState): void;
}

export interface Loop {
  /** Sends an event; resolves once it is persisted and folded into the kernel. */
  post(event: KernelEvent): Promise<void>;
  state(): KernelState;
}

/** The decision event the runner records for a proposed dispatch, settlement or integration. */
export function decisionOf(action: KernelAction): KernelEvent | null {
  if (action.type === "dispatch") return { type: "dag_task_dispatching", task: action.task, attempt: action.attempt, inPlace: action.inPlace };
  if (action.type === "settle") return { type: "settlement_started", task: action.task };
  if (action.type === "integrate") return { type: "integration_started", task: action.task };
  return null;
}

/** Did the kernel take the decision `action` proposed? (Its state says so.) */
function taken(state: KernelState, action: KernelAction): boolean {
  const task = state.tasks[(action as { task: string }).task];
  if (action.type === "dispatch") return task?.state === "dispatching";
  if (action.type === "settle") return task?.state === "settling";
  return task?.integrating === true;
}

/**
 * The runner's actor loop: one inbox of events, handled one at a time. Each event is
 * persisted, then reduced; each action starts an effect that reports back by posting events.
 * A proposed decision is recorded and reduced at once, before anything else is handled.
 */
export function createLoop(opts: LoopOptions): Loop {
  let state = opts.state;
  const inbox: { event: KernelEvent; done: () => void; fail: (e: unknown) => void }[] = [];
  let draining = false;
  let broken: unknown = null;

  const handle = (event: KernelEvent) => {
    opts.persist(event);
    const before = state;
    const [next, actions] = reduce(state, event);
    state = next;
    for (const id of next.order) {
      const from = before.tasks[id]!.state;
      const to = next.tasks[id]!.state;
      if (from !== to) opts.onTransition?.({ task: id, from, to, event }, next);
    }
    for (const action of actions) {
      const decision = decisionOf(action);
      if (decision) {
        handle(decision);
        if (!taken(state, action)) continue;
      }
      opts.execute(action);
    }
  };

  const drain = () => {
    if (draining) return;
    draining = true;
    while (inbox.length > 0) {
      const item = inbox.shift()!;
      if (broken) {
        item.fail(broken);
        continue;
      }
      try {
        handle(item.event);
        item.done();
      } catch (error) {
        broken = error;
        item.fail(error);
      }
    }
    draining = false;
  };

  return {
    post(event) {
      return new Promise<void>((done, fail) => {
        inbox.push({ event, done, fail });
        drain();
      });
    },
    state: () => state,
  };
}
