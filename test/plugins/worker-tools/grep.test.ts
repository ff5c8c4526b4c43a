import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTool } from "dgov/testing";
import { compilePattern, grepFiles, grepTool } from "../../../plugins/worker-tools/grep.ts";
import { createWorktreeFiles } from "../../../src/plugin/files.ts";
import { failure, makeWorktree, output, type Worktree } from "./core-fixture.ts";

let tree: Worktree;
beforeAll(() => {
  tree = makeWorktree({
    "src/foo.py": "def hello():\n    return 1\n",
    "src/bar.py": "import foo\nfoo.hello()\n",
    "tests/test_foo.py": "from foo import hello\n",
    ".hidden/x.py": "def hello(): pass\n",
    "src/.cache/y.py": "def hello(): pass\n",
    "src/mod.pyc": "def hello compiled\n",
    "lib/native.so": "def hello native\n",
    "win.txt": "alpha\r\nbeta\r\n",
  });
  tree.write("blob.bin", new Uint8Array([0x64, 0x65, 0x66, 0, 0x68]));
  tree.write("bad-utf8.txt", new Uint8Array([0x64, 0x65, 0x66, 0xff, 0x0a]));
  tree.link("src/outside-link.py", tree.outside);
  tree.link("src/inside-link.py", join(tree.dir, "src/foo.py"));
});
afterAll(() => tree.remove());

const grep = (pattern: string, path?: string) => output(grepTool, path === undefined ? { pattern } : { pattern, path }, tree);

describe("grep", () => {
  test("one file: `<rel>:<lineno>: <line>`", async () => {
    expect(await grep("def hello", "src/foo.py")).toBe("src/foo.py:1: def hello():");
    expect(await grep("return", "./src/foo.py")).toBe("src/foo.py:2:     return 1");
  });

  test("the whole worktree by default; dot folders, .pyc/.so, binary and undecodable files skipped", async () => {
    expect(await grep("import foo")).toBe("src/bar.py:1: import foo");
    expect(await grep("import")).toBe("src/bar.py:1: import foo\ntests/test_foo.py:1: from foo import hello");
    expect(await grep("def hello")).toBe("src/foo.py:1: def hello():\nsrc/inside-link.py:1: def hello():");
    expect(await grep("def", "blob.bin")).toBe("No matches found.");
    expect(await grep("def", "bad-utf8.txt")).toBe("No matches found.");
  });

  test("a folder searches recursively; a missing path searches its parent folder", async () => {
    expect(await grep("hello", "tests")).toBe("tests/test_foo.py:1: from foo import hello");
    expect(await grep("hello\\(\\)$", "src/nope.py")).toBe("src/bar.py:2: foo.hello()");
    expect(await failure(grepTool, { pattern: "x", path: "no/such/dir" }, tree)).toBe("no/such/dir does not exist.");
  });

  test("an explicitly named dot folder is searched", async () => {
    expect(await grep("hello", ".hidden")).toBe(".hidden/x.py:1: def hello(): pass");
  });

  test("a link to a file outside the worktree is never read", async () => {
    expect(await grep("outside_secret")).toBe("No matches found.");
    expect(await grep("outside_secret", "src")).toBe("No matches found.");
    expect(await failure(grepTool, { pattern: "secret", path: "src/outside-link.py" }, tree)).toBe("Path traversal attempt blocked.");
    expect(await failure(grepTool, { pattern: "x", path: "../../etc/passwd" }, tree)).toBe("Path traversal attempt blocked.");
    expect(await failure(grepTool, { pattern: "x", path: "../repo_evil" }, tree)).toBe("Path traversal attempt blocked.");
  });

  test("CRLF lines are shown without the CR", async () => {
    expect(await grep("^beta$", "win.txt")).toBe("win.txt:2: beta");
  });

  test("invalid regex and none found", async () => {
    expect(await failure(grepTool, { pattern: "[invalid" }, tree)).toStartWith("Invalid regex: ");
    expect(await grep("no_such_text_anywhere")).toBe("No matches found.");
  });

  test("Python spellings: named groups and a leading (?i)", async () => {
    expect(await grep("(?i)DEF HELLO", "src/foo.py")).toBe("src/foo.py:1: def hello():");
    expect(await grep("(?P<name>hel+o)\\(\\)", "src/bar.py")).toBe("src/bar.py:2: foo.hello()");
    const re = compilePattern("(?P<q>['\"])x(?P=q)");
    expect(re.ok && re.re.test(`'x'`) && !re.re.test(`'x"`)).toBe(true);
  });

  test("stops after 100 matches with the notice; exactly 100 has none", () => {
    const dir = mkdtempSync(join(tmpdir(), "dgov-grep-"));
    try {
      mkdirSync(join(dir, "a"));
      writeFileSync(join(dir, "a/many.txt"), Array.from({ length: 200 }, (_, i) => `hit ${i}`).join("\n"));
      writeFileSync(join(dir, "hundred.txt"), Array.from({ length: 100 }, (_, i) => `row ${i}`).join("\n"));
      const files = createWorktreeFiles(dir);
      const many = grepFiles(files, "hit", ".");
      expect(many.ok && many.output.split("\n")).toEqual([...Array.from({ length: 100 }, (_, i) => `a/many.txt:${i + 1}: hit ${i}`), "... (truncated at 100 matches)"]);
      const hundred = grepFiles(files, "row", "hundred.txt");
      expect(hundred.ok && hundred.output.split("\n").length).toBe(100);
      expect(hundred.ok && hundred.output).not.toContain("truncated");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("works when the worktree sits in a hidden folder", async () => {
    const parent = mkdtempSync(join(tmpdir(), "dgov-grep-"));
    const worktree = join(parent, ".dgov-worktrees-demo", "task");
    try {
      mkdirSync(join(worktree, "src"), { recursive: true });
      writeFileSync(join(worktree, "src/foo.py"), "def hello(): pass\n");
      expect(await runTool(grepTool, { pattern: "hello" }, { worktree })).toEqual({ ok: true, output: "src/foo.py:1: def hello(): pass" });
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
