import { describe, expect, test } from "bun:test";
import { auditText } from "../../src/cli/commands/tools-audit.ts";
import type { StoredEvent } from "../../src/store/events.ts";
import { auditTools } from "../../src/store/tool-audit.ts";

let nextId = 1;
function event(log_type: string, content: Record<string, unknown>, where: { plan?: string; task?: string; event?: string } = {}): StoredEvent {
  return {
    id: nextId++,
    ts: "2026-01-01T00:00:00Z",
    event: where.event ?? "worker_log",
    plan: where.plan ?? "plan-a",
    task: where.task ?? "core/a.t1",
    run: "r1",
    pane: "p1",
    data: { log_type, content },
  };
}

/** A call and its result. */
const pair = (tool: string, result: Record<string, unknown>, where: Parameters<typeof event>[2] = {}, role = "worker") => [
  event("call", { tool, role, args: {} }, where),
  event("result", { tool, role, call_id: "c", turn: 1, index: 0, ...result }, where),
];

const ok = (chars: number, extra: Record<string, unknown> = {}) => ({ status: "success", chars, raw_chars: chars, clipped: false, duration_ms: 5, ...extra });
const failed = (error_kind: string, extra: Record<string, unknown> = {}) => ({ status: "failed", chars: 10, raw_chars: 10, clipped: false, duration_ms: 5, error_kind, ...extra });

describe("auditTools (spec §4.5, test 62)", () => {
  test("old-shape pairs: counts, failure rate, rows by calls then name", () => {
    const audit = auditTools([...pair("read_file", { status: "success" }), ...pair("edit_file", { status: "failed" })]);
    expect(audit).toMatchObject({ plan_name: null, role: null, total_calls: 2, total_successes: 1, total_failures: 1, total_clipped_results: 0 });
    expect(audit.tools.map((r) => r.tool)).toEqual(["edit_file", "read_file"]);
    expect(audit.tools[0]).toEqual({
      tool: "edit_file",
      calls: 1,
      successes: 0,
      failures: 1,
      failure_rate: 1,
      policy_failures: 0,
      clipped_results: 0,
      average_result_chars: 0,
      average_raw_result_chars: 0,
      average_duration_ms: 0,
      roles: ["worker"],
      error_kinds: {},
      top_error_kind: null,
    });
  });

  test("enriched results: averages, clipped, roles, top error kind", () => {
    const events = [
      ...pair("read_file", ok(50, { raw_chars: 200, duration_ms: 5 })),
      ...pair("read_file", ok(100, { raw_chars: 400, duration_ms: 15, clipped: true })),
      ...pair("read_file", failed("not_found", { chars: 75, raw_chars: 300, duration_ms: 10 })),
      ...pair("read_file", failed("policy_blocked", { chars: 75, raw_chars: 300, duration_ms: 10 }), {}, "researcher"),
    ];
    const [row] = auditTools(events).tools;
    expect(row).toEqual({
      tool: "read_file",
      calls: 4,
      successes: 2,
      failures: 2,
      failure_rate: 0.5,
      policy_failures: 1,
      clipped_results: 1,
      average_result_chars: 75,
      average_raw_result_chars: 300,
      average_duration_ms: 10,
      roles: ["researcher", "worker"],
      error_kinds: { not_found: 1, policy_blocked: 1 },
      top_error_kind: "not_found",
    });
  });

  test("error kinds by count desc, ties by name; failure_rate rounded to 3 places", () => {
    const events = [
      ...pair("run_bash", failed("timeout")),
      ...pair("run_bash", failed("command_failed")),
      ...pair("run_bash", failed("timeout")),
      ...pair("grep", failed("unknown")),
      ...pair("grep", failed("command_failed")),
      ...pair("grep", ok(1)),
    ];
    const rows = auditTools(events).tools;
    expect(rows.map((r) => [r.tool, r.top_error_kind, Object.entries(r.error_kinds)])).toEqual([
      ["grep", "command_failed", [["command_failed", 1], ["unknown", 1]]],
      ["run_bash", "timeout", [["timeout", 2], ["command_failed", 1]]],
    ]);
    expect(rows[0]!.failure_rate).toBe(0.667);
  });

  test("results without their call count against max(calls, results)", () => {
    const audit = auditTools([event("result", { tool: "glob", ...failed("unknown") }), event("result", { tool: "glob", ...ok(4) })]);
    expect(audit.tools[0]).toMatchObject({ calls: 0, successes: 1, failures: 1, failure_rate: 0.5 });
    expect(audit.total_calls).toBe(0);
  });

  test("bools and non-numbers are not counted as numbers", () => {
    const [row] = auditTools([...pair("head", { status: "success", chars: true, raw_chars: "12", duration_ms: false, clipped: "yes" }), ...pair("head", ok(8))]).tools;
    expect(row).toMatchObject({ average_result_chars: 4, average_raw_result_chars: 4, average_duration_ms: 5, clipped_results: 0 });
  });

  test("rows by calls desc then name; totals count every row even with limit", () => {
    const events = [
      ...pair("b_tool", ok(1)),
      ...pair("a_tool", ok(1)),
      ...pair("c_tool", ok(1)),
      ...pair("c_tool", failed("timeout", { clipped: true })),
    ];
    const all = auditTools(events);
    expect(all.tools.map((r) => r.tool)).toEqual(["c_tool", "a_tool", "b_tool"]);
    const top = auditTools(events, { limit: 1 });
    expect(top.tools.map((r) => r.tool)).toEqual(["c_tool"]);
    expect(top).toMatchObject({ total_calls: 4, total_successes: 3, total_failures: 1, total_clipped_results: 1 });
  });

  test("plan, role and task filters; other events and malformed entries are ignored", () => {
    const events = [
      ...pair("read_file", ok(1), { plan: "plan-a", task: "s/a.one" }),
      ...pair("read_file", ok(1), { plan: "plan-b", task: "s/a.one" }),
      ...pair("grep", ok(1), { plan: "plan-a", task: "s/a.two" }, "reviewer"),
      event("call", { tool: "read_file", role: "worker" }, { event: "task_done" }),
      event("thought", { tool: "read_file", role: "worker" }),
      event("call", { tool: "", role: "worker" }),
      event("call", { tool: 7, role: "worker" }),
      { ...event("call", {}), data: { log_type: "call", content: "read_file" } },
    ];
    expect(auditTools(events).total_calls).toBe(3);
    expect(auditTools(events, { plan: "plan-a" })).toMatchObject({ plan_name: "plan-a", total_calls: 2 });
    const reviewer = auditTools(events, { plan: "plan-a", role: "reviewer" });
    expect(reviewer).toMatchObject({ role: "reviewer", total_calls: 1 });
    expect(reviewer.tools.map((r) => [r.tool, r.roles])).toEqual([["grep", ["reviewer"]]]);
    expect(auditTools(events, { task: "s/a.one" }).tools.map((r) => [r.tool, r.calls])).toEqual([["read_file", 2]]);
    expect(auditTools(events, { plan: "nope" }).tools).toEqual([]);
  });
});

