import { describe, expect, test } from "bun:test";
import { createKernel, type KernelTaskSpec, seedLanded } from "../../src/kernel/init.ts";
import { reduce, replay } from "../../src/kernel/reduce.ts";
import type { KernelAction, KernelEvent, KernelState, MergeOrder } from "../../src/kernel/types.ts";
import { drive } from "./drive.ts";

const spec = (id: string, deps: string[] = [], maxForks = 1): KernelTaskSpec => ({ id, deps, maxForks });
const start = (o: Partial<Extract<KernelEvent, { type: "run_start" }>> = {}): KernelEvent => ({
  type: "run_start", run: "r1", maxParallel: 4, maxRetries: 3, mergeOrder: "topological" as MergeOrder, resume: false, ...o,
});

const run = drive;
/** The state a crashed run left: its recorded log, replayed. */
const crashedAfter = (k: KernelState, events: KernelEvent[]) => replay(k, drive(k, events).log);
const states = (s: KernelState) => Object.fromEntries(s.order.map((id) => [id, s.tasks[id]!.state]));
const types = (actions: KernelAction[]) => actions.map((a) => ("task" in a ? `${a.type}:${a.task}` : `${a.type}:${a.status}`));
const ok = (task: string, sha = `sha-${task}`): KernelEvent[] => [
  { type: "dag_task_dispatched", task, pane: `p-${task}` },
  { type: "task_done", task },
  { type: "merge_completed", task, sha },
];

describe("kernel: happy paths", () => {
  test("a single task: dispatch, active, reviewing, settling, merged, complete", () => {
    let s = createKernel([spec("a")]);
    const steps: [KernelEvent, string, string[]][] = [
      [start(), "pending", ["dispatch:a"]],
      [{ type: "dag_task_dispatching", task: "a", attempt: 1, inPlace: false }, "dispatching", []],
      [{ type: "dag_task_dispatched", task: "a", pane: "p" }, "active", []],
      [{ type: "task_done", task: "a" }, "reviewing", ["settle:a"]],
      [{ type: "settlement_started", task: "a" }, "settling", []],
      [{ type: "merge_completed", task: "a", sha: "s" }, "merged", ["cleanup:a", "complete:complete"]],
    ];
    for (const [event, state, actions] of steps) {
      const [next, out] = reduce(s, event);
      expect(next.tasks.a!.state).toBe(state as never);
      expect(types(out)).toEqual(actions);
      s = next;
    }
  });

  test("a chain dispatches each task only after its dependency merged", () => {
    const r = run(createKernel([spec("a"), spec("b", ["a"]), spec("c", ["b"])]), [start(), ...ok("a"), ...ok("b"), ...ok("c")]);
    expect(types(r.actions)).toEqual([
      "dispatch:a", "settle:a", "cleanup:a", "dispatch:b", "settle:b", "cleanup:b", "dispatch:c", "settle:c", "cleanup:c", "complete:complete",
    ]);
  });

  test("a diamond dispatches d only when b and c both merged", () => {
    let s = run(createKernel([spec("a"), spec("b", ["a"]), spec("c", ["a"]), spec("d", ["b", "c"])]), [start(), ...ok("a")]).state;
    expect(states(s)).toEqual({ a: "merged", b: "dispatching", c: "dispatching", d: "pending" });
    s = run(s, ok("b")).state;
    expect(s.tasks.d!.state).toBe("pending");
    const last = run(s, ok("c"));
    expect(types(last.actions)).toContain("dispatch:d");
  });

  test("independent tasks start together, up to max_parallel", () => {
    const r = run(createKernel(["a", "b", "c"].map((id) => spec(id))), [start({ maxParallel: 2 })]);
    expect(types(r.actions)).toEqual(["dispatch:a", "dispatch:b"]);
    const next = run(r.state, [{ type: "dag_task_dispatched", task: "a", pane: "p" }, { type: "task_done", task: "a" }]);
    expect(types(next.actions)).toEqual(["settle:a", "dispatch:c"]);
  });
});

