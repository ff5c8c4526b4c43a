/**
 * Containment across the whole catalogue: every tool that takes a `path` or `file` refuses
 * one that leaves the worktree (`..`, absolute, a symlink, a prefix-sibling folder), and
 * nothing outside is read into its output or changed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import type { ToolDef } from "dgov/plugin";
import { resolveConfig } from "../../../src/config/resolve.ts";
import { runTool } from "dgov/testing";
import workerTools from "../../../plugins/worker-tools/index.ts";
import { makeWorktree, type Worktree } from "./core-fixture.ts";

/** Besides the path: the other required arguments of each tool. */
const OTHER_ARGS: Record<string, Record<string, unknown>> = {
  write_file: { content: "pwned\n" },
  edit_file: { old_text: "evil_secret", new_text: "pwned" },
  apply_patch: { patch: "@@ -1 +1 @@\n-evil_secret\n+pwned\n" },
  grep: { pattern: "secret" },
  ast_grep: { pattern: "$A" },
  ripgrep: { pattern: "secret" },
  jq: { expr: "." },
};

const config = resolveConfig({
  project: { test_cmd: "cat {test_dir}", lint_cmd: "cat {file}", lint_fix_cmd: "cat {file}", format_cmd: "cat {file}", test_dir: "tests/" },
});
const scope = { taskId: "t", claims: { create: [], edit: [], delete: [], touch: [], read: ["tests"] }, verifyTestTargets: ["tests"], ignoreFiles: [], allowFiles: [], denyFiles: [] };

function pathArg(tool: ToolDef): "path" | "file" | null {
  const entries = (tool.args as unknown as { entries: Record<string, unknown> }).entries;
  return "path" in entries ? "path" : "file" in entries ? "file" : null;
}

describe("every tool taking a path stays in the worktree", () => {
  let tree: Worktree;
  beforeAll(() => {
    tree = makeWorktree({ "a.txt": "a\n", "tests/t.txt": "t\n" }, { git: true });
    tree.link("link.txt", tree.outside);
    tree.link("evil-dir", tree.evil);
  });
  afterAll(() => tree.remove());

  const tools = workerTools.tools!.filter((t) => pathArg(t) !== null);
  test("the catalogue has the tools this test covers", () => {
    expect(tools.map((t) => t.name).sort()).toEqual([
      "apply_patch", "assert_file_unchanged", "ast_grep", "check_syntax", "edit_file", "file_symbols", "format_file", "grep", "head", "jq", "lint_check",
      "lint_fix", "list_dir", "read_file", "recent_changes", "related_files", "revert_file", "ripgrep", "run_tests", "tail", "tree", "word_count", "write_file",
    ]);
  });

  for (const tool of tools) {
    test(`${tool.name}`, async () => {
      const key = pathArg(tool)!;
      for (const path of ["../repo_evil/secret.txt", "../outside.txt", join(tree.evil, "secret.txt"), tree.outside, "link.txt", "evil-dir/secret.txt"]) {
        const result = await runTool(tool, { ...OTHER_ARGS[tool.name], [key]: path }, { worktree: tree.dir, real: true, config, scope });
        const text = result.ok ? result.output : result.error;
        expect([tool.name, path, text]).not.toContainEqual(expect.stringContaining("evil_secret"));
        expect([tool.name, path, text]).not.toContainEqual(expect.stringContaining("outside_secret"));
        expect([tool.name, path, result.ok]).toEqual([tool.name, path, false]);
      }
      expect(readdirSync(tree.evil)).toEqual(["secret.txt"]);
      expect(readFileSync(join(tree.evil, "secret.txt"), "utf8")).toBe("evil_secret\n");
      expect(readFileSync(tree.outside, "utf8")).toBe("outside_secret\n");
    });
  }
});
