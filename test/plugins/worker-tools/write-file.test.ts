import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileTool } from "../../../plugins/worker-tools/write-file.ts";
import { call, failure, makeWorktree, type Worktree } from "./core-fixture.ts";

let tree: Worktree;
beforeEach(() => {
  tree = makeWorktree({ "hello.py": "x = 1\n", "dir/keep.txt": "k\n" });
});
afterEach(() => tree.remove());

describe("write_file", () => {
  test("creates the file with the exact content; the count is UTF-8 bytes; writes name it", async () => {
    expect(await call(writeFileTool, { path: "new.txt", content: "hello world" }, tree)).toEqual({
      ok: true,
      output: "Successfully wrote 11 bytes to new.txt",
      writes: ["new.txt"],
    });
    expect(tree.read("new.txt")).toBe("hello world");
    const result = await call(writeFileTool, { path: "./uni.txt", content: "é€😀" }, tree);
    expect(result).toEqual({ ok: true, output: "Successfully wrote 9 bytes to ./uni.txt", writes: ["uni.txt"] });
  });

  test("creates missing parent folders", async () => {
    expect((await call(writeFileTool, { path: "sub/dir/file.txt", content: "deep" }, tree)).ok).toBe(true);
    expect(tree.read("sub/dir/file.txt")).toBe("deep");
  });

  test("refuses an existing file and leaves it alone", async () => {
    expect(await failure(writeFileTool, { path: "hello.py", content: "x = 2\n" }, tree)).toBe(
      "hello.py already exists. Use edit_file or apply_patch to modify existing files.",
    );
    expect(tree.read("hello.py")).toBe("x = 1\n");
  });

  test("refuses a folder, and a path below a file", async () => {
    expect(await failure(writeFileTool, { path: "dir", content: "x" }, tree)).toContain("already exists");
    expect(await failure(writeFileTool, { path: "hello.py/inner.txt", content: "x" }, tree)).toContain("cannot write hello.py/inner.txt");
  });

  test("the prefix-sibling repo_evil is outside, and nothing is written there", async () => {
    expect(await failure(writeFileTool, { path: "../repo_evil/owned.txt", content: "x" }, tree)).toBe("Path traversal attempt blocked.");
    expect(existsSync(join(tree.evil, "owned.txt"))).toBe(false);
    expect(readFileSync(join(tree.evil, "secret.txt"), "utf8")).toBe("evil_secret\n");
  });

  test("content must be a string", async () => {
    expect(await failure(writeFileTool, { path: "n.txt", content: 5 }, tree)).toContain("content");
    expect(existsSync(join(tree.dir, "n.txt"))).toBe(false);
  });
});
