import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { claimFix, findingPaths, taskFile, unclaimedPaths } from "../../src/report/claim-fix.ts";
import type { Failure } from "../../src/report/story.ts";
import { currentPlanDir, planArg } from "../../src/report/plan-record.ts";

const root = mkdtempSync(join(tmpdir(), "dgov-claimfix-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function scopeFailure(rule: string, message: string): Failure {
  return {
    attempt: 1, phase: "review", error: "rejected", retryable: false,
    gates: [{ id: 1, ts: "", task: "t/m.a", pane: null, gate: "scope", phase: "review", level: "block", status: "fail", reason: null, durationMs: 1, commands: [], details: {}, findings: [{ rule, message, file: "x" }] }],
  };
}

describe("claim fixes", () => {
  test("the paths a scope finding names", () => {
    expect(findingPaths({ rule: "scope/unclaimed", message: "Touched unclaimed files: a.ts, b/c.ts", file: "a.ts" })).toEqual(["a.ts", "b/c.ts"]);
    expect(findingPaths({ rule: "scope/unclaimed", message: "odd", file: "a.ts" })).toEqual(["a.ts"]);
    expect(unclaimedPaths(scopeFailure("scope/read-only", "Edited read-only files: a.ts"))).toEqual([]);
    expect(unclaimedPaths(null)).toEqual([]);
  });

  test("a path the target has goes to files.edit, a new one to files.create, in the task's own file", () => {
    writeFileSync(join(root, "old.ts"), "");
    const fix = claimFix(root, join(root, ".dgov/plans/p"), "core/api.add", scopeFailure("scope/transient-unclaimed", "Transiently touched unclaimed files via worker tools: new.ts, old.ts"));
    expect(fix).toBe('edit .dgov/plans/p/core/api.toml: add "new.ts" to files.create and add "old.ts" to files.edit of [tasks.add] (or split the task), then recompile');
    expect(claimFix(root, null, "core/api.add", scopeFailure("scope/empty-diff", "No changes produced"))).toBeNull();
    expect(taskFile("/plans/p", "a/b.c")).toBe("/plans/p/a/b.toml");
  });

  test("where a plan is now, and how a command names it", () => {
    const plans = join(root, ".dgov/plans");
    mkdirSync(join(plans, "archive/gone"), { recursive: true });
    writeFileSync(join(plans, "archive/gone/_root.toml"), "");
    expect(currentPlanDir(join(plans, "gone"))).toBe(join(plans, "archive/gone"));
    expect(currentPlanDir(join(plans, "never"))).toBeNull();
    expect(planArg(root, join(plans, "archive/gone"), "x")).toBe("gone");
    expect(planArg(root, join(root, ".dgov/runtime/fix-plans/fix-a"), "x")).toBe(".dgov/runtime/fix-plans/fix-a");
    expect(planArg(root, null, "named")).toBe("named");
  });
});
