import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { listDirTool } from "../../../plugins/worker-tools/list-dir.ts";
import { failure, makeWorktree, output, type Worktree } from "./core-fixture.ts";

let tree: Worktree;
beforeAll(() => {
  tree = makeWorktree({ "README.md": "abc", "src/foo.py": "x = 1\n", "src/bar.py": "", "tests/t.py": "", ".env": "SECRET=1\n" });
  mkdirSync(join(tree.dir, "empty"));
  tree.link("src/out.txt", tree.outside);
});
afterAll(() => tree.remove());

describe("list_dir", () => {
  test("sorted, dot entries hidden: folders as `path/`, files with their size", async () => {
    expect(await output(listDirTool, {}, tree)).toBe("README.md  (3 bytes)\nempty/\nsrc/\ntests/");
    expect(await output(listDirTool, { path: "src" }, tree)).toBe("src/bar.py  (0 bytes)\nsrc/foo.py  (6 bytes)");
    expect(await output(listDirTool, { path: "empty" }, tree)).toBe("(empty directory)");
  });

  test("missing, a file, and outside paths are errors", async () => {
    expect(await failure(listDirTool, { path: "nope" }, tree)).toBe("nope does not exist.");
    expect(await failure(listDirTool, { path: "README.md" }, tree)).toBe("README.md is not a directory.");
    expect(await failure(listDirTool, { path: "../../etc" }, tree)).toBe("Path traversal attempt blocked.");
  });
});