describe("kernel: settlements side by side, one integration at a time, in merge order", () => {
  const two = (o: Partial<Extract<KernelEvent, { type: "run_start" }>> = {}) =>
    run(createKernel([spec("a"), spec("b")]), [start({ settleParallel: 2, ...o }), { type: "dag_task_dispatched", task: "a", pane: "p" }, { type: "dag_task_dispatched", task: "b", pane: "q" }]).state;
  const prepared = (task: string): KernelEvent => ({ type: "settlement_prepared", task, sha: `c-${task}` });

  test("topological order: a later task settles its own part at once, then waits behind an earlier unfinished one to land", () => {
    const r = run(two(), [{ type: "task_done", task: "b" }, prepared("b")]);
    expect(types(r.actions)).toEqual(["settle:b"]);
    expect(states(r.state)).toEqual({ a: "active", b: "settling" });
    expect(r.state.tasks.b).toMatchObject({ prepared: true, integrating: false });
    const next = run(r.state, [{ type: "task_done", task: "a" }, prepared("a")]);
    expect(types(next.actions)).toEqual(["settle:a", "integrate:a"]);
    expect(types(run(next.state, [{ type: "merge_completed", task: "a", sha: "x" }]).actions)).toEqual(["cleanup:a", "integrate:b"]);
  });

  test("own parts run side by side up to settleParallel; the rest queue in arrival order", () => {
    const k = createKernel(["a", "b", "c"].map((id) => spec(id)));
    const s = run(k, [start({ settleParallel: 2, mergeOrder: "ready" }), ...["a", "b", "c"].map((task): KernelEvent => ({ type: "dag_task_dispatched", task, pane: task }))]).state;
    const r = run(s, [{ type: "task_done", task: "c" }, { type: "task_done", task: "a" }, { type: "task_done", task: "b" }]);
    expect(types(r.actions)).toEqual(["settle:c", "settle:a"]);
    // c is prepared: it integrates, and its freed own-part place goes to b.
    const next = run(r.state, [prepared("c")]);
    expect(types(next.actions)).toEqual(["integrate:c", "settle:b"]);
    // The integration slot is one: a, prepared meanwhile, waits for c to land.
    const after = run(next.state, [prepared("a")]);
    expect(types(after.actions)).toEqual([]);
    expect(types(run(after.state, [{ type: "merge_completed", task: "c", sha: "c" }]).actions)).toEqual(["cleanup:c", "integrate:a"]);
  });

  test("a run started before the pipeline (no settleParallel in its log) settles one at a time", () => {
    const { settleParallel: _, ...old } = start() as Extract<KernelEvent, { type: "run_start" }>;
    const s = run(createKernel([spec("a"), spec("b")]), [old, { type: "dag_task_dispatched", task: "a", pane: "p" }, { type: "dag_task_dispatched", task: "b", pane: "q" }]).state;
    const r = run(s, [{ type: "task_done", task: "a" }, { type: "task_done", task: "b" }]);
    expect(types(r.actions)).toEqual(["settle:a"]);
    expect(r.state.config.settleParallel).toBe(1);
  });

  test("ready order: whoever is prepared first lands first", () => {
    const r = run(two({ mergeOrder: "ready" }), [{ type: "task_done", task: "a" }, { type: "task_done", task: "b" }, prepared("b"), prepared("a")]);
    expect(types(r.actions)).toEqual(["settle:a", "settle:b", "integrate:b"]);
    expect(r.state.tasks.b!.integrating).toBe(true);
  });

  test("component order (the default): an independent task lands at once; one of the same group waits its turn", () => {
    // a1 → a2 and b1 → b2 are two groups; x and y are one through z, which needs both.
    const k = createKernel([spec("a1"), spec("a2", ["a1"]), spec("b1"), spec("b2", ["b1"]), spec("x"), spec("y"), spec("z", ["x", "y"])]);
    expect(k.component).toEqual({ a1: "a1", a2: "a1", b1: "b1", b2: "b1", x: "x", y: "x", z: "x" });
    const s = run(k, [start({ mergeOrder: "component", maxParallel: 8, settleParallel: 2 }), ...["a1", "b1", "x", "y"].map((task): KernelEvent => ({ type: "dag_task_dispatched", task, pane: task }))]).state;
    // b1 finishes while a1, earlier in the plan's topological order, still works: it lands now.
    const r = run(s, [{ type: "task_done", task: "b1" }, prepared("b1")]);
    expect(types(r.actions)).toEqual(["settle:b1", "integrate:b1"]);
    // y finishes before x of its own group: it settles its own part, then waits for x to land.
    const after = run(r.state, [{ type: "merge_completed", task: "b1", sha: "b" }, { type: "task_done", task: "y" }, prepared("y")]);
    expect(states(after.state)).toMatchObject({ b1: "merged", y: "settling", x: "active" });
    expect(types(after.actions).filter((a) => a.startsWith("integrate"))).toEqual([]);
    const next = run(after.state, [{ type: "task_done", task: "x" }, prepared("x")]);
    expect(types(next.actions)).toEqual(["settle:x", "integrate:x"]);
    expect(types(run(next.state, [{ type: "merge_completed", task: "x", sha: "x" }]).actions)).toContain("integrate:y");
  });

  test("component order: a retry in one group does not hold up a finished task of another", () => {
    const r = run(two({ mergeOrder: "component" }), [{ type: "task_failed", task: "a", error: "crashed", kind: "error", retryable: true }, { type: "task_done", task: "b" }, prepared("b")]);
    expect(types(r.actions)).toContain("integrate:b");
  });

  test("a failed earlier task does not block the queue", () => {
    const r = run(two(), [{ type: "task_done", task: "b" }, prepared("b"), { type: "task_failed", task: "a", error: "boom", kind: "error", retryable: false }]);
    expect(states(r.state)).toEqual({ a: "failed", b: "settling" });
    expect(r.state.tasks.b!.integrating).toBe(true);
  });

  test("a shutdown kills a prepared settlement waiting for its turn; it cannot take the slot after", () => {
    const r = run(two(), [{ type: "task_done", task: "b" }, prepared("b"), { type: "shutdown_requested", reason: "signal" }]);
    expect(types(r.actions)).toContain("kill:b");
    const late = run(r.state, [{ type: "integration_started", task: "b" }]);
    expect(late.state.tasks.b!.integrating).toBe(false);
  });
});

