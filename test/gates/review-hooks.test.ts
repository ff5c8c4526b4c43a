import { afterEach, describe, expect, test } from "bun:test";
import { runGate } from "dgov/testing";
import { reviewHooksGate } from "../../gates/review-hooks.ts";
import { type GateRepo, gateRepo, workingInput } from "./gate-repo.ts";

let repo: GateRepo;
afterEach(() => repo?.remove());

const hooks = (...review_hooks: string[]) => ({ review_hooks });

describe("review-hooks gate", () => {
  test("{files} are the changed paths that exist, each quoted (spaces survive; a rename source is not passed)", async () => {
    repo = gateRepo({ "old.py": "x\n", "keep.py": "k\n" });
    repo.git("mv", "old.py", "new.py");
    repo.edit({ "my file.py": "import os\n", "keep.py": "k2\n" });
    // Three paths, each one word and an existing file: new.py, keep.py and "my file.py".
    const hook = 'set -- {files}; [ $# -eq 3 ] || { echo "$# paths: $*"; exit 1; }; for f; do test -f "$f" || exit 1; done';
    const input = await workingInput(repo, hooks(hook));
    expect(input.changed.some((c) => c.oldPath === "old.py")).toBe(true);
    expect(await runGate(reviewHooksGate, input, { exec: repo.exec })).toEqual({ status: "pass" });
  });

  test("the first failing hook fails with its text and output", async () => {
    repo = gateRepo({ "a.py": "x = 1\n" });
    repo.edit({ "a.py": "import os\n" });
    const input = await workingInput(repo, hooks("true", "echo checking; ! grep -q 'import os' {file}", "echo never-run; exit 1"));
    expect(await runGate(reviewHooksGate, input, { exec: repo.exec })).toEqual({
      status: "fail",
      findings: [{ rule: "review-hooks/failed", message: "Review hook failed: echo checking; ! grep -q 'import os' {file}\nchecking" }],
    });
  });

  test("the inverse hook passes", async () => {
    repo = gateRepo({ "a.py": "x = 1\n" });
    repo.edit({ "a.py": "x = 2\n" });
    expect(await runGate(reviewHooksGate, await workingInput(repo, hooks("! grep -q 'import os' {file}")), { exec: repo.exec })).toEqual({ status: "pass" });
  });

  test("a hook that hangs fails after its timeout", async () => {
    repo = gateRepo({ "a.py": "x = 1\n" });
    repo.edit({ "a.py": "x = 2\n" });
    const outcome = await runGate(reviewHooksGate, await workingInput(repo, hooks("sleep 5")), { exec: repo.exec, options: { timeout_s: 0.2 } });
    expect(outcome).toEqual({ status: "fail", findings: [{ rule: "review-hooks/timeout", message: "Review hook timed out after 0.2s: sleep 5" }] });
  });

  test("skips with no hooks, and when only deletions are left to pass", async () => {
    repo = gateRepo({ "a.py": "x = 1\n" });
    repo.edit({ "a.py": "x = 2\n" });
    expect(await runGate(reviewHooksGate, await workingInput(repo, hooks()), { exec: repo.exec })).toMatchObject({ status: "skip" });
    repo.git("checkout", "--", "a.py");
    repo.edit({ "a.py": null });
    expect(await runGate(reviewHooksGate, await workingInput(repo, hooks("grep -q x {files}")), { exec: repo.exec })).toMatchObject({ status: "skip" });
  });

  test("an exec that throws is the gate's error", async () => {
    repo = gateRepo({ "a.py": "x = 1\n" });
    repo.edit({ "a.py": "x = 2\n" });
    const exec = () => Promise.reject(new Error("spawn failed"));
    expect(await runGate(reviewHooksGate, await workingInput(repo, hooks("true")), { exec })).toEqual({ status: "error", error: "gate 'review-hooks' threw: spawn failed" });
  });
});
