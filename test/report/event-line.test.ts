import { describe, expect, test } from "bun:test";
import { describeEvent, eventLines, leadingLines } from "../../src/report/event-line.ts";
import { retryText, toolCallText, toolResultText } from "../../src/report/worker-line.ts";
import type { StoredEvent } from "../../src/store/events.ts";

const stored = (event: string, data: Record<string, unknown>, task: string | null = "t/m.api"): StoredEvent => ({ id: 1, ts: "2026-01-02T03:04:05.678Z", event, plan: "p", task, run: "r", pane: null, data });

const failedTests = {
  gate: "tests", plugin: "builtin", phase: "isolated", level: "block", durationMs: 2100, commands: [], status: "fail",
  outcome: {
    status: "fail",
    findings: [{ rule: "tests/failed", file: "src/a.test.ts", line: 4, message: "expect(received).toBe(expected)\nExpected: 1\nReceived: 10", hint: "Fix the code, not the test." }],
  },
};

describe("describeEvent", () => {
  test("a failed gate: headline, then each finding's file:line: message lines and hint", () => {
    expect(describeEvent(stored("gate_completed", failedTests))).toEqual({
      head: "tests (isolated) failed in 2.1s",
      body: ["src/a.test.ts:4: expect(received).toBe(expected)", "  Expected: 1", "  Received: 10", "  hint: Fix the code, not the test."],
      mood: "bad",
    });
  });

  test("a finding's message is cut to maxLines, the rest counted", () => {
    expect(describeEvent(stored("gate_completed", failedTests), { maxLines: 1 }).body).toEqual(["src/a.test.ts:4: expect(received).toBe(expected)", "  … 2 more line(s)", "  hint: Fix the code, not the test."]);
  });

  test("a warn-level failure reads as a warning, a skip with its reason", () => {
    expect(describeEvent(stored("gate_completed", { ...failedTests, level: "warn" })).mood).toBe("warn");
    const skip = describeEvent(stored("gate_completed", { gate: "lint", phase: "isolated", level: "block", outcome: { status: "skip", reason: "no lint_cmd configured" } }));
    expect(skip).toEqual({ head: "lint (isolated) skipped: no lint_cmd configured", body: [], mood: "plain" });
  });

  test("a rejected task: its error's first lines; a rejection not from a gate names its phase", () => {
    const error = "settlement rejected at isolated by tests: Test failure\n- [tests] Expected: 1\n\n  Received: 10";
    expect(describeEvent(stored("task_merge_failed", { error, phase: "isolated", retryable: true }))).toEqual({ head: "settlement rejected at isolated by tests: Test failure", body: ["- [tests] Expected: 1", "  Received: 10"], mood: "bad" });
    expect(describeEvent(stored("task_merge_failed", { error: "git failed", phase: "candidate", retryable: false })).head).toBe("settlement rejected at candidate: git failed");
    const failed = describeEvent(stored("task_failed", { error: "worker exited with code 1\nlast output:\nboom", kind: "error", retryable: true }));
    expect(failed).toEqual({ head: "worker failed (error): worker exited with code 1", body: ["last output:", "boom"], mood: "bad" });
  });

  test("a landing: its sha and which checks verified it, or why none did", () => {
    const sha = "0123456789abcdef0123";
    expect(describeEvent(stored("merge_completed", { sha }), { verdict: { checks: [], verified: ["tests", "typecheck"], unverified: null } })).toEqual({ head: "merged 0123456789ab · verified by tests, typecheck", body: [], mood: "good" });
    expect(describeEvent(stored("merge_completed", { sha }), { verdict: { checks: [], verified: [], unverified: "tests: not run" } })).toEqual({ head: "merged 0123456789ab (unverified: tests: not run)", body: [], mood: "warn" });
  });

  test("an event no description knows shows its fields, first lines only", () => {
    expect(describeEvent(stored("sandbox", { kind: "bwrap", network: "off", warning: "a\nb", none: null })).head).toBe("kind=bwrap network=off warning=a");
  });
});

describe("worker lines", () => {
  test("a call is its tool and most telling argument; a patch names its files", () => {
    expect(toolCallText({ tool: "edit_file", args: { path: "src/a.ts", old_text: "x", new_text: "y" } })).toBe("edit_file src/a.ts");
    expect(toolCallText({ tool: "run_bash", args: { cmd: "bun test\n--bail" } })).toBe("run_bash bun test");
    expect(toolCallText({ tool: "apply_patch", args: { patch: "*** Begin Patch\n*** Update File: a.ts\n@@\n*** Add File: b.ts\n*** End Patch" } })).toBe("apply_patch a.ts b.ts");
    expect(toolCallText({ tool: "scope_status", args: {} })).toBe("scope_status");
  });

  test("a result says its exit code or failure", () => {
    expect(toolResultText({ tool: "run_tests", status: "success", exit_code: 1 })).toBe("run_tests → exit 1");
    expect(toolResultText({ tool: "edit_file", status: "failed", error_kind: "not_found" })).toBe("edit_file → failed (not_found)");
    expect(toolResultText({ tool: "read_file", status: "success" })).toBe("read_file → ok");
  });

  test("a retry says why, how long it waits and which attempt comes", () => {
    expect(retryText({ status: 429, attempt: 1, delay_ms: 4000, max_retries: 4 })).toBe("rate limited (429), retrying in 4s (attempt 2/5)");
    expect(retryText({ status: 503, attempt: 2, delay_ms: 250 })).toBe("provider error (HTTP 503), retrying in 250ms (attempt 3)");
    expect(retryText({ status: null, attempt: 1, delay_ms: 1500, reason: "ECONNREFUSED\nmore" })).toBe("connection failed (ECONNREFUSED), retrying in 2s (attempt 2)");
  });
});

describe("eventLines", () => {
  test("time, plan, task, event and headline; the body indented under it; parts styled", () => {
    const style = (part: string, text: string) => `<${part}>${text}</>`;
    expect(eventLines(stored("gate_completed", failedTests), { maxLines: 1, style })).toEqual([
      "<dim>03:04:05</>  p  <name>t/m.api</>  <dim>gate_completed</>  <bad>tests (isolated) failed in 2.1s</>",
      "          src/a.test.ts:4: expect(received).toBe(expected)",
      "            … 2 more line(s)",
      "            hint: Fix the code, not the test.",
    ]);
    expect(eventLines(stored("run_completed", { run_status: "complete" }, null))).toEqual(["03:04:05  p  -  run_completed  run complete"]);
  });

  test("leadingLines skips blank lines and counts what it leaves", () => {
    expect(leadingLines("a\n\nb\nc\n  \n", 2)).toEqual(["a", "b", "… 1 more line(s)"]);
  });
});