describe("kernel: backpressure", () => {
  const done = (...tasks: string[]) => tasks.flatMap((task): KernelEvent[] => [{ type: "dag_task_dispatched", task, pane: task }, { type: "task_done", task }]);
  const prepared = (task: string): KernelEvent => ({ type: "settlement_prepared", task, sha: `c-${task}` });

  test("no new worker starts while max_parallel finished tasks wait; one starts as the queue drains", () => {
    const k = createKernel(["a", "b", "c", "d", "e"].map((id) => spec(id)));
    // a settles its own part; b, c and d finished behind it: three wait, two slots are free.
    const s = run(k, [start({ maxParallel: 2, settleParallel: 1, mergeOrder: "ready" }), ...done("a", "b", "c", "d")]).state;
    expect(states(s)).toEqual({ a: "settling", b: "reviewing", c: "reviewing", d: "reviewing", e: "pending" });
    // a lands, b settles: c and d still wait, at the bound.
    const r = run(s, [prepared("a"), { type: "merge_completed", task: "a", sha: "a" }]);
    expect(types(r.actions)).toEqual(["integrate:a", "settle:b", "cleanup:a"]);
    // b's own part is done and it integrates, c settles: one waits, so e starts.
    expect(types(run(r.state, [prepared("b")]).actions)).toEqual(["integrate:b", "settle:c", "dispatch:e"]);
  });

  test("at the bound, a task whose turn to land comes first still starts: the waiting ones wait for it", () => {
    const k = createKernel(["a", "b", "c", "d", "e"].map((id) => spec(id)));
    const s = run(k, [start({ maxParallel: 2, settleParallel: 2 }), { type: "dag_task_dispatched", task: "a", pane: "a" }, ...["b", "c", "d"].flatMap((t) => [...done(t), prepared(t)])]).state;
    // In topological order b, c and d wait behind a; e, after them, may not start.
    expect(states(s)).toEqual({ a: "active", b: "settling", c: "settling", d: "settling", e: "pending" });
    // a is to try again: it is dispatched at the bound, as nothing could land without it; e is not.
    const r = run(s, [{ type: "task_failed", task: "a", error: "crashed", kind: "error", retryable: true }]);
    expect(types(r.actions)).toEqual(["dispatch:a"]);
    expect(r.state.tasks.e!.state).toBe("pending");
  });
});

