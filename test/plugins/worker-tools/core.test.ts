import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ToolRole } from "dgov/plugin";
import * as v from "valibot";
import { coreTools } from "../../../plugins/worker-tools/core.ts";
import { call, makeWorktree, type Worktree } from "./core-fixture.ts";

const READERS: ToolRole[] = ["worker", "researcher", "reviewer", "planner"];
const tool = (name: string) => coreTools.find((t) => t.name === name)!;

describe("the core tool catalogue", () => {
  test("names in spec order, writers for workers only, every other tool for every role", () => {
    expect(coreTools.map((t) => t.name)).toEqual([
      "read_file", "write_file", "edit_file", "apply_patch", "grep", "glob", "list_dir",
      "git_diff", "recent_changes", "assert_file_unchanged", "revert_file", "head", "tail",
    ]);
    const writers = ["write_file", "edit_file", "apply_patch", "revert_file"];
    for (const t of coreTools) {
      const roles: ToolRole[] = writers.includes(t.name) ? ["worker"] : READERS;
      expect([t.name, t.roles]).toEqual([t.name, roles]);
      expect([t.name, t.effect]).toEqual([t.name, writers.includes(t.name) ? "write" : "read"]);
    }
  });

  test("argument names are the spec's, unknown arguments are refused", () => {
    const keys = Object.fromEntries(coreTools.map((t) => [t.name, Object.keys((t.args as v.StrictObjectSchema<v.ObjectEntries, undefined>).entries)]));
    expect(keys).toEqual({
      read_file: ["path", "start_line", "end_line"],
      write_file: ["path", "content"],
      edit_file: ["path", "old_text", "new_text"],
      apply_patch: ["path", "patch"],
      grep: ["pattern", "path"],
      glob: ["pattern"],
      list_dir: ["path"],
      git_diff: [],
      recent_changes: ["path"],
      assert_file_unchanged: ["path"],
      revert_file: ["path"],
      head: ["path", "n"],
      tail: ["path", "n"],
    });
    expect(v.safeParse(tool("read_file").args, { file: "a" }).success).toBe(false);
    expect(v.safeParse(tool("git_diff").args, { x: 1 }).success).toBe(false);
  });

  test("the write_file description says it creates a new file (B14)", () => {
    expect(tool("write_file").description).toContain("NEW file");
    expect(tool("write_file").description).not.toContain("replacement");
  });
});

/** Arguments of each tool that takes a path, for a given path. */
const PATH_CALLS: Record<string, (path: string) => Record<string, unknown>> = {
  read_file: (path) => ({ path }),
  write_file: (path) => ({ path, content: "pwned\n" }),
  edit_file: (path) => ({ path, old_text: "secret", new_text: "pwned" }),
  apply_patch: (path) => ({ path, patch: "@@ -1,1 +1,1 @@\n-outside_secret\n+pwned\n" }),
  grep: (path) => ({ pattern: "secret", path }),
  list_dir: (path) => ({ path }),
  recent_changes: (path) => ({ path }),
  assert_file_unchanged: (path) => ({ path }),
  revert_file: (path) => ({ path }),
  head: (path) => ({ path }),
  tail: (path) => ({ path }),
};

describe("containment: every path goes through the worktree's files", () => {
  let tree: Worktree;
  beforeAll(() => {
    tree = makeWorktree({ "a.txt": "a\n" }, { git: true });
    tree.link("link.txt", tree.outside);
    tree.link("evil-dir", tree.evil);
    tree.link("dangling.txt", join(tree.evil, "created-by-link.txt"));
  });
  afterAll(() => tree.remove());

  const escapes = (t: Worktree) => [
    "../repo_evil/secret.txt",
    "../outside.txt",
    "../../etc/passwd",
    join(t.evil, "secret.txt"),
    t.outside,
    "link.txt",
    "evil-dir/secret.txt",
    "dangling.txt",
  ];

  for (const [name, args] of Object.entries(PATH_CALLS)) {
    test(`${name} refuses paths leaving the worktree, and changes nothing outside`, async () => {
      for (const path of escapes(tree)) {
        expect([path, await call(tool(name), args(path), tree)]).toEqual([path, { ok: false, error: "Path traversal attempt blocked." }]);
      }
      expect(readdirSync(tree.evil)).toEqual(["secret.txt"]);
      expect(readFileSync(join(tree.evil, "secret.txt"), "utf8")).toBe("evil_secret\n");
      expect(readFileSync(tree.outside, "utf8")).toBe("outside_secret\n");
    });
  }

  test("an absolute path inside the worktree is fine", async () => {
    expect(await call(tool("read_file"), { path: join(tree.dir, "a.txt") }, tree)).toEqual({ ok: true, output: "a\n" });
  });

  test("nothing under .git/ is writable", async () => {
    for (const name of ["write_file", "edit_file", "apply_patch", "revert_file"]) {
      for (const path of [".git/config", ".git/hooks/pre-commit", "./.git/HEAD", ".GIT/config"]) {
        const result = await call(tool(name), PATH_CALLS[name]!(path), tree);
        expect([name, path, result.ok]).toEqual([name, path, false]);
        if (!result.ok) expect(result.error).toContain("inside .git/");
      }
    }
    expect(existsSync(join(tree.dir, ".git/hooks/pre-commit"))).toBe(false);
    expect(readFileSync(join(tree.dir, ".git/config"), "utf8")).not.toContain("pwned");
  });
});
