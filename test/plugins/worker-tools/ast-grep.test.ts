import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExecFn } from "dgov/plugin";
import { fakeExec } from "dgov/testing";
import { astGrep, astGrepArgv } from "../../../plugins/worker-tools/ast-grep.ts";
import { call, type CodeTree, execWithPath, makeTree } from "./code-fixture.ts";

/** The real ast-grep, a devDependency (its postinstall is trusted, so this is the native binary). */
const BIN = join(import.meta.dir, "../../../node_modules/.bin");
const NOT_FOUND = { ok: false as const, error: "ast-grep ('sg') not found in PATH." };

let tree: CodeTree;
let real: { exec: ExecFn; dispose(): void };
beforeAll(() => {
  tree = makeTree({
    "src/foo.py": "def hello():\n    pass\n",
    "src/bar.py": "import foo\n\nx = foo.hello()\n",
    "web/m.js": "const a = -x;\nconsole.log(a);\n",
    "big/many.py": Array.from({ length: 400 }, (_, i) => `print("line number ${i} of the file")\n`).join(""),
  });
  tree.link("src/escape.py", tree.outside);
  real = execWithPath(tree.dir, [BIN]);
});
afterAll(() => {
  real.dispose();
  tree.remove();
});

describe("ast_grep with the real ast-grep (spec §3.1 #14, §7 test 14)", () => {
  test("the binary is installed as a devDependency", () => {
    expect(existsSync(join(BIN, "ast-grep"))).toBe(true);
  });

  test("matches print as path:line:text", async () => {
    const result = await call(astGrep, { pattern: "def $A(): $$$", path: "src" }, tree, { exec: real.exec });
    expect(result).toEqual({ ok: true, output: "src/foo.py:1:def hello():\nsrc/foo.py:2:    pass" });
  });

  test("no match is exactly `No matches found.`", async () => {
    expect(await call(astGrep, { pattern: "class $A: $$$", path: "src" }, tree, { exec: real.exec })).toEqual({ ok: true, output: "No matches found." });
  });

  test("language option, and a pattern that starts with '-'", async () => {
    const result = await call(astGrep, { pattern: "-$A", lang: "javascript", path: "web/m.js" }, tree, { exec: real.exec });
    expect(result).toEqual({ ok: true, output: "web/m.js:1:const a = -x;" });
  });

  test("output over 5,000 characters is cut with a notice", async () => {
    const result = await call(astGrep, { pattern: "print($A)", path: "big" }, tree, { exec: real.exec });
    if (!result.ok) throw new Error(result.error);
    expect(result.output).toStartWith('big/many.py:1:print("line number 0 of the file")\n');
    expect(result.output).toEndWith("\n... (truncated at 5000 chars)");
    expect(result.output.length).toBe(5000 + "\n... (truncated at 5000 chars)".length);
  });

  test("an ast-grep failure (exit 2) is an error with its output", async () => {
    const result = await call(astGrep, { pattern: "x", lang: "nolang" }, tree, { exec: real.exec });
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toStartWith("ast-grep failed:\nerror: invalid value 'nolang'");
  });

  test("paths are contained and must exist", async () => {
    const blocked = { ok: false as const, error: "Path traversal attempt blocked." };
    for (const path of ["..", tree.outside, tree.evilRel, "src/escape.py"]) expect(await call(astGrep, { pattern: "$A", path }, tree, { exec: real.exec })).toEqual(blocked);
    expect(await call(astGrep, { pattern: "$A", path: "nope" }, tree, { exec: real.exec })).toEqual({ ok: false, error: "nope does not exist." });
  });
});