describe("kernel: retries, forks and failures", () => {
  const failed = (retryable = true, kind: "error" | "timeout" | "exhausted" = "error"): KernelEvent => ({ type: "task_failed", task: "a", error: "crashed", kind, retryable });
  const launched: KernelEvent = { type: "dag_task_dispatched", task: "a", pane: "p" };

  test("a retryable failure is retried with the error, max_retries times, then fails", () => {
    const r = run(createKernel([spec("a")]), [start({ maxRetries: 2 }), launched, failed(), launched, failed(), launched, failed()]);
    expect(r.actions.filter((a) => a.type === "dispatch")).toEqual([
      { type: "dispatch", task: "a", attempt: 1, lastError: null, inPlace: false },
      { type: "dispatch", task: "a", attempt: 2, lastError: "crashed", inPlace: false },
      { type: "dispatch", task: "a", attempt: 3, lastError: "crashed", inPlace: false },
    ]);
    expect(r.state.tasks.a!.state).toBe("failed");
    expect(types(r.actions).at(-1)).toBe("complete:failed");
  });

  test("a non-retryable failure fails at once; a timeout ends timed_out", () => {
    expect(run(createKernel([spec("a")]), [start(), launched, failed(false)]).state.tasks.a!.state).toBe("failed");
    expect(run(createKernel([spec("a")]), [start({ maxRetries: 0 }), launched, failed(true, "timeout")]).state.tasks.a!.state).toBe("timed_out");
  });

  test("iteration exhaustion forks in place first, within the task's fork budget", () => {
    const r = run(createKernel([spec("a", [], 1)]), [start({ maxRetries: 0 }), launched, failed(true, "exhausted")]);
    expect(r.actions.at(-1)).toEqual({ type: "fork", task: "a", depth: 1, lastError: "crashed" });
    expect(r.state.tasks.a!.state).toBe("active");
    expect(run(r.state, [failed(true, "exhausted")]).state.tasks.a!.state).toBe("failed");
  });

  test("a failure skips pending dependents, transitively; siblings continue", () => {
    const k = createKernel([spec("a"), spec("b", ["a"]), spec("c", ["b"]), spec("x")]);
    const r = run(k, [start(), launched, failed(false)]);
    expect(states(r.state)).toEqual({ a: "failed", b: "skipped", c: "skipped", x: "dispatching" });
    expect(r.state.tasks.c!.lastError).toBe("skipped: dependency 'b' ended skipped");
    const done = run(r.state, ok("x"));
    expect(types(done.actions).at(-1)).toBe("complete:partial");
  });

  test("a rejected settlement goes back to the worker once, in place, then fails", () => {
    const rejected: KernelEvent = { type: "task_merge_failed", task: "a", error: "lint: x.ts:3 unused", retryable: true, phase: "isolated" };
    const r = run(createKernel([spec("a")]), [start(), launched, { type: "task_done", task: "a" }, rejected]);
    expect(r.actions.at(-1)).toEqual({ type: "dispatch", task: "a", attempt: 1, lastError: "lint: x.ts:3 unused", inPlace: true });
    expect(r.state.tasks.a!.state).toBe("dispatching");
    const again = run(r.state, [launched, { type: "task_done", task: "a" }, rejected]);
    expect(again.state.tasks.a!.state).toBe("failed");
    const scope = run(createKernel([spec("a")]), [start(), launched, { type: "task_done", task: "a" }, { ...rejected, retryable: false, phase: "review" }]);
    expect(scope.state.tasks.a!.state).toBe("failed");
  });
});

