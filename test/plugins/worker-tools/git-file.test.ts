import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { unlinkSync } from "node:fs";
import { join } from "node:path";
import { fakeExec, runTool } from "dgov/testing";
import { assertFileUnchangedTool, recentChangesTool } from "../../../plugins/worker-tools/git-file.ts";
import { failure, makeWorktree, output, type Worktree } from "./core-fixture.ts";

let tree: Worktree;
beforeEach(() => {
  tree = makeWorktree({ "src/foo.py": "x = 1\n", "keep.txt": "k\n", ".gitignore": "*.log\n" }, { git: true });
});
afterEach(() => tree.remove());

describe("recent_changes", () => {
  test("the last commits touching the path, one line each", async () => {
    tree.write("src/foo.py", "x = 2\n");
    tree.git("commit", "-qam", "second: change foo");
    const log = (await output(recentChangesTool, { path: "src/foo.py" }, tree)).split("\n");
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^[0-9a-f]{7,} second: change foo$/);
    expect(log[1]).toMatch(/^[0-9a-f]{7,} initial$/);
    expect(await output(recentChangesTool, { path: "keep.txt" }, tree)).toMatch(/^[0-9a-f]{7,} initial$/);
  });

  test("at most ten", async () => {
    for (let i = 0; i < 12; i++) {
      tree.write("keep.txt", `${i}\n`);
      tree.git("commit", "-qam", `c${i}`);
    }
    expect((await output(recentChangesTool, { path: "./keep.txt" }, tree)).split("\n")).toHaveLength(10);
  });

  test("no history", async () => {
    tree.write("new.py", "n\n");
    expect(await output(recentChangesTool, { path: "new.py" }, tree)).toBe("No git history for new.py.");
  });

  test("argv with `--` before the path, and the timeout text", async () => {
    const exec = fakeExec([{ match: () => true, result: { timedOut: true, code: 143 } }]);
    expect(await runTool(recentChangesTool, { path: "./-rf" }, { exec, worktree: tree.dir })).toEqual({ ok: false, error: "git log timed out." });
    expect(exec.calls[0]!.argv.slice(6)).toEqual(["log", "--oneline", "--no-decorate", "-10", "--", "-rf"]);
  });
});

describe("assert_file_unchanged", () => {
  test("OK for an unchanged file", async () => {
    expect(await output(assertFileUnchangedTool, { path: "src/foo.py" }, tree)).toBe("OK: src/foo.py is unchanged from HEAD.");
  });

  test("FAIL with the diff for a modified, staged or deleted file", async () => {
    tree.write("src/foo.py", "x = 2\n");
    const modified = await output(assertFileUnchangedTool, { path: "src/foo.py" }, tree);
    expect(modified).toStartWith("FAIL: src/foo.py has been modified:\ndiff --git a/src/foo.py b/src/foo.py\n");
    expect(modified).toEndWith("-x = 1\n+x = 2");
    tree.git("add", "-A");
    expect(await output(assertFileUnchangedTool, { path: "src/foo.py" }, tree)).toStartWith("FAIL: src/foo.py has been modified:");
    unlinkSync(join(tree.dir, "keep.txt"));
    expect(await output(assertFileUnchangedTool, { path: "keep.txt" }, tree)).toContain("deleted file mode");
  });

  test("the diff shown is cut at 500 chars", async () => {
    tree.write("src/foo.py", "y = 2\n".repeat(300));
    const out = await output(assertFileUnchangedTool, { path: "src/foo.py" }, tree);
    const [head, diff] = [out.slice(0, out.indexOf("\n") + 1), out.slice(out.indexOf("\n") + 1)];
    expect(head).toBe("FAIL: src/foo.py has been modified:\n");
    expect(diff.split("\n... (truncated at 500 chars)")[0]).toHaveLength(500);
    expect(diff).toEndWith("\n... (truncated at 500 chars)");
  });

  test("a new untracked file is not OK (B14)", async () => {
    tree.write("new.py", "n\n");
    expect(await output(assertFileUnchangedTool, { path: "new.py" }, tree)).toBe("FAIL: new.py is new (untracked).");
    tree.write("src/extra/made.py", "m\n");
    expect(await output(assertFileUnchangedTool, { path: "src" }, tree)).toBe("FAIL: src has new (untracked) files: src/extra/made.py");
  });

  test("an ignored file cannot be vouched for; a path that exists nowhere is an error", async () => {
    tree.write("run.log", "l\n");
    expect(await output(assertFileUnchangedTool, { path: "run.log" }, tree)).toBe("FAIL: run.log is ignored by git, so it cannot be compared with HEAD.");
    expect(await failure(assertFileUnchangedTool, { path: "nope.py" }, tree)).toBe("nope.py does not exist, in HEAD or in the worktree.");
    expect(await output(assertFileUnchangedTool, { path: "." }, tree)).toBe("OK: . is unchanged from HEAD.");
    tree.write("forced.log", "f\n");
    tree.git("add", "-f", "forced.log");
    tree.git("commit", "-qm", "forced");
    expect(await output(assertFileUnchangedTool, { path: "forced.log" }, tree)).toBe("OK: forced.log is unchanged from HEAD.");
  });
});
