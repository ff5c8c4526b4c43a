import { describe, expect, test } from "bun:test";
import { attemptSeconds, lastFailure, launches } from "../../src/report/story.ts";
import { entry, ev, gate } from "./events.ts";

const failing = { rule: "tests", message: "Test failure from `bun test`:\nExpected: 1\nReceived: 10", hint: "Make `bun test` pass." };

/** Attempt 1: rejected by tests, retried in place, forked, then merged. */
const history = () => [
  ev("dag_task_dispatching", { attempt: 1, inPlace: false }, { s: 0 }),
  ev("dag_task_dispatched", { pane: "p1" }, { pane: "p1", s: 1 }),
  ev("worker_log", { log_type: "start" }, { pane: "p1", s: 1 }),
  ev("task_done", {}, { s: 2 }),
  ev("settlement_started", {}, { s: 2 }),
  ev("settlement_phase_completed", { phase: "review", status: "passed", duration_s: 0.1 }, { pane: "p1", s: 2 }),
  gate("scope", "review", "pass", { s: 2 }),
  gate("lint", "isolated", "fail", { level: "warn", findings: [{ rule: "lint", message: "style" }], s: 3 }),
  gate("tests", "isolated", "fail", { findings: [failing], s: 3 }),
  ev("settlement_phase_completed", { phase: "isolated", status: "failed", duration_s: 1.5, error: "settlement rejected" }, { pane: "p1", s: 3 }),
  ev("task_merge_failed", { error: "settlement rejected at isolated by tests", retryable: true, phase: "isolated" }, { s: 3 }),
  ev("dag_task_dispatching", { attempt: 1, inPlace: true }, { s: 4 }),
  ev("dag_task_dispatched", { pane: "p2" }, { pane: "p2", s: 4 }),
  ev("worker_log", { log_type: "start" }, { pane: "p2", s: 4 }),
  ev("task_failed", { error: "Exceeded max iterations (5)", kind: "exhausted", retryable: true }, { s: 5 }),
  ev("worker_log", { log_type: "start" }, { pane: "p3", s: 6 }),
  ev("task_done", {}, { s: 7 }),
  ev("settlement_started", {}, { s: 7 }),
  gate("tests", "isolated", "pass", { pane: "p3", s: 8 }),
  ev("task_verdict", { checks: [{ gate: "tests", phase: "isolated", status: "pass" }], verified: ["tests"], unverified: null }, { pane: "p3", s: 8 }),
  ev("merge_completed", { sha: "abc123" }, { s: 9 }),
];

describe("launches", () => {
  test("a dispatch, its retry in place and a fork, each with how its worker ended and its settlement", () => {
    const all = launches(history());
    expect(all.map((l) => [l.attempt, l.kind, l.pane, l.end?.status])).toEqual([
      [1, "dispatch", "p1", "done"],
      [1, "retry", "p2", "exhausted"],
      [1, "fork", "p3", "done"],
    ]);
    const first = all[0]!.settlement!;
    expect(first.phases.map((p) => [p.phase, p.status, p.durationS])).toEqual([["review", "passed", 0.1], ["isolated", "failed", 1.5]]);
    expect(first.gates.map((g) => `${g.gate}:${g.status}`)).toEqual(["scope:pass", "lint:fail", "tests:fail"]);
    expect(first.outcome).toEqual({ status: "rejected", phase: "isolated", error: "settlement rejected at isolated by tests", retryable: true });
    expect(all[1]!.settlement).toBeNull();
    expect(all[1]!.end!.error).toBe("Exceeded max iterations (5)");
    expect(all[2]!.settlement!.outcome).toEqual({ status: "merged", sha: "abc123" });
    expect(all[2]!.settlement!.verdict).toEqual({ checks: [{ gate: "tests", phase: "isolated", status: "pass" }], verified: ["tests"], unverified: null });
    expect(attemptSeconds(all, history())).toBe(9);
  });

  test("the transcript adds each launch's summary, tool calls and errors, by pane", () => {
    const all = launches(history(), [
      entry("call", "p1", { tool: "write_file" }),
      entry("call", "p1", { tool: "done" }),
      entry("done", "p1", { summary: "wrote it" }),
      entry("error", "p2", { kind: "exhausted", message: "Exceeded max iterations (5)" }),
      entry("call", "elsewhere", { tool: "read_file" }),
    ]);
    expect([all[0]!.summary, all[0]!.toolCalls, all[0]!.errors]).toEqual(["wrote it", 2, []]);
    expect(all[1]!.errors).toEqual([{ kind: "exhausted", message: "Exceeded max iterations (5)" }]);
    expect(all[2]!.toolCalls).toBe(0);
  });

  test("shutdowns: during the worker ends the launch, during settlement ends the settlement", () => {
    const worker = launches([ev("dag_task_dispatching", { attempt: 1, inPlace: false }), ev("task_abandoned", { reason: "shutdown" })]);
    expect(worker[0]!.end).toEqual({ status: "abandoned", error: "shutdown" });
    const settling = launches([ev("dag_task_dispatching", { attempt: 2, inPlace: false }), ev("task_done"), ev("settlement_started"), ev("task_abandoned", { reason: "shutdown during settlement" })]);
    expect(settling[0]!.attempt).toBe(2);
    expect(settling[0]!.end!.status).toBe("done");
    expect(settling[0]!.settlement!.outcome).toEqual({ status: "abandoned", reason: "shutdown during settlement" });
    // A history cut short (no dispatch) still has a launch to hold what it says.
    expect(launches([ev("settlement_started"), gate("scope", "review", "pass")])[0]!.settlement!.gates).toHaveLength(1);
  });
});

describe("lastFailure", () => {
  test("the latest rejected settlement, with only its blocking gate runs (a warn-level failure does not block)", () => {
    const f = lastFailure(history(), "t/m.a")!;
    expect(f).toMatchObject({ attempt: 1, phase: "isolated", retryable: true });
    expect(f.gates.map((g) => g.gate)).toEqual(["tests"]);
    expect(f.gates[0]!.findings[0]!.message).toContain("Received: 10");
  });

  test("other tasks' events are ignored; earlier attempts only when asked; none when nothing was rejected", () => {
    const events = [...history(), ev("dag_task_dispatching", { attempt: 2, inPlace: false }, { s: 10 }), ev("task_failed", { error: "boom", kind: "error", retryable: false }, { s: 11 })];
    expect(lastFailure(events, "t/m.a")!.attempt).toBe(1);
    expect(lastFailure(events, "t/m.a", 2)).toBeNull();
    expect(lastFailure(events, "t/m.other")).toBeNull();
    const conflict = [ev("dag_task_dispatching", { attempt: 1 }), ev("task_done"), ev("settlement_started"), ev("task_merge_failed", { error: "text conflict replaying the task onto main: a.txt", retryable: true, phase: "candidate" })];
    expect(lastFailure(conflict, "t/m.a")).toEqual({ attempt: 1, phase: "candidate", error: "text conflict replaying the task onto main: a.txt", retryable: true, gates: [] });
  });
});
