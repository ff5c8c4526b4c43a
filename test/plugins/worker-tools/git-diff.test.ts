import { afterEach, describe, expect, test } from "bun:test";
import { unlinkSync } from "node:fs";
import { join } from "node:path";
import { fakeExec, runTool } from "dgov/testing";
import { gitDiffTool } from "../../../plugins/worker-tools/git-diff.ts";
import { failure, makeWorktree, output, type Worktree } from "./core-fixture.ts";

let tree: Worktree;
afterEach(() => tree?.remove());

const committed = () => {
  tree = makeWorktree({ "hello.py": "x = 1\n", "gone.txt": "bye\n", ".gitignore": "*.log\n" }, { git: true });
  return tree;
};

describe("git_diff", () => {
  test("a clean worktree: No changes.", async () => {
    committed();
    tree.write("build.log", "ignored\n");
    expect(await output(gitDiffTool, {}, tree)).toBe("No changes.");
  });

  test("tracked changes against HEAD, staged and unstaged, deletions included", async () => {
    committed();
    tree.write("hello.py", "x = 2\n");
    unlinkSync(join(tree.dir, "gone.txt"));
    tree.write("staged.txt", "s\n");
    tree.git("add", "staged.txt");
    const diff = await output(gitDiffTool, {}, tree);
    expect(diff).toStartWith("diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644");
    expect(diff).toContain("diff --git a/hello.py b/hello.py");
    expect(diff).toContain("-x = 1\n+x = 2");
    expect(diff).toContain("+++ b/staged.txt");
    expect(diff).not.toContain("Untracked");
    expect(diff).not.toContain("\u001b[");
  });

  test("untracked files are listed after the diff, also when there is one (B14); ignored ones are not", async () => {
    committed();
    tree.write("new.py", "n\n");
    tree.write("sub/ünï.txt", "u\n");
    tree.write("build.log", "ignored\n");
    expect(await output(gitDiffTool, {}, tree)).toBe("Untracked files:\nnew.py\nsub/ünï.txt");
    tree.write("hello.py", "x = 2\n");
    const both = await output(gitDiffTool, {}, tree);
    expect(both).toStartWith("diff --git a/hello.py b/hello.py");
    expect(both).toEndWith("+x = 2\n\nUntracked files:\nnew.py\nsub/ünï.txt");
  });

  test("a diff over 5000 chars is cut with the notice; the untracked list still follows", async () => {
    committed();
    tree.write("hello.py", Array.from({ length: 400 }, (_, i) => `line number ${i}\n`).join(""));
    tree.write("new.py", "n\n");
    const out = await output(gitDiffTool, {}, tree);
    const [diff, rest] = out.split("\n... (truncated at 5000 chars)");
    expect(diff).toHaveLength(5000);
    expect(rest).toBe("\n\nUntracked files:\nnew.py");
  });

  test("git's argv, and its timeout and failure texts", async () => {
    const timeout = fakeExec([{ match: () => true, result: { code: 143, timedOut: true } }]);
    expect(await runTool(gitDiffTool, {}, { exec: timeout })).toEqual({ ok: false, error: "git diff timed out." });
    expect(timeout.calls.map((c) => [c.argv, c.options.timeoutMs])).toEqual([
      [["git", "--no-pager", "-c", "core.quotepath=false", "-c", "color.ui=false", "diff", "--no-color", "--no-ext-diff", "HEAD"], 10_000],
    ]);
    tree = makeWorktree({ "a.txt": "a\n" });
    tree.git("init", "-q");
    expect(await failure(gitDiffTool, {}, tree)).toStartWith("git diff failed: ");
  });
});
