import { describe, expect, test } from "bun:test";
import type { GateRunRecord } from "../../src/report/gate-runs.ts";
import type { Failure, LaunchRecord } from "../../src/report/story.ts";
import { type TaskCase, taskCard } from "../../src/report/task-shapes.ts";

function launch(extra: Partial<LaunchRecord> = {}): LaunchRecord {
  return { attempt: 1, kind: "dispatch", run: "r1", pane: "p1", startedAt: "", endedAt: null, end: { status: "failed", error: null }, summary: null, toolCalls: 0, errors: [], settlement: null, ...extra };
}

function of(c: Partial<TaskCase>): TaskCase {
  return { root: "/repo", plan: "p", planArg: "p", taskArg: "t/m.a", task: "t/m.a", planDir: null, state: "failed", error: null, launches: [launch()], failure: null, worktree: null, ...c };
}

function rejectedBy(gate: string, extra: Partial<GateRunRecord> = {}): Failure {
  const run: GateRunRecord = {
    id: 1, ts: "", task: "t/m.a", pane: null, gate, phase: "isolated", level: "block", status: "fail", reason: null, durationMs: 1, details: {},
    commands: [{ argv: ["sh", "-c", `${gate}-cmd`], cwd: ".", code: 1, timedOut: false, durationMs: 1 }],
    findings: [{ rule: gate, message: `${gate} failed:\nsrc/a.ts:1 wrong` }], ...extra,
  };
  return { attempt: 1, phase: "isolated", error: "settlement rejected", retryable: true, gates: [run] };
}

describe("taskCard", () => {
  test("a gate rejection is named by its gate; the next steps reproduce it in the kept worktree", () => {
    expect(["tests", "typecheck", "lint", "format", "coverage"].map((g) => taskCard(of({ failure: rejectedBy(g) })).shape)).toEqual(["tests_failed", "typecheck_failed", "lint_failed", "format_failed", "gate_failed"]);
    const card = taskCard(of({ failure: rejectedBy("tests"), worktree: "/wt/a" }));
    expect(card.evidence).toEqual(["t/m.a: tests (isolated) failed running `tests-cmd`", "tests failed:", "src/a.ts:1 wrong"]);
    expect(card.next).toEqual(["dgov show t/m.a", "cd /wt/a && tests-cmd", "dgov plan remediate p"]);
    expect(taskCard(of({ failure: rejectedBy("tests", { status: "error", findings: [], reason: "gate crashed" }) })).evidence).toEqual(["t/m.a: tests (isolated) errored running `tests-cmd`", "gate crashed"]);
  });

  test("scope: an empty diff is its own shape; a text conflict without gates is merge_conflict", () => {
    expect(taskCard(of({ failure: rejectedBy("scope", { phase: "review", commands: [], findings: [{ rule: "scope/empty-diff", message: "No changes produced" }] }) })).shape).toBe("empty_diff");
    const conflict = taskCard(of({ failure: { attempt: 1, phase: "candidate", error: "text conflict replaying the task onto main (abc): a.txt", retryable: true, gates: [] } }));
    expect(conflict.shape).toBe("merge_conflict");
    expect(conflict.next.at(-1)).toBe("dgov run p --continue");
  });

  test("provider errors by the worker's own kind first, by the message for other workers", () => {
    const withError = (kind: string) => of({ launches: [launch({ errors: [{ kind, message: "x" }] })], error: "API Failure: provider 'openai' at https://x/v1: something" });
    expect(["auth", "quota", "config", "api"].map((k) => taskCard(withError(k)).shape)).toEqual(["provider_auth", "rate_limited", "provider_config", "provider_unreachable"]);
    expect(taskCard(withError("config")).next[0]).toBe("check [providers.openai] base_url and the task's agent (model) in .dgov/project.toml");
    expect(taskCard(of({ error: "curl: HTTP 403 from gateway" })).shape).toBe("provider_auth");
    expect(taskCard(of({ error: "upstream said: rate limit exceeded" })).shape).toBe("rate_limited");
    expect(taskCard(of({ error: "fetch failed: ECONNREFUSED" })).shape).toBe("provider_unreachable");
  });

  test("how the worker ended: timeout (before any rejection), iterations, setup, no done, anything else", () => {
    expect(taskCard(of({ state: "timed_out", failure: rejectedBy("tests"), error: "Wall-clock timeout after 5s" })).shape).toBe("timeout");
    expect(taskCard(of({ launches: [launch({ end: { status: "exhausted", error: "Exceeded max iterations" } })] })).shape).toBe("iterations_exhausted");
    expect(taskCard(of({ launches: [launch({ end: { status: "dispatch_failed", error: "setup_cmd failed" } })] })).shape).toBe("setup_failed");
    expect(taskCard(of({ launches: [launch({ errors: [{ kind: "no_done", message: "Agent stopped without calling 'done'" }] })] })).shape).toBe("worker_no_done");
    const other = taskCard(of({ error: "worker exited with code 3" }));
    expect(other).toMatchObject({ shape: "worker_failed", next: ["dgov log t/m.a", "dgov show t/m.a", "dgov run p --continue"] });
  });
});
