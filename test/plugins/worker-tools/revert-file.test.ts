import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { fakeExec, runTool } from "dgov/testing";
import { revertFileTool } from "../../../plugins/worker-tools/revert-file.ts";
import { call, failure, makeWorktree, type Worktree } from "./core-fixture.ts";

let tree: Worktree;
beforeEach(() => {
  tree = makeWorktree({ "src/foo.py": "x = 1\n", "keep.txt": "k\n", ".gitignore": "*.log\n" }, { git: true });
});
afterEach(() => tree.remove());

const status = () => tree.git("status", "--porcelain", "--untracked-files=all");

describe("revert_file", () => {
  test("a modified file goes back to HEAD, staged changes too", async () => {
    tree.write("src/foo.py", "x = 2\n");
    tree.git("add", "src/foo.py");
    expect(await call(revertFileTool, { path: "./src/foo.py" }, tree)).toEqual({
      ok: true,
      output: "Successfully reverted ./src/foo.py to HEAD.",
      writes: ["src/foo.py"],
    });
    expect(tree.read("src/foo.py")).toBe("x = 1\n");
    expect(status()).toBe("");
  });

  test("a deleted file comes back", async () => {
    unlinkSync(join(tree.dir, "keep.txt"));
    expect((await call(revertFileTool, { path: "keep.txt" }, tree)).ok).toBe(true);
    expect(tree.read("keep.txt")).toBe("k\n");
  });

  test("a new untracked file is removed (B14)", async () => {
    tree.write("src/new.py", "n\n");
    expect(await call(revertFileTool, { path: "src/new.py" }, tree)).toEqual({
      ok: true,
      output: "Successfully removed new file src/new.py.",
      writes: ["src/new.py"],
    });
    expect(existsSync(join(tree.dir, "src/new.py"))).toBe(false);
    expect(status()).toBe("");
  });

  test("a new staged file is removed from the index and the worktree", async () => {
    tree.write("staged.py", "s\n");
    tree.git("add", "staged.py");
    expect(await call(revertFileTool, { path: "staged.py" }, tree)).toMatchObject({ ok: true, output: "Successfully removed new file staged.py." });
    expect(existsSync(join(tree.dir, "staged.py"))).toBe(false);
    expect(status()).toBe("");
  });

  test("ignored files, folders, the root and paths that exist nowhere are refused", async () => {
    tree.write("run.log", "l\n");
    expect(await failure(revertFileTool, { path: "run.log" }, tree)).toBe("Failed to revert run.log: it is ignored by git, not a file this task added; it was left alone.");
    expect(existsSync(join(tree.dir, "run.log"))).toBe(true);
    expect(await failure(revertFileTool, { path: "src" }, tree)).toBe("Failed to revert src: it is a folder; revert_file reverts one file.");
    expect(await failure(revertFileTool, { path: "." }, tree)).toContain("not the whole worktree");
    expect(await failure(revertFileTool, { path: "nope.py" }, tree)).toBe("Failed to revert nope.py: it does not exist in HEAD or in the worktree.");
    tree.write("newdir/a.txt", "a\n");
    expect(await failure(revertFileTool, { path: "newdir" }, tree)).toContain("is a folder HEAD does not have");
  });

  test("git's failure text is passed on; argv has `--` before the path", async () => {
    const exec = fakeExec([
      { match: (argv) => argv.includes("cat-file"), result: { stdout: "blob\n" } },
      { match: (argv) => argv[0] === "sh", result: { code: 1, stderr: "error: pathspec 'src/foo.py' did not match any file(s) known to git\n" } },
    ]);
    const result = await runTool(revertFileTool, { path: "src/foo.py" }, { exec, worktree: tree.dir });
    expect(result).toEqual({ ok: false, error: "Failed to revert src/foo.py: pathspec 'src/foo.py' did not match any file(s) known to git" });
    expect(exec.calls[0]!.argv.slice(6)).toEqual(["cat-file", "-t", "HEAD:src/foo.py"]);
    const checkout = exec.calls[1]!.argv;
    expect(checkout[2]).toContain('checkout HEAD -- "$1"');
    expect(checkout.slice(3)).toEqual(["sh", "src/foo.py"]);
  });
});