describe("kernel: shutdown and recovery", () => {
  test("shutdown kills running work, abandons the queue, dispatches nothing more", () => {
    const k = createKernel([spec("a"), spec("b"), spec("c", ["a"])]);
    const s = run(k, [start({ mergeOrder: "ready" }), { type: "dag_task_dispatched", task: "a", pane: "p" }, { type: "dag_task_dispatched", task: "b", pane: "q" }, { type: "task_done", task: "b" }]).state;
    expect(states(s)).toEqual({ a: "active", b: "settling", c: "pending" });
    const r = run(s, [{ type: "shutdown_requested", reason: "signal" }]);
    expect(types(r.actions)).toEqual(["kill:a", "kill:b"]);
    const end = run(r.state, [{ type: "task_abandoned", task: "a", reason: "shutdown" }, { type: "merge_completed", task: "b", sha: "s" }]);
    expect(states(end.state)).toEqual({ a: "abandoned", b: "merged", c: "skipped" });
    expect(types(end.actions)).toEqual(["cleanup:b", "complete:interrupted"]);
  });

  test("recovery abandons every in-flight state, so nothing can hang", () => {
    const k = createKernel([spec("a"), spec("b"), spec("c"), spec("d", ["a"])]);
    const crashed = crashedAfter(k, [start({ mergeOrder: "ready" }), { type: "dag_task_dispatched", task: "a", pane: "p" }, { type: "dag_task_dispatched", task: "b", pane: "q" }, { type: "task_done", task: "b" }]);
    expect(states(crashed)).toEqual({ a: "active", b: "settling", c: "dispatching", d: "pending" });
    const r = run(crashed, [start({ run: "r2" })]);
    expect(states(r.state)).toEqual({ a: "abandoned", b: "abandoned", c: "abandoned", d: "skipped" });
    expect(types(r.actions)).toEqual(["complete:failed"]);
    const resumed = run(crashed, [start({ run: "r2", resume: true })]);
    expect(types(resumed.actions)).toEqual(["dispatch:a", "dispatch:b", "dispatch:c"]);
    expect(resumed.state.tasks.a!.lastError).toBe("interrupted: the previous run stopped while this task was active");
  });

  test("a crash during landing is verified against the target, never guessed", () => {
    const k = createKernel([spec("a")]);
    const crashed = crashedAfter(k, [start(), { type: "dag_task_dispatched", task: "a", pane: "p" }, { type: "task_done", task: "a" }, { type: "landing", task: "a", sha: "c0ffee" }]);
    const r = run(crashed, [start({ run: "r2" })]);
    expect(r.actions).toEqual([{ type: "verify_landing", task: "a", sha: "c0ffee" }]);
    const landed = run(r.state, [{ type: "landing_verified", task: "a", landed: true }]);
    expect(landed.state.tasks.a!).toMatchObject({ state: "merged", sha: "c0ffee" });
    const notLanded = run(r.state, [{ type: "landing_verified", task: "a", landed: false }]);
    expect(notLanded.state.tasks.a!.state).toBe("abandoned");
  });

  test("--continue retries failed, abandoned, timed-out and skipped tasks with their last error", () => {
    const k = createKernel([spec("a"), spec("b", ["a"])]);
    const first = crashedAfter(k, [start({ maxRetries: 0 }), { type: "dag_task_dispatched", task: "a", pane: "p" }, { type: "task_failed", task: "a", error: "tests failed", kind: "error", retryable: true }]);
    expect(states(first)).toEqual({ a: "failed", b: "skipped" });
    const r = run(first, [start({ run: "r2", resume: true })]);
    expect(r.actions).toEqual([{ type: "dispatch", task: "a", attempt: 2, lastError: "tests failed", inPlace: false }]);
    expect(r.state.tasks.b!.state).toBe("pending");
  });

  test("landed units stay merged whatever the replayed history says", () => {
    const k = createKernel([spec("a"), spec("b", ["a"])]);
    // History cut off before `a` was recorded merged; the deploy log says it landed.
    const history: KernelEvent[] = [start(), { type: "dag_task_dispatching", task: "a", attempt: 1, inPlace: false }, { type: "dag_task_dispatched", task: "a", pane: "p" }];
    const r = run(seedLanded(replay(k, history), new Map([["a", "deployed-sha"]])), [start({ run: "r2" })]);
    expect(r.state.tasks.a!).toMatchObject({ state: "merged", sha: "deployed-sha" });
    expect(types(r.actions)).toEqual(["dispatch:b"]);
  });
});

