import { describe, expect, test } from "bun:test";
import { createStatusLine, elapsedText } from "../../src/cli/status-line.ts";
import { createKernel } from "../../src/kernel/init.ts";
import type { KernelState, TaskState } from "../../src/kernel/types.ts";

/** A running kernel's state with each task in the given state (independent tasks, 4 workers at most). */
const state = (tasks: Record<string, string>) => {
  const s = createKernel(Object.keys(tasks).map((id) => ({ id, deps: [], maxForks: 0 })));
  for (const [id, st] of Object.entries(tasks)) s.tasks[id]!.state = st as TaskState;
  return { ...s, run: "r1", config: { ...s.config, maxParallel: 4, mergeOrder: "component" } } as KernelState;
};
const ev = (event: string, task: string, data: Record<string, unknown>) => ({ event, task, data });

describe("the status line", () => {
  test("names each settling task's gate or phase and how long it has run", () => {
    const line = createStatusLine();
    line.moved("t/m.api", "settling", 0);
    line.moved("t/m.b", "settling", 0);
    line.event(ev("settlement_phase_started", "t/m.api", { phase: "isolated" }), 1_000);
    line.event(ev("gate_started", "t/m.api", { gate: "tests", phase: "isolated" }), 2_000);
    const s = state({ "t/m.api": "settling", "t/m.b": "settling", "t/m.c": "active", "t/m.d": "active", "t/m.e": "merged", "t/m.f": "reviewing", "t/m.g": "failed" });
    expect(line.text(s, 43_500)).toBe("▸ 2 active · … t/m.api: tests (isolated) 41s · … t/m.b: settling 43s · 1 queued · 1/7 merged · 1 failed");
    // The gate ends: the phase shows again, timed from its own start.
    line.event(ev("gate_completed", "t/m.api", { gate: "tests", phase: "isolated" }), 44_000);
    expect(line.text(s, 61_000)).toContain("… t/m.api: isolated 1m00s");
    line.event(ev("settlement_phase_completed", "t/m.api", { phase: "isolated" }), 62_000);
    line.event(ev("settlement_phase_started", "t/m.api", { phase: "candidate" }), 62_000);
    expect(line.text(s, 65_000)).toContain("… t/m.api: candidate 3s");
  });

  test("a task whose own part is done waits to land, timed from its last phase's end", () => {
    const line = createStatusLine();
    line.moved("t/m.a", "settling", 0);
    line.event(ev("settlement_phase_started", "t/m.a", { phase: "isolated" }), 0);
    line.event(ev("settlement_phase_completed", "t/m.a", { phase: "isolated" }), 4_000);
    const s = state({ "t/m.a": "settling" });
    (s.tasks["t/m.a"] as { prepared?: boolean }).prepared = true;
    expect(line.text(s, 9_000)).toBe("… t/m.a: waiting to land 5s · 0/1 merged");
  });

  test("a task that stops settling leaves the line; one settling again starts over", () => {
    const line = createStatusLine();
    line.moved("t/m.a", "settling", 0);
    line.event(ev("gate_started", "t/m.a", { gate: "tests", phase: "isolated" }), 0);
    line.moved("t/m.a", "pending", 5_000);
    expect(line.text(state({ "t/m.a": "pending" }), 6_000)).toBe("0/1 merged");
    line.moved("t/m.a", "settling", 7_000);
    expect(line.text(state({ "t/m.a": "settling" }), 9_000)).toBe("… t/m.a: settling 2s · 0/1 merged");
  });

  test("free worker slots held back by finished tasks waiting to land say so", () => {
    const line = createStatusLine();
    const s = state({ "t/m.a": "reviewing", "t/m.b": "reviewing", "t/m.c": "reviewing", "t/m.d": "reviewing", "t/m.e": "active", "t/m.f": "pending" });
    expect(line.text(s, 0)).toBe("▸ 1 active, no new one while 4 finished wait to land · 4 queued · 0/6 merged");
    // Below the bound the pending task would start: nothing is held.
    s.tasks["t/m.d"]!.state = "merged";
    expect(line.text(s, 0)).toBe("▸ 1 active · 3 queued · 1/6 merged");
  });

  test("elapsed time reads in seconds, then minutes, then hours", () => {
    expect([0, 999, 41_000, 125_000, 3_725_000].map(elapsedText)).toEqual(["0s", "0s", "41s", "2m05s", "1h02m"]);
  });
});