describe("finding ast-grep (spec B5)", () => {
  const shadowSg = { match: ["sg", "--version"], result: { code: 1, stderr: "Usage: sg group [[-c] command]\n" } };

  test("shadow-utils' sg (switch group) is never taken for ast-grep", async () => {
    const exec = fakeExec([shadowSg]);
    expect(await call(astGrep, { pattern: "$A" }, tree, { exec })).toEqual(NOT_FOUND);
    expect(exec.calls.map((c) => c.argv)).toEqual([["ast-grep", "--version"], ["sg", "--version"]]);
  });

  const realSg = existsSync("/usr/bin/sg") && !Bun.which("ast-grep", { PATH: "/usr/local/bin:/usr/bin:/bin" });
  test.skipIf(!realSg)("this machine's /usr/bin/sg is rejected for real", async () => {
    const bare = execWithPath(tree.dir, [], "/usr/bin:/bin");
    try {
      expect(await call(astGrep, { pattern: "$A" }, tree, { exec: bare.exec })).toEqual(NOT_FOUND);
    } finally {
      bare.dispose();
    }
  });

  test("an sg that is ast-grep is used, with the spec's argv, and remembered for the session", async () => {
    const exec = fakeExec([
      { match: ["sg", "--version"], result: { stdout: "ast-grep 0.39.0\n" } },
      { match: (argv) => argv[0] === "sg" && argv[1] === "run", result: { stdout: "src/foo.py:1:def hello():\n" } },
    ]);
    const session = new Map();
    const args = { pattern: "def $A(): $$$", path: "./src/", lang: "python" };
    expect(await call(astGrep, args, tree, { exec, session })).toEqual({ ok: true, output: "src/foo.py:1:def hello():" });
    expect(await call(astGrep, args, tree, { exec, session })).toEqual({ ok: true, output: "src/foo.py:1:def hello():" });
    const run = ["sg", "run", "--color", "never", "--heading", "never", "--pattern", "def $A(): $$$", "--lang", "python", "src"];
    expect(exec.calls.map((c) => c.argv)).toEqual([["ast-grep", "--version"], ["sg", "--version"], run, run]);
    expect(exec.calls[2]!.options.timeoutMs).toBe(30_000);
  });

  test("offered only where ast-grep is: known by its real name, shadow's sg by its link to newgrp, any other sg asked", () => {
    const dir = mkdtempSync(join(tmpdir(), "dgov-astgrep-path-"));
    try {
      const offered = (name: string, make: (at: string) => void) => {
        const sub = join(dir, name);
        mkdirSync(sub);
        make(sub);
        return astGrep.available!({ path: sub, config: {} as never });
      };
      const script = (at: string, out: string) => writeFileSync(join(at, "sg"), `#!/bin/sh\necho '${out}'\n`, { mode: 0o755 });
      expect(offered("real", (at) => symlinkSync(realpathSync(join(BIN, "ast-grep")), join(at, "ast-grep")))).toBeNull();
      expect(offered("asks-yes", (at) => script(at, "ast-grep 0.39.0"))).toBeNull();
      expect(offered("asks-no", (at) => script(at, "usage: sg group"))).toContain("not installed");
      // Never run: a link to newgrp that would switch groups is rejected by its name alone.
      const ran = join(dir, "newgrp-ran");
      expect(offered("shadow", (at) => {
        writeFileSync(join(at, "newgrp"), `#!/bin/sh\ntouch ${ran}\necho ast-grep\n`, { mode: 0o755 });
        symlinkSync("newgrp", join(at, "sg"));
      })).toContain("not installed");
      expect(existsSync(ran)).toBe(false);
      expect(offered("none", () => {})).toContain("not installed");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a search over 30 s is reported as a timeout", async () => {
    const exec = fakeExec([
      { match: ["ast-grep", "--version"], result: { stdout: "ast-grep 0.51.1\n" } },
      { match: /^ast-grep run/, result: { code: 143, timedOut: true } },
    ]);
    expect(await call(astGrep, { pattern: "$A" }, tree, { exec })).toEqual({ ok: false, error: "ast-grep timed out after 30s." });
  });

  test("exit 1, or exit 0 with no output, is no match", async () => {
    for (const result of [{ code: 1, stdout: "ignored" }, { code: 0, stdout: "  \n" }]) {
      const exec = fakeExec([{ match: ["ast-grep", "--version"], result: { stdout: "ast-grep 0.51.1" } }, { match: /^ast-grep run/, result }]);
      expect(await call(astGrep, { pattern: "$A" }, tree, { exec })).toEqual({ ok: true, output: "No matches found." });
    }
  });

  test("flag-like values cannot become flags", () => {
    expect(astGrepArgv("ast-grep", "-$A", "-x", "-f.py")).toEqual(["ast-grep", "run", "--color", "never", "--heading", "never", "--pattern=-$A", "--lang=-x", "./-f.py"]);
    expect(astGrepArgv("ast-grep", "$A", "", ".")).toEqual(["ast-grep", "run", "--color", "never", "--heading", "never", "--pattern", "$A", "."]);
  });
});
