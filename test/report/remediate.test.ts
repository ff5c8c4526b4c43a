import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import type { GateRunRecord } from "../../src/report/gate-runs.ts";
import type { PlanReview, ReviewTask } from "../../src/report/plan-review.ts";
import { remediationFiles, toRemediate } from "../../src/report/remediate.ts";
import { tomlMultiline as tomlText } from "../../src/toml/write.ts";
import type { SourceUnit } from "../../src/plan/units.ts";
import type { TaskFile } from "../../src/plan/tree.ts";
import { rootFile, taskFile } from "../../src/plan/schema.ts";
import { parseToml } from "../../src/toml/read.ts";

const none = { create: [], edit: [], delete: [], touch: [], read: [] };
const file: TaskFile = { section: "core", stem: "api", path: "core/api.toml", tasks: {}, lineOf: () => undefined };

function unit(slug: string, files: Partial<SourceUnit["files"]>, extra: Partial<SourceUnit> = {}): SourceUnit {
  return {
    id: `core/api.${slug}`, slug, file, summary: `do ${slug}`, authorPrompt: `Orient:\nRead "${slug}".\nEdit:\nChange it.\nVerify:\nbun test.\n`, promptFile: "",
    commitMessage: `Do ${slug}`, agent: "", provider: "", role: "worker", refs: [], timeoutS: null, iterationBudget: null, testCmd: "", pins: [],
    selfReview: false, maxForkDepth: 1, files: { ...none, ...files }, ...extra,
  };
}

const testsRun: GateRunRecord = {
  id: 1, ts: "", task: "core/api.a", pane: null, gate: "tests", phase: "isolated", level: "block", status: "fail", reason: null, durationMs: 1200, details: {},
  commands: [{ argv: ["sh", "-c", "bun test"], cwd: ".", code: 1, timedOut: false, durationMs: 1100 }],
  findings: [{ rule: "tests", message: "Test failure from `bun test`:\nExpected: 1\nReceived: 10", hint: "Make `bun test` pass." }],
};

function task(id: string, state: string, extra: Partial<ReviewTask> = {}): ReviewTask {
  return {
    id, state, label: state, attempts: 1, launches: 1, durationS: 1, error: null, sha: null, commit: null, usage: { promptTokens: 0, completionTokens: 0, costUsd: null },
    toolCalls: 0, note: null, phases: [], verdict: null, failure: null, fix: null, ...extra,
  };
}

const review = (tasks: ReviewTask[]): PlanReview => ({ plan: "orig", source: "/x", run: { id: "r1", startedAt: "", finishedAt: null, durationS: null, status: "partial", live: false }, halted: null, counts: {}, tasks, postRun: [] });

describe("tomlMultiline", () => {
  test("any text survives a round trip through TOML, newlines kept as newlines", () => {
    for (const text of ['a"""b\\c\n', 'ends with "', 'two ""', '""""""', "tab\there\r\n", "é ☃ \u0001", "plain\nlines\n"]) {
      expect(parseToml(`k = ${tomlText(text)}`, "t.toml").data.k).toBe(text);
    }
    expect(tomlText("one\ntwo\n")).toBe('"""\none\ntwo\n"""');
  });
});

describe("remediationFiles", () => {
  const units = [
    unit("a", { edit: ["src/a.ts"], read: ["tests/a.test.ts"] }, { testCmd: "bun test", timeoutS: 120 }),
    unit("b", { create: ["src/b.ts"] }),
    unit("c", { create: ["src/c.ts"] }),
    unit("d", { create: ["src/d.ts"] }),
  ];
  const rejected = task("core/api.a", "failed", { failure: { attempt: 1, phase: "isolated", error: "settlement rejected at isolated by tests", retryable: true, gates: [testsRun] }, error: "Agent stopped without calling 'done'" });
  const input = (tasks: ReviewTask[]) => ({
    name: "orig-remediate", review: review(tasks), plan: { name: "orig", sections: ["core"], max_retries: 1 }, units,
    // c depends on b (landed, verified), which depends on a: c keeps a as its dependency.
    deps: new Map([["core/api.c", ["core/api.b"]], ["core/api.b", ["core/api.a"]]]),
    exists: (p: string) => p === "src/d.ts",
  });

  test("failed, skipped and unverified tasks; dependencies kept through landed ones; created files that exist now are edited", () => {
    const tasks = [rejected, task("core/api.b", "merged", { sha: "f00", verdict: { checks: [], verified: ["tests"], unverified: null } }), task("core/api.c", "skipped"), task("core/api.d", "merged", { sha: "beef00", verdict: { checks: [], verified: [], unverified: "tests: not run" } })];
    expect(toRemediate(review(tasks)).map((t) => t.id)).toEqual(["core/api.a", "core/api.c", "core/api.d"]);
    const files = remediationFiles(input(tasks));
    expect(Object.keys(files)).toEqual(["_root.toml", "core/api.toml"]);
    const root = v.parse(rootFile, parseToml(files["_root.toml"]!, "_root.toml").data).plan;
    expect(root).toMatchObject({ name: "orig-remediate", sections: ["core"], max_retries: 1 });
    const parsed = v.parse(taskFile, parseToml(files["core/api.toml"]!, "api.toml").data).tasks!;
    expect(Object.keys(parsed)).toEqual(["a", "c", "d"]);
    expect(parsed.a).toMatchObject({ files: { edit: ["src/a.ts"], read: ["tests/a.test.ts"] }, test_cmd: "bun test", timeout_s: 120, commit_message: "Do a" });
    expect(parsed.a!.prompt).toStartWith('Orient:\nRead "a".');
    expect(parsed.a!.prompt).toContain("Settlement rejected attempt 1 at isolated (tests):\n  tests (isolated) failed in 1.2s\n    $ bun test  (exit 1, 1.10s)\n");
    expect(parsed.a!.prompt).toContain("Expected: 1\n");
    expect(parsed.a!.prompt).toContain("Last error: Agent stopped without calling 'done'");
    expect(parsed.c).toMatchObject({ depends_on: ["core/api.a"], files: { create: ["src/c.ts"] } });
    expect(parsed.c!.prompt).toContain("It was skipped: a task it depends on did not land.");
    expect(parsed.d).toMatchObject({ files: { edit: ["src/d.ts"] } });
    expect(parsed.d!.prompt).toContain("It landed as beef00, but no check verified it (tests: not run).");
  });

  test("an unclaimed write is named in a comment and in the prompt, not claimed", () => {
    const scope: GateRunRecord = { ...testsRun, gate: "scope", phase: "review", commands: [], findings: [{ rule: "scope/unclaimed", message: "Touched unclaimed files: src/x.ts, src/y.ts", file: "src/x.ts" }] };
    const files = remediationFiles(input([task("core/api.b", "failed", { failure: { attempt: 1, phase: "review", error: "rejected", retryable: false, gates: [scope] } })]));
    const text = files["core/api.toml"]!;
    expect(text).toContain("# the last attempt also wrote src/x.ts, which is not claimed");
    expect(text).toContain("# the last attempt also wrote src/y.ts, which is not claimed");
    expect(v.parse(taskFile, parseToml(text, "api.toml").data).tasks!.b!.files).toEqual({ create: ["src/b.ts"] });
  });

  test("nothing to remediate: no files", () => {
    expect(remediationFiles(input([task("core/api.a", "merged", { verdict: { checks: [], verified: ["tests"], unverified: null } }), task("core/api.b", "pending")]))).toEqual({});
  });
});
