import { describe, expect, test } from "bun:test";
import { bounded, conciseArgs, entryLines, launchLogs, logText } from "../../src/report/transcript-lines.ts";
import { launches } from "../../src/report/story.ts";
import { entry, ev } from "./events.ts";

const cut = { full: false };

describe("transcript lines", () => {
  test("arguments: every key, long values cut with their length", () => {
    expect(conciseArgs({ path: "a.ts", content: "x".repeat(100), n: 3 })).toBe(`path="a.ts" content="${"x".repeat(59)}…" (100 chars) n=3`);
    expect(conciseArgs(undefined)).toBe("");
    expect(conciseArgs("raw")).toBe('"raw"');
  });

  test("results are bounded and the cut says what the store still holds; --full prints everything", () => {
    const text = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n");
    const lines = bounded(text, "│ ", cut);
    expect(lines).toHaveLength(13);
    expect(lines[11]).toBe("│ line 11");
    expect(lines[12]).toMatch(/^│ … 18 more line\(s\), \d+ chars stored \(dgov log --full shows them\)$/);
    expect(bounded(text, "", { full: true })).toHaveLength(30);
    expect(bounded("short\n", "", cut)).toEqual(["short"]);
  });

  test("a clipped, failed tool result says both", () => {
    const lines = entryLines(entry("result", "p1", { tool: "read_file", status: "failed", error_kind: "not_found", chars: 40, raw_chars: 9000, clipped: true, duration_ms: 2.4, output: "Error: missing.txt not found" }), cut);
    expect(lines).toEqual([
      "00:00:00 result  read_file failed (not_found) 2ms",
      "           [the model received 40 of 9000 chars: the tool's output was clipped]",
      "           │ Error: missing.txt not found",
    ]);
  });

  test("per launch, each with the kind the event log gives it", () => {
    const events = [ev("dag_task_dispatching", { attempt: 1, inPlace: false }), ev("dag_task_dispatched", {}, { pane: "p1" }), ev("dag_task_dispatching", { attempt: 1, inPlace: true }), ev("dag_task_dispatched", {}, { pane: "p2" })];
    const entries = [
      entry("thought", "p1", { text: "Let me look." }),
      entry("call", "p1", { tool: "read_file", args: { path: "a.ts" } }),
      entry("retry", "p2", { status: 429, attempt: 1, delay_ms: 500, reason: "rate limited" }),
      entry("error", "p2", { kind: "quota", message: "kept rate-limiting" }),
      entry("done", "p2", { summary: "gave up" }),
    ];
    const logs = launchLogs(entries, launches(events));
    expect(logs.map((l) => [l.pane, l.kind, l.entries.length])).toEqual([["p1", "dispatch", 2], ["p2", "retry", 3]]);
    expect(logText("p", "t/m.a", logs, cut)).toBe(
      "t/m.a — plan p\n\nattempt 1 · dispatch · run r1 · p1\n  00:00:00 model   Let me look.\n  00:00:00 call    read_file path=\"a.ts\"\n\n" +
        "attempt 1 · retry in place · run r1 · p2\n  00:00:00 retry   HTTP 429 · retry 1 in 500ms: rate limited\n  00:00:00 error   quota: kept rate-limiting\n  00:00:00 done    gave up",
    );
  });
});
