import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeExec, runTool } from "dgov/testing";
import { treeTool, wordCountTool } from "../../../plugins/worker-tools/listing.ts";
import { makeRepo } from "../../fakes/repo.ts";

const repo = makeRepo(
  {
    "README.md": "# demo\n",
    "src/pkg/deep/mod.py": "a\nb\n",
    "src/foo.py": "1\n2\n3\n",
    "src/__pycache__/foo.pyc": "x",
    "node_modules/x/index.js": "x\n",
    ".hidden/secret.txt": "s\n",
    "blob.bin": "\u0000\u0001",
  },
  { git: false },
);
mkdirSync(join(repo.dir, "empty"));
afterAll(() => repo.remove());

describe("tree", () => {
  test("runs tree as argv when it is installed", async () => {
    const exec = fakeExec([{ match: (argv) => argv[0] === "tree", result: { stdout: "src\n└── foo.py\n" } }]);
    const result = await runTool(treeTool, { path: "./src", max_depth: 2 }, { worktree: repo.dir, exec });
    expect(exec.calls[0]!.argv).toEqual(["tree", "-L", "2", "-I", "__pycache__|.git|node_modules|.venv", "--noreport", "src"]);
    expect(result).toEqual({ ok: true, output: "STDOUT:\nsrc\n└── foo.py\n\nSTDERR:\n\nEXIT:0" });
  });

  test("without tree (exit 127): a listing to max_depth, ignored folders left out", async () => {
    const result = await runTool(treeTool, { max_depth: 2 }, { worktree: repo.dir, exec: fakeExec() });
    expect(result).toEqual({ ok: true, output: "README.md\nblob.bin\nempty/\nsrc/\nsrc/foo.py\nsrc/pkg/" });
    const deeper = await runTool(treeTool, { path: "src" }, { worktree: repo.dir, exec: fakeExec() });
    expect(deeper).toEqual({ ok: true, output: "src/foo.py\nsrc/pkg/\nsrc/pkg/deep/\nsrc/pkg/deep/mod.py" });
    expect(await runTool(treeTool, { path: "empty" }, { worktree: repo.dir, exec: fakeExec() })).toEqual({ ok: true, output: "(empty directory)" });
  });

  test.skipIf(Bun.which("tree") !== null)("for real, without tree installed", async () => {
    expect(await runTool(treeTool, { path: "src", max_depth: 1 }, { worktree: repo.dir, real: true })).toEqual({ ok: true, output: "src/foo.py\nsrc/pkg/" });
  });

  test("the listing stops at 100 lines", async () => {
    const big = makeRepo(Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`f${String(i).padStart(3, "0")}.txt`, ""])), { git: false });
    try {
      const result = await runTool(treeTool, {}, { worktree: big.dir, exec: fakeExec() });
      const lines = result.ok ? result.output.split("\n") : [];
      expect(lines).toHaveLength(101);
      expect(lines[99]).toBe("f099.txt");
      expect(lines[100]).toBe("... (truncated at 100 entries)");
    } finally {
      big.remove();
    }
  });

  test("max_depth must be an integer from 1 to 10; paths stay inside", async () => {
    for (const max_depth of [0, 11, 2.5, "3"]) {
      expect(await runTool(treeTool, { max_depth }, { worktree: repo.dir, exec: fakeExec() })).toMatchObject({ ok: false, error: expect.stringContaining("max_depth") });
    }
    expect(await runTool(treeTool, { path: "../" }, { worktree: repo.dir, exec: fakeExec() })).toEqual({ ok: false, error: "Path traversal attempt blocked." });
    expect(await runTool(treeTool, { path: "nope" }, { worktree: repo.dir, exec: fakeExec() })).toEqual({ ok: false, error: "nope does not exist." });
  });
});

describe("word_count", () => {
  test("a file: its line count, like wc -l", async () => {
    expect(await runTool(wordCountTool, { path: "./src/foo.py" }, { worktree: repo.dir })).toEqual({ ok: true, output: "  3 src/foo.py" });
  });

  test("a folder: text files by size, then the total; binary files skipped", async () => {
    expect(await runTool(wordCountTool, { path: "." }, { worktree: repo.dir })).toEqual({
      ok: true,
      output: "  3 src/foo.py\n  2 src/pkg/deep/mod.py\n  1 README.md\n  6 total (3 files)",
    });
  });

  test("at most 20 files are listed", async () => {
    const big = makeRepo(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}.ts`, "x\n".repeat(i + 1)])), { git: false });
    try {
      const result = await runTool(wordCountTool, { path: "." }, { worktree: big.dir });
      const lines = result.ok ? result.output.split("\n") : [];
      expect(lines).toHaveLength(22);
      expect(lines[0]).toBe("   25 f24.ts");
      expect(lines[20]).toBe("... (5 smaller files not shown)");
      expect(lines[21]).toBe("  325 total (25 files)");
    } finally {
      big.remove();
    }
  });

  test("errors: missing, outside, binary, empty folder", async () => {
    expect(await runTool(wordCountTool, { path: "nope.py" }, { worktree: repo.dir })).toEqual({ ok: false, error: "nope.py does not exist." });
    expect(await runTool(wordCountTool, { path: "/etc/passwd" }, { worktree: repo.dir })).toEqual({ ok: false, error: "Path traversal attempt blocked." });
    expect(await runTool(wordCountTool, { path: "blob.bin" }, { worktree: repo.dir })).toMatchObject({ ok: false, error: expect.stringContaining("binary") });
    writeFileSync(join(repo.dir, "empty", ".keep"), "");
    expect(await runTool(wordCountTool, { path: "empty" }, { worktree: repo.dir })).toEqual({ ok: true, output: "No text files in empty." });
  });
});