describe("kernel: totality", () => {
  test("stale, duplicate and unknown events change nothing", () => {
    const s = run(createKernel([spec("a")]), [start()]).state;
    for (const event of [
      { type: "task_done", task: "a" },
      { type: "merge_completed", task: "a", sha: "x" },
      { type: "dag_task_dispatched", task: "nope", pane: "p" },
      { type: "landing_verified", task: "a", landed: true },
      { type: "no_such_event" },
    ] as KernelEvent[]) {
      const [next, actions] = reduce(s, event);
      expect(states(next)).toEqual(states(s));
      expect(actions).toEqual([]);
    }
  });

  test("reduce never mutates its input", () => {
    const s = createKernel([spec("a")]);
    const before = JSON.stringify(s);
    reduce(s, start());
    expect(JSON.stringify(s)).toBe(before);
  });

  test("replay of the recorded log reaches the same state as the live run", () => {
    const events: KernelEvent[] = [start(), ...ok("a"), { type: "dag_task_dispatched", task: "b", pane: "q" }];
    const k = createKernel([spec("a"), spec("b", ["a"])]);
    const live = run(k, events);
    expect(replay(k, live.log)).toEqual(live.state);
  });

  test("a replay over a changed plan does not invent decisions for new tasks", () => {
    const before = drive(createKernel([spec("a")]), [start(), ...ok("a")]).log;
    const grown = replay(createKernel([spec("a"), spec("new")]), before);
    expect(states(grown)).toEqual({ a: "merged", new: "pending" });
  });
});

