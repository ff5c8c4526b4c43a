import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeExec, runTool } from "dgov/testing";
import { findReferencesTool, jqTool, ripgrepTool } from "../../../plugins/worker-tools/wrappers.ts";
import { makeRepo } from "../../fakes/repo.ts";

const FILES = {
  "src/foo.py": "def hello():\n    return 1\n",
  "src/bar.py": "from foo import hello\nhello()\n",
  "tests/test_foo.py": "from foo import hello\n\ndef test_hello():\n    assert hello() == 1\n",
  "data.json": '{"name": "demo", "deps": {"a": 1}}\n',
};
const outside = mkdtempSync(join(tmpdir(), "dgov-outside-"));
writeFileSync(join(outside, "secret.py"), "hello outside_secret\n");
const repo = makeRepo(FILES, { git: false });
symlinkSync(join(outside, "secret.py"), join(repo.dir, "src", "link.py"));
afterAll(() => {
  repo.remove();
  rmSync(outside, { recursive: true, force: true });
});

const rgAnswers = (result: { code: number; stdout?: string; stderr?: string }) => fakeExec([{ match: (argv) => argv[0] === "rg", result }]);

describe("ripgrep", () => {
  test("runs rg as argv: flags, then --, the pattern and the contained path", async () => {
    const exec = rgAnswers({ code: 0, stdout: "src/foo.py:1:def hello():\n" });
    const result = await runTool(ripgrepTool, { pattern: "-def hello", path: "./src/", flags: "-n --glob=*.py -C2" }, { worktree: repo.dir, exec });
    expect(exec.calls[0]!.argv).toEqual(["rg", "-n", "--glob=*.py", "-C2", "--", "-def hello", "src"]);
    expect(result).toEqual({ ok: true, output: "STDOUT:\nsrc/foo.py:1:def hello():\n\nSTDERR:\n\nEXIT:0" });
  });

  test("no match is a normal result", async () => {
    const result = await runTool(ripgrepTool, { pattern: "zzz" }, { worktree: repo.dir, exec: rgAnswers({ code: 1 }) });
    expect(result).toEqual({ ok: true, output: "STDOUT:\n\nSTDERR:\n\nEXIT:1" });
  });

  test("flags must be options and may not run programs or read other files", async () => {
    const cases: [string, string][] = [
      ["--pre=sh", "ripgrep flag '--pre=sh' is not allowed"],
      ["--pre sh", "ripgrep flag '--pre' is not allowed"],
      ["--pre-glob=* -n", "ripgrep flag '--pre-glob=*' is not allowed"],
      ["--hostname-bin=x", "is not allowed"],
      ["--file=/etc/passwd", "is not allowed"],
      ["-f pats", "ripgrep flag '-f' is not allowed"],
      ["-nL", "ripgrep flag '-nL' is not allowed"],
      ["--follow", "is not allowed"],
      ["--files", "is not allowed"],
      ["-- x", "ripgrep flag '--' is not allowed"],
      ["-g *.py", "Invalid ripgrep flag '*.py': every flag must start with '-'"],
      ["-n ; touch x", "Invalid ripgrep flag ';'"],
      ["-n $(id)", "Invalid ripgrep flag '$(id)'"],
      ["'-n", "Invalid ripgrep flags: No closing quotation"],
    ];
    for (const [flags, error] of cases) {
      const exec = rgAnswers({ code: 0 });
      const result = await runTool(ripgrepTool, { pattern: "x", flags }, { worktree: repo.dir, exec });
      expect(result).toMatchObject({ ok: false, error: expect.stringContaining(error) });
      expect(exec.calls).toEqual([]);
    }
    const fine = rgAnswers({ code: 0 });
    await runTool(ripgrepTool, { pattern: "x", flags: "-g*.ff -i --type=py" }, { worktree: repo.dir, exec: fine });
    expect(fine.calls).toHaveLength(1);
  });

  test("paths outside the worktree are refused", async () => {
    for (const path of ["../x", "/etc", `${repo.dir}_evil`]) {
      expect(await runTool(ripgrepTool, { pattern: "x", path }, { worktree: repo.dir, exec: rgAnswers({ code: 0 }) })).toEqual({
        ok: false,
        error: "Path traversal attempt blocked.",
      });
    }
  });

  test("rg missing (exit 127) or failing (exit 2): the grep tool's search instead", async () => {
    const missing = await runTool(ripgrepTool, { pattern: "def hello", path: "src" }, { worktree: repo.dir, exec: fakeExec() });
    expect(missing).toEqual({ ok: true, output: "src/foo.py:1: def hello():" });
    const failing = await runTool(ripgrepTool, { pattern: "import", path: "." }, { worktree: repo.dir, exec: rgAnswers({ code: 2, stderr: "bad" }) });
    expect(failing).toEqual({ ok: true, output: "src/bar.py:1: from foo import hello\ntests/test_foo.py:1: from foo import hello" });
    const withFlags = await runTool(ripgrepTool, { pattern: "zzz", flags: "-i" }, { worktree: repo.dir, exec: fakeExec() });
    expect(withFlags).toEqual({ ok: true, output: "Note: rg is not installed; these are the grep tool's results, without the flags -i.\nNo matches found." });
  });

  test("the fallback never reads through a link leaving the worktree", async () => {
    expect(await runTool(ripgrepTool, { pattern: "outside_secret" }, { worktree: repo.dir, exec: fakeExec() })).toEqual({
      ok: true,
      output: "No matches found.",
    });
  });

  test.skipIf(Bun.which("rg") !== null)("for real, without rg installed", async () => {
    expect(await runTool(ripgrepTool, { pattern: "return 1" }, { worktree: repo.dir, real: true })).toEqual({
      ok: true,
      output: "src/foo.py:2:     return 1",
    });
  });
});