describe("auditText (spec §4.5, test 63)", () => {
  test("no calls: one line", () => {
    expect(auditText(auditTools([]))).toBe("No worker tool-call events found.");
  });

  test("header lines, 95-dash separator, fixed-width rows", () => {
    const events = [...pair("read_file", ok(25, { duration_ms: 5 })), ...pair("edit_file", failed("not_found", { chars: 30, duration_ms: 12.34 }))];
    const text = auditText(auditTools(events, { plan: "plan-a", role: "worker" }));
    const lines = text.split("\n");
    expect(lines.slice(0, 6)).toEqual(["Tool audit", "plan: plan-a", "role: worker", "calls: 2", "failures: 1", "clipped results: 0"]);
    expect(lines[6]).toBe("");
    expect(lines[7]).toBe(`${"tool".padEnd(24)} calls  fail%  clip   avg_ms avg_chars ${"roles".padEnd(18)} top_error`);
    expect(lines[8]).toBe("-".repeat(95));
    expect(lines[9]).toBe(`${"edit_file".padEnd(24)}     1 100.0%     0     12.3      30.0 ${"worker".padEnd(18)} not_found`);
    expect(lines[10]).toBe(`${"read_file".padEnd(24)}     1   0.0%     0      5.0      25.0 ${"worker".padEnd(18)} -`);
    expect(lines.length).toBe(11);
  });

  test("long tool names and role lists are cut; no plan or role lines without filters", () => {
    const events = [...pair("a_very_long_tool_name_that_overflows", ok(1), {}, "researcher"), ...pair("a_very_long_tool_name_that_overflows", ok(1), {}, "worker")];
    const lines = auditText(auditTools(events)).split("\n");
    expect(lines.slice(0, 4)).toEqual(["Tool audit", "calls: 2", "failures: 0", "clipped results: 0"]);
    expect(lines.at(-1)).toBe(`a_very_long_tool_name_th     2   0.0%     0      5.0       1.0 researcher,worker  -`);
  });
});
