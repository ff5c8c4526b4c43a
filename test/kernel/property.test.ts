/**
 * Random plans, random outcomes, random order: a simulated environment answers every action
 * (launch, work, settlement, kill, landing check) whenever it likes, with any result, while
 * shutdowns and crashes (replay of the recorded log, then a new run) strike at random.
 * After every event: at most one task integrates (candidate and landing), and in its turn of
 * the merge order; no more settlements run their own part than allowed; no task runs before its
 * dependencies merged; no more workers than allowed; no worker starts that would only add to a
 * full queue of finished tasks. When the environment has nothing left to answer, the run has
 * completed and no task is stuck in flight.
 */
import { describe, expect, test } from "bun:test";
import { createKernel, type KernelTaskSpec } from "../../src/kernel/init.ts";
import { reduce, replay } from "../../src/kernel/reduce.ts";
import { IN_FLIGHT, type KernelAction, TERMINAL, type KernelEvent, type KernelState, type MergeOrder } from "../../src/kernel/types.ts";
import { decisionOf } from "./drive.ts";

function rng(seed: number) {
  let s = seed;
  return {
    next: () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648,
    int(n: number) {
      return Math.floor(this.next() * n);
    },
    pick<T>(items: T[]): T {
      return items[this.int(items.length)]!;
    },
  };
}

function invariants(state: KernelState): void {
  const tasks = state.order.map((id) => state.tasks[id]!);
  expect(tasks.filter((t) => t.integrating).length).toBeLessThanOrEqual(1);
  expect(tasks.filter((t) => t.state === "settling" && !t.prepared && !t.integrating).length).toBeLessThanOrEqual(state.config.settleParallel);
  for (const t of tasks) {
    if (t.integrating) expect(t.state).toBe("settling");
    if (!t.integrating || state.config.mergeOrder === "ready") continue;
    // In its turn: every task before it in merge order (of its group, for `component`) has ended.
    const before = state.mergeOrder.slice(0, state.mergeOrder.indexOf(t.id));
    const ahead = state.config.mergeOrder === "topological" ? before : before.filter((id) => state.component[id] === state.component[t.id]);
    for (const id of ahead) expect(TERMINAL.has(state.tasks[id]!.state)).toBe(true);
  }
  expect(tasks.filter((t) => t.state === "dispatching" || t.state === "active").length).toBeLessThanOrEqual(state.config.maxParallel);
  for (const t of tasks) {
    if (IN_FLIGHT.has(t.state)) for (const d of t.deps) expect(state.tasks[d]!.state).toBe("merged");
  }
}

/**
 * Backpressure: with max_parallel finished tasks waiting (queued, or prepared for the slot), a
 * new worker starts only for an in-place retry or for a task a waiting one waits on to land.
 */
function admitted(state: KernelState, task: string): void {
  const waiting = state.order.filter((id) => {
    const t = state.tasks[id]!;
    return t.state === "reviewing" || (t.state === "settling" && t.prepared && !t.integrating);
  });
  if (waiting.length < state.config.maxParallel || state.tasks[task]!.inPlace) return;
  const before = (w: string) => state.mergeOrder.indexOf(task) < state.mergeOrder.indexOf(w);
  const sameScope = (w: string) => state.config.mergeOrder === "topological" || state.component[w] === state.component[task];
  expect(state.config.mergeOrder).not.toBe("ready");
  expect(waiting.some((w) => sameScope(w) && before(w))).toBe(true);
}

type Pending = "launch" | "work" | "settle" | "integrate" | "kill" | "verify";