describe("find_references (spec test 13)", () => {
  test("rg -w -n -F; ./ prefixes dropped; the STDOUT part only", async () => {
    const exec = rgAnswers({ code: 0, stdout: "./src/foo.py:1:def hello():\n./src/bar.py:2:hello()\n" });
    const result = await runTool(findReferencesTool, { symbol: "hello" }, { worktree: repo.dir, exec });
    expect(exec.calls[0]!.argv).toEqual(["rg", "-w", "-n", "-F", "--", "hello", "."]);
    expect(result).toEqual({ ok: true, output: "src/foo.py:1:def hello():\nsrc/bar.py:2:hello()" });
  });

  test("exclude_tests adds a glob for the test folder; exit 1 is the no-match text", async () => {
    const exec = rgAnswers({ code: 1 });
    const result = await runTool(findReferencesTool, { symbol: "nothing", exclude_tests: true }, { worktree: repo.dir, exec });
    expect(exec.calls[0]!.argv).toEqual(["rg", "-w", "-n", "-F", "-g", "!tests/**", "--", "nothing", "."]);
    expect(result).toEqual({ ok: true, output: "No matches found for 'nothing'." });
  });

  test("other rg failures come back as they are (B5: no 'No matches' for exit 127 or 2)", async () => {
    const result = await runTool(findReferencesTool, { symbol: "x" }, { worktree: repo.dir, exec: rgAnswers({ code: 2, stderr: "rg: error" }) });
    expect(result).toEqual({ ok: true, output: "STDOUT:\n\nSTDERR:\nrg: error\nEXIT:2" });
  });

  test("without rg: a whole-word literal search, honouring exclude_tests", async () => {
    const all = await runTool(findReferencesTool, { symbol: "hello" }, { worktree: repo.dir, exec: fakeExec() });
    expect(all.ok && all.output.split("\n")).toEqual([
      "src/bar.py:1: from foo import hello",
      "src/bar.py:2: hello()",
      "src/foo.py:1: def hello():",
      "tests/test_foo.py:1: from foo import hello",
      "tests/test_foo.py:4:     assert hello() == 1",
    ]);
    const noTests = await runTool(findReferencesTool, { symbol: "hello", exclude_tests: true }, { worktree: repo.dir, exec: fakeExec() });
    expect(noTests).toEqual({ ok: true, output: "src/bar.py:1: from foo import hello\nsrc/bar.py:2: hello()\nsrc/foo.py:1: def hello():" });
    const literal = await runTool(findReferencesTool, { symbol: "hel.o" }, { worktree: repo.dir, exec: fakeExec() });
    expect(literal).toEqual({ ok: true, output: "No matches found for 'hel.o'." });
    const partial = await runTool(findReferencesTool, { symbol: "hell" }, { worktree: repo.dir, exec: fakeExec() });
    expect(partial).toEqual({ ok: true, output: "No matches found for 'hell'." });
  });

  test("the fallback caps its matches at 100", async () => {
    const big = makeRepo({ "a.py": "x\n".repeat(150), "tests/t.py": "x\n" }, { git: false });
    try {
      const result = await runTool(findReferencesTool, { symbol: "x", exclude_tests: true }, { worktree: big.dir, exec: fakeExec() });
      const lines = result.ok ? result.output.split("\n") : [];
      expect(lines).toHaveLength(101);
      expect(lines.at(-1)).toBe("... (truncated at 100 matches)");
    } finally {
      big.remove();
    }
  });
});