describe("kernel: provider pools and run budgets", () => {
  const pooled = (id: string, pool: string): KernelTaskSpec => ({ id, deps: [], maxForks: 1, pool });

  test("a limited pool runs at most its limit; other pools and lifting the limit are unaffected", () => {
    const k = createKernel([pooled("a", "p"), pooled("b", "p"), pooled("c", "p"), pooled("d", "q")]);
    const limited = run(k, [{ type: "pool_limited", pool: "p", limit: 1 }, start()]);
    // run_start lifts every limit of an earlier run: all four start.
    expect(types(limited.actions)).toEqual(["dispatch:a", "dispatch:b", "dispatch:c", "dispatch:d"]);
    const r = run(k, [start({ maxParallel: 1 }), { type: "pool_limited", pool: "p", limit: 1 }]);
    expect(states(r.state)).toEqual({ a: "dispatching", b: "pending", c: "pending", d: "pending" });
    let s = run(createKernel([pooled("a", "p"), pooled("b", "p"), pooled("c", "p"), pooled("d", "q")]), [start(), { type: "pool_limited", pool: "p", limit: 1 }]).state;
    // Already running workers keep running; a finished one is not replaced while the pool is over its limit.
    expect(states(s)).toEqual({ a: "dispatching", b: "dispatching", c: "dispatching", d: "dispatching" });
    s = run(s, [{ type: "dag_task_dispatched", task: "a", pane: "x" }, { type: "task_failed", task: "a", error: "429", kind: "error", retryable: true }]).state;
    expect(s.tasks.a!.state).toBe("pending");
    s = run(s, [{ type: "dag_task_dispatched", task: "b", pane: "y" }, { type: "task_done", task: "b" }, { type: "merge_completed", task: "b", sha: "s" }]).state;
    expect(s.tasks.a!.state).toBe("pending");
    const lifted = run(s, [{ type: "dag_task_dispatched", task: "c", pane: "z" }, { type: "task_done", task: "c" }, { type: "merge_completed", task: "c", sha: "t" }]);
    expect(lifted.state.tasks.a!.state).toBe("dispatching");
  });

  test("a halted run starts nothing new, lets running work finish, and completes partial", () => {
    let s = run(createKernel([spec("a"), spec("b"), spec("c")]), [start({ maxParallel: 1 })]).state;
    s = run(s, [{ type: "dag_task_dispatched", task: "a", pane: "p" }, { type: "run_halted", reason: "max_tokens 100 reached" }]).state;
    expect(s.halted).toBe("max_tokens 100 reached");
    const end = run(s, [{ type: "task_done", task: "a" }, { type: "merge_completed", task: "a", sha: "s" }]);
    expect(states(end.state)).toEqual({ a: "merged", b: "pending", c: "pending" });
    expect(types(end.actions)).toEqual(["settle:a", "cleanup:a", "complete:partial"]);
    // The next run is not halted: the pending tasks start.
    expect(types(run(end.state, [start({ run: "r2" })]).actions)).toEqual(["dispatch:b", "dispatch:c"]);
  });

  test("a hard budget stops the running workers with the reason; a launch that lands after is stopped; settlements finish", () => {
    let s = run(createKernel([spec("a"), spec("b"), spec("c")]), [start({ maxParallel: 3 })]).state;
    s = run(s, [{ type: "dag_task_dispatched", task: "a", pane: "p" }, { type: "dag_task_dispatched", task: "b", pane: "q" }, { type: "task_done", task: "b" }]).state;
    const halt = run(s, [{ type: "run_halted", reason: "max_cost reached", stop: true }]);
    // a works, c is still being launched: both are told to stop; b settles on.
    expect(halt.actions).toEqual([{ type: "kill", task: "a", reason: "stopped: max_cost reached" }, { type: "kill", task: "c", reason: "stopped: max_cost reached" }]);
    const late = run(halt.state, [{ type: "dag_task_dispatched", task: "c", pane: "r" }]);
    expect(late.actions).toEqual([{ type: "kill", task: "c", reason: "stopped: max_cost reached" }]);
    const end = run(late.state, [
      { type: "task_abandoned", task: "a", reason: "stopped: max_cost reached" },
      { type: "task_abandoned", task: "c", reason: "stopped: max_cost reached" },
      { type: "merge_completed", task: "b", sha: "s" },
    ]);
    expect(states(end.state)).toEqual({ a: "abandoned", b: "merged", c: "abandoned" });
    expect(end.state.tasks.a!.lastError).toBe("stopped: max_cost reached");
    expect(types(end.actions).at(-1)).toBe("complete:partial");
  });

  test("pool limits and halts replay to the same state", () => {
    const k = createKernel([pooled("a", "p"), pooled("b", "p")]);
    const live = run(k, [start({ maxParallel: 1 }), { type: "pool_limited", pool: "p", limit: 1 }, { type: "run_halted", reason: "cost" }]);
    const again = replay(k, live.log);
    expect(again.limits).toEqual({ p: 1 });
    expect(again.halted).toBe("cost");
  });
});

describe("kernel: long plans", () => {
  /** The plan's order and merge order, counting every element read through them. */
  function counted(state: KernelState): { state: KernelState; reads: () => number } {
    let reads = 0;
    const count = <T extends readonly string[]>(list: T): T =>
      new Proxy(list, {
        get(target, key, receiver) {
          if (typeof key === "string" && /^\d+$/.test(key)) reads++;
          return Reflect.get(target, key, receiver);
        },
      });
    return { state: { ...state, order: count(state.order), mergeOrder: count(state.mergeOrder) }, reads: () => reads };
  }

  test("an event reads each task of a 2,000-task plan a bounded number of times, not once per task per task", () => {
    const n = 2000;
    const specs = Array.from({ length: n }, (_, i) => spec(`t${String(i).padStart(4, "0")}`));
    const { state } = drive(createKernel(specs), [start({ maxParallel: 8 })]);
    expect(Object.values(state.tasks).filter((t) => t.state === "dispatching").length).toBe(8);
    // Every slot is taken and 1,992 tasks could start: looking for one must not count the running ones for each.
    const { state: watched, reads } = counted(state);
    const [next] = reduce(watched, { type: "dag_task_dispatched", task: state.order[0]!, pane: "p" });
    expect(next.tasks[state.order[0]!]!.state).toBe("active");
    expect(reads()).toBeLessThan(20 * n);
  });
});
