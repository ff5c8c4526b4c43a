import { afterEach, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { TaskScope, ToolSession } from "dgov/plugin";
import { parseStatusZ, scopeStatus } from "../../../plugins/worker-tools/scope-status.ts";
import { call, type CodeTree, makeTree, scopeOf } from "./code-fixture.ts";

const BASE = { "src/foo.py": "x = 1\n", "src/bar.py": "y = 1\n", "README.md": "# r\n", "tests/test_foo.py": "def test(): pass\n" };

let tree: CodeTree;
afterEach(() => tree?.remove());

async function status(scope: TaskScope | null, session: ToolSession = new Map()): Promise<string> {
  const result = await call(scopeStatus, {}, tree, { scope, session });
  if (!result.ok) throw new Error(result.error);
  return result.output;
}

const writes = (...paths: string[]): ToolSession => new Map([["writes", new Set(paths)]]);

describe("scope_status (spec §3.1 #30, §7 tests 31–33)", () => {
  test("a claimed, modified file passes (test 31)", async () => {
    tree = makeTree(BASE, { git: true });
    tree.write("src/foo.py", "x = 2\n");
    expect(await status(scopeOf({ edit: ["src/foo.py"], read: ["tests/test_foo.py"] }))).toBe(
      ["scope_status: pass", "claimed_writable: src/foo.py", "claimed_readonly: tests/test_foo.py", "modified_files: src/foo.py", "blocking: (none)"].join("\n"),
    );
  });

  test("a transient write outside the claims fails, even once the file is gone (test 32)", async () => {
    tree = makeTree(BASE, { git: true });
    tree.write("src/foo.py", "x = 2\n");
    expect(await status(scopeOf({ edit: ["src/foo.py"] }), writes("src/foo.py", "scratch.py"))).toBe(
      [
        "scope_status: fail",
        "claimed_writable: src/foo.py",
        "claimed_readonly: (none)",
        "modified_files: src/foo.py",
        "transient_writes: scratch.py, src/foo.py",
        "unclaimed_transient: scratch.py",
        "blocking: Transiently touched unclaimed files via worker tools: scratch.py",
        "hint: Even a file written and removed again counts: claim it in files.create/edit/touch, or do not write it.",
      ].join("\n"),
    );
  });

  test("a read claim does not excuse a transient write; an ignore entry does", async () => {
    tree = makeTree(BASE, { git: true });
    tree.write("src/foo.py", "x = 2\n");
    const scope = scopeOf({ edit: ["src/foo.py"], read: ["tests/test_foo.py"] });
    expect(await status(scope, writes("tests/test_foo.py"))).toContain("blocking: Transiently touched unclaimed files via worker tools: tests/test_foo.py");
    const ignored = await status(scope, writes("uv.lock", "pkg/__pycache__/a.pyc"));
    expect(ignored).toContain("ignored_transient: pkg/__pycache__/a.pyc, uv.lock\n");
    expect(ignored).toEndWith("blocking: (none)");
  });

  test("a file outside scope_allow_files fails, claimed or not (test 33)", async () => {
    tree = makeTree(BASE, { git: true });
    tree.write("README.md", "# changed\n");
    expect(await status(scopeOf({ edit: ["README.md"] }, { allowFiles: ["src/**"] }))).toBe(
      [
        "scope_status: fail",
        "claimed_writable: README.md",
        "claimed_readonly: (none)",
        "modified_files: README.md",
        "outside_project_allowlist: README.md",
        "blocking: Touched files outside project allowlist: README.md",
        "hint: [scope] allow_files limits what any task may change.",
      ].join("\n"),
    );
  });

  test("unclaimed, read-only and denied changes, and ignored ones", async () => {
    tree = makeTree(BASE, { git: true });
    tree.write("src/bar.py", "y = 2\n");
    tree.write("uv.lock", "lock\n");
    const unclaimed = await status(scopeOf({ edit: ["src/foo.py"] }));
    expect(unclaimed).toContain("modified_files: src/bar.py, uv.lock\nignored_modified: uv.lock\nunclaimed_modified: src/bar.py\n");
    expect(unclaimed).toContain("blocking: Touched unclaimed files: src/bar.py\nhint: Add these paths to files.edit in task 'tasks/main.fix'");
    expect(await status(scopeOf({ read: ["src/bar.py"] }))).toContain("unclaimed_modified: src/bar.py\nblocking: Edited read-only files: src/bar.py");
    const denied = await status(scopeOf({ edit: ["src/bar.py"] }, { denyFiles: ["src/*"] }));
    expect(denied).toContain("project_denied: src/bar.py\nblocking: Touched project-denied files: src/bar.py");
  });

  test("new files in new folders are listed one by one; renames list both paths; directory claims cover", async () => {
    tree = makeTree(BASE, { git: true });
    tree.write("src/new/deep/a.py", "a\n");
    tree.write("src/new/b.py", "b\n");
    tree.git("mv", "src/bar.py", "src/baz.py");
    expect(await status(scopeOf({ create: ["src/new"], edit: ["src/bar.py", "src/baz.py"] }))).toBe(
      [
        "scope_status: pass",
        "claimed_writable: src/bar.py, src/baz.py, src/new",
        "claimed_readonly: (none)",
        "modified_files: src/bar.py, src/baz.py, src/new/b.py, src/new/deep/a.py",
        "blocking: (none)",
      ].join("\n"),
    );
  });

  test("no change at all is what settlement would reject", async () => {
    tree = makeTree(BASE, { git: true });
    expect(await status(scopeOf({ edit: ["src/foo.py"] }))).toContain("modified_files: (none)\nblocking: No changes produced");
  });

  test("without task scope, and where git fails", async () => {
    tree = makeTree(BASE, { git: true });
    expect(await call(scopeStatus, {}, tree, { scope: null })).toEqual({ ok: false, error: "scope_status() requires task scope from the governor." });
    rmSync(join(tree.dir, ".git"), { recursive: true, force: true });
    const result = await call(scopeStatus, {}, tree, { scope: scopeOf({ edit: ["src/foo.py"] }) });
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toStartWith("git status failed.\nfatal: not a git repository");
  });

  test("porcelain -z parsing: odd names, renames, copies, deletions", () => {
    const out = "?? a b.py\0 M src/x.py\0R  new.py\0old.py\0C  copy.py\0orig.py\0 D gone.py\0A  added.py\0";
    expect(parseStatusZ(out)).toEqual([
      { path: "a b.py", status: "added" },
      { path: "src/x.py", status: "modified" },
      { path: "new.py", status: "renamed", oldPath: "old.py" },
      { path: "copy.py", status: "added" },
      { path: "gone.py", status: "deleted" },
      { path: "added.py", status: "added" },
    ]);
  });
});