describe("find_references reads code through the syntax layer", () => {
  const code = makeRepo(
    {
      "app.py": "# total is summed here\ndef total(xs):\n    return sum(xs)\n\nprint('total', total([1]))\n",
      "lib.go": "package lib\n\n// Total sums.\nfunc Total(xs []int) int { return 0 }\n\nvar label = \"Total\"\nvar t = Total(nil)\n",
      "lib.rs": "/// total of all\nfn total() -> i32 { 0 }\nfn main() { let s = \"total\"; total(); }\n",
      "web.ts": "// total\nexport const total = 1;\nconst msg = `total: ${total}`;\n",
      "NOTES.md": "total is not code here, and stays\n",
    },
    { git: false },
  );
  afterAll(() => code.remove());

  test("rg's hits in comments and strings of parsed languages drop out; other files keep theirs", async () => {
    const hits = ["app.py:1:# total is summed here", "app.py:2:def total(xs):", "app.py:5:print('total', total([1]))", "lib.rs:1:/// total of all", "lib.rs:2:fn total() -> i32 { 0 }", "lib.rs:3:fn main() { let s = \"total\"; total(); }", "NOTES.md:1:total is not code here, and stays", "web.ts:1:// total", "web.ts:2:export const total = 1;", "web.ts:3:const msg = `total: ${total}`;"];
    const exec = rgAnswers({ code: 0, stdout: hits.map((h) => `./${h}\n`).join("") });
    const result = await runTool(findReferencesTool, { symbol: "total" }, { worktree: code.dir, exec });
    expect(result).toEqual({
      ok: true,
      output: ["app.py:2:def total(xs):", "app.py:5:print('total', total([1]))", "lib.rs:2:fn total() -> i32 { 0 }", "lib.rs:3:fn main() { let s = \"total\"; total(); }", "NOTES.md:1:total is not code here, and stays", "web.ts:2:export const total = 1;", "web.ts:3:const msg = `total: ${total}`;"].join("\n"),
    });
  });

  test("without rg the same; a name left only in comments and strings has no references", async () => {
    const go = await runTool(findReferencesTool, { symbol: "Total" }, { worktree: code.dir, exec: fakeExec() });
    expect(go).toEqual({ ok: true, output: "lib.go:4: func Total(xs []int) int { return 0 }\nlib.go:7: var t = Total(nil)" });
    const exec = rgAnswers({ code: 0, stdout: "./lib.go:3:// Total sums.\n./lib.go:6:var label = \"Total\"\n" });
    expect(await runTool(findReferencesTool, { symbol: "Total" }, { worktree: code.dir, exec })).toEqual({ ok: true, output: "No matches found for 'Total'." });
  });

  test("a symbol that is no identifier (a dotted name) is searched as text only", async () => {
    const exec = rgAnswers({ code: 0, stdout: "./app.py:1:# total is summed here\n" });
    expect(await runTool(findReferencesTool, { symbol: "total is" }, { worktree: code.dir, exec })).toEqual({ ok: true, output: "app.py:1:# total is summed here" });
  });
});

describe("jq", () => {
  test.skipIf(Bun.which("jq") === null)("runs the filter on the file, a leading '-' included", async () => {
    const result = await runTool(jqTool, { expr: ".deps | keys", path: "data.json" }, { worktree: repo.dir, real: true });
    expect(result).toEqual({ ok: true, output: 'STDOUT:\n[\n  "a"\n]\n\nSTDERR:\n\nEXIT:0' });
    const negative = await runTool(jqTool, { expr: "-.deps.a", path: "data.json" }, { worktree: repo.dir, real: true });
    expect(negative).toEqual({ ok: true, output: "STDOUT:\n-1\n\nSTDERR:\n\nEXIT:0" });
  });

  test("argv, missing files, containment, jq not installed", async () => {
    const exec = fakeExec([{ match: (argv) => argv[0] === "jq", result: { stdout: "1\n" } }]);
    await runTool(jqTool, { expr: ".a; x", path: "./data.json" }, { worktree: repo.dir, exec });
    expect(exec.calls[0]!.argv).toEqual(["jq", ".a; x", "data.json"]);
    expect(await runTool(jqTool, { expr: ".", path: "nope.json" }, { worktree: repo.dir, exec })).toEqual({ ok: false, error: "nope.json does not exist." });
    expect(await runTool(jqTool, { expr: ".", path: "../x.json" }, { worktree: repo.dir, exec })).toEqual({ ok: false, error: "Path traversal attempt blocked." });
    expect(await runTool(jqTool, { expr: ".", path: "data.json" }, { worktree: repo.dir, exec: fakeExec() })).toEqual({ ok: false, error: "jq not found in PATH." });
  });
});