/** Runs one scenario; true when it ran to completion (not cut by the step budget). */
function scenario(seed: number): boolean {
  const r = rng(seed);
  const n = 2 + r.int(7);
  const specs: KernelTaskSpec[] = Array.from({ length: n }, (_, i) => ({
    id: `t${i}`,
    deps: Array.from({ length: i }, (_, j) => `t${j}`).filter(() => r.next() < 0.3),
    maxForks: r.int(2),
  }));
  const start = (run: string, resume: boolean): KernelEvent => ({
    type: "run_start", run, maxParallel: 1 + r.int(3), maxRetries: r.int(3), mergeOrder: r.pick<MergeOrder>(["component", "topological", "ready"]), resume, settleParallel: 1 + r.int(3),
  });
  let state = createKernel(specs);
  const log: KernelEvent[] = [];
  const pending = new Map<string, Pending>();
  let completed = false;
  let landingSha = 0;

  const feed = (event: KernelEvent) => {
    const queue = [event];
    while (queue.length) {
      const e = queue.shift()!;
      log.push(e);
      let actions: KernelAction[];
      [state, actions] = reduce(state, e);
      invariants(state);
      for (const a of actions) {
        const decision = decisionOf(a);
        if (decision) queue.unshift(decision);
        if (a.type === "dispatch") admitted(state, a.task);
        if (a.type === "dispatch") pending.set(a.task, "launch");
        else if (a.type === "settle") pending.set(a.task, "settle");
        else if (a.type === "integrate") pending.set(a.task, "integrate");
        else if (a.type === "fork") pending.set(a.task, "work");
        else if (a.type === "kill") pending.set(a.task, "kill");
        else if (a.type === "verify_landing") pending.set(a.task, "verify");
        else if (a.type === "complete") completed = true;
      }
    }
  };
  const answer = (task: string, kind: Pending): KernelEvent => {
    const failure = () => ({ error: "boom", retryable: r.next() < 0.6 });
    switch (kind) {
      case "launch":
        return r.next() < 0.85 ? { type: "dag_task_dispatched", task, pane: "p" } : { type: "dispatch_failed", task, ...failure() };
      case "work":
        return r.next() < 0.6 ? { type: "task_done", task } : { type: "task_failed", task, kind: r.pick(["error", "timeout", "exhausted"] as const), ...failure() };
      case "settle": {
        // Its own part: prepared for the integration slot, rejected, or (a read-only task) done.
        const roll = r.next();
        if (roll < 0.6) return { type: "settlement_prepared", task, sha: "t" };
        return roll < 0.75 ? { type: "merge_completed", task, sha: "s" } : { type: "task_merge_failed", task, phase: "review", ...failure() };
      }
      case "integrate":
        if (r.next() < 0.3 && state.tasks[task]!.landing === null) return { type: "landing", task, sha: `c${landingSha++}` };
        return r.next() < 0.7 ? { type: "merge_completed", task, sha: "s" } : { type: "task_merge_failed", task, phase: "isolated", ...failure() };
      case "verify":
        return { type: "landing_verified", task, landed: r.next() < 0.5 };
      case "kill":
        // Only a settlement can still land after the kill; a worker or launch just stops.
        if (state.tasks[task]!.state === "settling" && r.next() < 0.2) return { type: "merge_completed", task, sha: "s" };
        return { type: "task_abandoned", task, reason: "shutdown" };
    }
  };

  feed(start("r0", false));
  let runs = 0;
  for (let step = 0; step < 400 && pending.size > 0; step++) {
    const roll = r.next();
    if (roll < 0.02 && !state.stopping) {
      feed({ type: "shutdown_requested", reason: "signal" });
    } else if (roll < 0.04 && runs < 3) {
      // A crash: every process is gone; the next run replays the log and recovers.
      pending.clear();
      completed = false;
      state = replay(createKernel(specs), log);
      feed(start(`r${++runs}`, r.next() < 0.5));
    } else {
      const [task, kind] = r.pick([...pending.entries()]);
      const event = answer(task, kind);
      if (kind !== "integrate" || event.type !== "landing") pending.delete(task);
      // A launched worker owes an outcome next (a kill from a shutdown replaces it).
      if (event.type === "dag_task_dispatched") pending.set(task, "work");
      feed(event);
      // Stale duplicates must change nothing.
      if (r.next() < 0.1) feed(event);
    }
  }
  if (pending.size > 0) return false; // Step budget reached; invariants held throughout.
  expect(completed).toBe(true);
  expect(state.order.filter((id) => IN_FLIGHT.has(state.tasks[id]!.state))).toEqual([]);
  return true;
}

describe("kernel properties", () => {
  test("hold over 1,500 random scenarios, nearly all run to completion", () => {
    let finished = 0;
    for (let seed = 1; seed <= 1500; seed++) if (scenario(seed)) finished++;
    expect(finished).toBeGreaterThan(1400);
  });
});
