import { describe, expect, test } from "bun:test";
import { runsLogBlock } from "../../src/store/runs-log.ts";

describe(".dgov/runs.log blocks", () => {
  test("what landed, unverified, failed with its error, halted, tokens", () => {
    const block = runsLogBlock({
      at: new Date("2026-05-14T12:00:00.123Z"), plan: "p", dir: ".dgov/plans/p", run: "r1", status: "partial", durationS: 42.126, halted: "token budget reached",
      tasks: [
        { id: "t/m.a", state: "merged", error: null, unverified: "tests: no test_cmd configured" },
        { id: "t/m.b", state: "failed", error: "settlement rejected at isolated by tests:\nExpected: 1\n" + "x".repeat(300) },
        { id: "t/m.c", state: "skipped", error: "dependency failed" },
      ],
      promptTokens: 12345, completionTokens: 2345,
    });
    const lines = block.split("\n");
    expect(lines[0]).toBe("[2026-05-14 12:00:00Z] p (.dgov/plans/p) — fail (42.13s) · run r1");
    expect(lines.slice(1, 5)).toEqual(["  merged: t/m.a", "  unverified: t/m.a", "  failed: t/m.b", "  skipped: t/m.c"]);
    expect(lines[5]).toStartWith("  error[t/m.b]: settlement rejected at isolated by tests: Expected: 1 xxx");
    expect(lines[5]!.length).toBe("  error[t/m.b]: ".length + 200);
    expect(lines.slice(6)).toEqual(["  halted: token budget reached", "  prompt_tokens: 12,345", "  completion_tokens: 2,345", ""]);
  });
});
