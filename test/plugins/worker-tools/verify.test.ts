import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultConfig, runTool } from "dgov/testing";
import type { ProjectConfig, TaskScope } from "dgov/plugin";
import { formatFileTool, lintCheckTool, lintFixTool, runTestsTool, TESTS_PASSED, typeCheckTool } from "../../../plugins/worker-tools/verify.ts";
import { makeRepo } from "../../fakes/repo.ts";
import { haveToolchains } from "../../fakes/toolchains.ts";

const repo = makeRepo(
  {
    "src/foo.py": "x = 1\n",
    "tests/test_foo.py": "def test(): pass\n",
    "tests/test space.py": "",
    "tests/sub/test_b.py": "",
    "tests/test_other.py": "",
  },
  { commit: true },
);
afterAll(() => repo.remove());

function config(project: Partial<ProjectConfig["project"]>): ProjectConfig {
  const base = defaultConfig();
  return { ...base, project: { ...base.project, ...project } };
}

function scope(verifyTestTargets: string[]): TaskScope {
  return {
    taskId: "tasks/main.t",
    claims: { create: [], edit: [], delete: [], touch: [], read: [] },
    verifyTestTargets,
    ignoreFiles: [],
    allowFiles: [],
    denyFiles: [],
  };
}

const ECHO = config({ test_cmd: "echo 'running tests in {test_dir}'" });
const tests = (file: string | undefined, targets: string[] | null, cfg = ECHO, session = new Map<string, unknown>()) =>
  runTool(runTestsTool, file === undefined ? {} : { file }, { worktree: repo.dir, real: true, config: cfg, scope: targets && scope(targets), session });

describe("run_tests", () => {
  test("the single target by default (spec test 19)", async () => {
    expect(await tests(undefined, ["tests/test_foo.py"])).toEqual({ ok: true, output: "STDOUT:\nrunning tests in tests/test_foo.py\n\nSTDERR:\n\nEXIT:0" });
  });

  test("a file below a folder target (spec test 20), a pytest node id, several targets", async () => {
    expect(await tests("tests/test_foo.py", ["tests/"])).toMatchObject({ output: expect.stringContaining("running tests in tests/test_foo.py\n") });
    expect(await tests("./tests/sub/test_b.py::test_x", ["tests"])).toMatchObject({ output: expect.stringContaining("in tests/sub/test_b.py::test_x\n") });
    expect(await tests("tests/test_foo.py tests/test_other.py", ["tests/test_foo.py", "tests/test_other.py"])).toMatchObject({
      output: expect.stringContaining("in tests/test_foo.py tests/test_other.py\n"),
    });
    // A missing target without an extension is a folder.
    expect(await tests("tests/new/test_n.py", ["tests/new"])).toMatchObject({ ok: true });
  });

  test("errors in the spec's order (spec test 21)", async () => {
    const err = (error: string) => ({ ok: false as const, error });
    expect(await tests("", ["t"], config({ test_cmd: "  " }))).toEqual(err("run_tests() is unavailable because test_cmd is not configured."));
    expect(await tests("tests/test_foo.py", ["tests"], config({ test_cmd: "cargo test" }))).toEqual(
      err("run_tests() runs test_cmd `cargo test` (it has no {test_dir}) as a whole here; call it without `file`."),
    );
    expect(await tests("", null)).toEqual(err("run_tests() requires in-scope test targets. Claim relevant tests via files.read/files.edit/files.create first."));
    expect(await tests("", [])).toMatchObject({ error: expect.stringContaining("in-scope test targets") });
    expect(await tests("", ["tests/test_foo.py", "tests/test_other.py"])).toEqual(
      err("run_tests() requires an explicit in-scope target for this task. Allowed targets: tests/test_foo.py, tests/test_other.py."),
    );
    expect(await tests("tests/test_other.py", ["tests/test_foo.py"])).toEqual(
      err("run_tests() target is outside this task's verification scope. Requested: tests/test_other.py. Allowed targets: tests/test_foo.py."),
    );
    expect(await tests("tests/../../etc", ["tests"])).toMatchObject({ error: expect.stringContaining("outside this task's verification scope. Requested: ../etc.") });
    expect(await tests("tests/test_foo.pyx", ["tests/test_foo.py"])).toMatchObject({ error: expect.stringContaining("outside") });
    expect(await tests("'tests/a", ["tests/test_foo.py"])).toEqual(err("Invalid run_tests() target: No closing quotation"));
    expect(await tests("''", ["tests/test_foo.py"])).toMatchObject({ error: expect.stringContaining("outside") });
    expect(await tests(" '' ", ["a", "b"])).toMatchObject({ error: expect.stringContaining("outside") });
  });

  test("a path with a space, literal or by default, stays one quoted word (spec test 22)", async () => {
    const printf = config({ test_cmd: "printf '<%s>\\n' {test_dir}" });
    expect(await tests(undefined, ["tests/test space.py"], printf)).toMatchObject({ output: expect.stringContaining("STDOUT:\n<tests/test space.py>\n\n") });
    expect(await tests("tests/test space.py", ["tests/"], printf)).toMatchObject({ output: expect.stringContaining("STDOUT:\n<tests/test space.py>\n\n") });
    expect(await tests("'tests/test space.py' tests/test_foo.py", ["tests"], printf)).toMatchObject({
      output: expect.stringContaining("STDOUT:\n<tests/test space.py>\n<tests/test_foo.py>\n\n"),
    });
  });

  test("targets cannot inject shell syntax", async () => {
    const result = await tests("tests/x;touch INJECTED", ["tests"], config({ test_cmd: "echo {test_dir}" }));
    expect(result).toMatchObject({ ok: true, output: expect.stringContaining("STDOUT:\ntests/x;touch INJECTED\n") });
    expect(existsSync(join(repo.dir, "INJECTED"))).toBe(false);
  });

  test("a passing run (EXIT:0) sets tests_passed; a failing one does not", async () => {
    const session = new Map<string, unknown>();
    await tests(undefined, ["tests/test_foo.py"], config({ test_cmd: "false {test_dir}" }), session);
    expect(session.has(TESTS_PASSED)).toBe(false);
    await tests(undefined, ["tests/test_foo.py"], config({ test_cmd: "true {test_dir}" }), session);
    expect(session.get("tests_passed")).toBe(true);
  });

  test("a test_cmd without {test_dir} (cargo test, go test ./...) runs whole, with or without claimed targets; its pass counts for done", async () => {
    const session = new Map<string, unknown>();
    const whole = config({ test_cmd: "echo whole suite" });
    expect(await tests(undefined, [], whole, session)).toEqual({ ok: true, output: "STDOUT:\nwhole suite\n\nSTDERR:\n\nEXIT:0" });
    expect(session.get(TESTS_PASSED)).toBe(true);
    expect(await tests(undefined, ["tests/test_foo.py"], whole)).toMatchObject({ output: expect.stringContaining("STDOUT:\nwhole suite\n") });
  });

  test("a settlement retry without targets of its own runs the command settlement saw fail; a file argument is refused", async () => {
    const retry = (file: string | undefined, targets: string[], test_cmd = "echo scoped {test_dir}") =>
      runTool(runTestsTool, file === undefined ? {} : { file }, {
        worktree: repo.dir,
        real: true,
        config: config({ test_cmd }),
        scope: { ...scope(targets), requireTestVerification: true, requiredVerificationCommand: "echo rerun tests/test_foo.py" },
      });
    expect(await retry(undefined, [])).toMatchObject({ ok: true, output: expect.stringContaining("STDOUT:\nrerun tests/test_foo.py\n") });
    expect(await retry(undefined, [], "")).toMatchObject({ ok: true, output: expect.stringContaining("rerun tests/test_foo.py") });
    expect(await retry("tests/test_foo.py", [])).toEqual({
      ok: false,
      error: "run_tests() runs the failing settlement command `echo rerun tests/test_foo.py` as a whole here; call it without `file`.",
    });
    // Targets of its own: those run, as before.
    expect(await retry(undefined, ["tests/test_foo.py"])).toMatchObject({ output: expect.stringContaining("STDOUT:\nscoped tests/test_foo.py\n") });
  });
});

const LINT = config({
  lint_cmd: "echo 'linting {file}'",
  lint_fix_cmd: "printf 'fixed\\n' >> {file}",
  format_cmd: "echo formatting {file}",
  type_check_cmd: "echo checking types",
});
const run = (tool: Parameters<typeof runTool>[0], args: unknown, cfg = LINT) => runTool(tool, args, { worktree: repo.dir, real: true, config: cfg });

describe("lint_check, lint_fix, format_file, type_check (spec test 30)", () => {
  test("the configured commands with {file}", async () => {
    expect(await run(lintCheckTool, {})).toMatchObject({ ok: true, output: expect.stringContaining("STDOUT:\nlinting src/\n") });
    expect(await run(lintCheckTool, { file: "./src/foo.py" })).toMatchObject({ output: expect.stringContaining("STDOUT:\nlinting src/foo.py\n") });
    expect(await run(formatFileTool, { file: "src/foo.py" })).toMatchObject({ output: expect.stringContaining("STDOUT:\nformatting src/foo.py\n") });
    expect(await run(typeCheckTool, {})).toMatchObject({ output: expect.stringContaining("STDOUT:\nchecking types\n") });
    expect(await run(typeCheckTool, {}, config({ type_check_cmd: null }))).toEqual({ ok: true, output: "Type checking not configured for this project." });
  });

  test("an injected file argument never runs (B4)", async () => {
    for (const cmd of ["echo 'linting {file}'", "printf '<%s>\\n' {file}", 'echo "{file}"']) {
      const result = await run(lintCheckTool, { file: "x'; echo INJECT; touch INJECTED; '" }, config({ lint_cmd: cmd }));
      expect(result.ok).toBe(true);
      const stdout = result.ok ? result.output.split("\nSTDERR:")[0]! : "";
      expect(stdout.split("\n")).not.toContain("INJECT");
      expect(stdout).toContain("x'; echo INJECT; touch INJECTED; '");
    }
    expect(await run(lintFixTool, { file: "$(touch INJECTED)" }, config({ lint_fix_cmd: "echo {file}" }))).toMatchObject({ ok: true });
    expect(existsSync(join(repo.dir, "INJECTED"))).toBe(false);
  });

  test("file arguments stay inside the worktree; format_file needs an existing file", async () => {
    const blocked = { ok: false as const, error: "Path traversal attempt blocked." };
    expect(await run(lintCheckTool, { file: "../x" })).toEqual(blocked);
    expect(await run(lintFixTool, { file: "/etc/passwd" })).toEqual(blocked);
    expect(await run(formatFileTool, { file: "../../etc/hosts" })).toEqual(blocked);
    expect(await run(formatFileTool, { file: "src/nope.py" })).toEqual({ ok: false, error: "src/nope.py does not exist." });
    expect(await run(lintCheckTool, {}, config({ lint_cmd: "" }))).toEqual({ ok: false, error: "lint_check() is unavailable because lint_cmd is not configured." });
  });

  test("lint_fix reports the files it changed", async () => {
    const r = makeRepo({ "src/a.py": "a\n" }, { commit: true });
    try {
      const result = await runTool(lintFixTool, { file: "src/a.py" }, { worktree: r.dir, real: true, config: LINT });
      expect(result).toEqual({ ok: true, output: "STDOUT:\n\nSTDERR:\n\nEXIT:0", writes: ["src/a.py"] });
      expect(readFileSync(join(r.dir, "src/a.py"), "utf8")).toBe("a\nfixed\n");
      const again = await runTool(lintFixTool, { file: "src/a.py" }, { worktree: r.dir, real: true, config: LINT });
      expect(again).toMatchObject({ writes: ["src/a.py"] });
      const check = await runTool(lintCheckTool, { file: "src/a.py" }, { worktree: r.dir, real: true, config: LINT });
      expect(check).not.toHaveProperty("writes");
    } finally {
      r.remove();
    }
  });

  test.if(haveToolchains("python"))("a JSON report (ruff's, as init configures it) reads as one line per diagnostic; EXIT is the tool's", async () => {
    const r = makeRepo({ "src/a.py": "import os\n\n\ndef f():\n    unused = 1\n" }, { commit: true });
    try {
      const json = config({ lint_cmd: "python3 -m ruff check --no-fix --output-format json {file}", type_check_cmd: "python3 -m ruff check --no-fix --output-format json src" });
      const lint = await runTool(lintCheckTool, { file: "src/a.py" }, { worktree: r.dir, real: true, config: json });
      expect(lint).toEqual({
        ok: true,
        output: "STDOUT:\n2 diagnostic(s), read from the tool's JSON report:\nsrc/a.py:1:8: error F401 `os` imported but unused\nsrc/a.py:5:5: error F841 Local variable `unused` is assigned to but never used\n\nSTDERR:\n\nEXIT:1",
      });
      expect(await runTool(typeCheckTool, {}, { worktree: r.dir, real: true, config: json })).toMatchObject({ output: expect.stringContaining("2 diagnostic(s), read from the tool's JSON report:") });
      r.write("src/a.py", "X = 1\n");
      expect(await runTool(lintCheckTool, { file: "src/a.py" }, { worktree: r.dir, real: true, config: json })).toEqual({ ok: true, output: "STDOUT:\nNo diagnostics in the tool's JSON report.\n\nSTDERR:\n\nEXIT:0" });
    } finally {
      r.remove();
    }
  });

  test("a timeout is the spec's error", async () => {
    const slow = config({ type_check_cmd: "sleep 5" });
    const result = await runTool(typeCheckTool, {}, { worktree: repo.dir, real: true, config: slow, options: { timeout_s: 0.3 } });
    expect(result).toEqual({ ok: false, error: "Command timed out after 0.3s." });
  });
});

describe("run_tests: targets in the runner's form", () => {
  const node = makeRepo(
    {
      "package.json": '{ "name": "calc", "private": true }\n',
      "index.js": "exports.add = (a, b) => a + b;\n",
      "tests/add.test.js": 'const test = require("node:test");\nconst assert = require("node:assert");\nconst { add } = require("../index.js");\ntest("adds", () => assert.equal(add(2, 3), 5));\n',
      "tests/deep/sum.test.js": 'const test = require("node:test");\nconst { add } = require("../../index.js");\ntest("sums", () => require("node:assert").equal([1, 2].reduce(add), 3));\n',
      "tests/helper.js": "module.exports = {};\n",
      "tests/data/notes.md": "# no tests here\n",
    },
    { commit: true },
  );
  afterAll(() => node.remove());
  // The printf shows exactly what `{test_dir}` became; node runs it for real first.
  const NODE_TEST = config({ test_cmd: "node --test {test_dir} && printf '<%s>\\n' {test_dir}" });
  const nodeTests = (file: string | undefined, targets: string[]) =>
    runTool(runTestsTool, file === undefined ? {} : { file }, { worktree: node.dir, real: true, config: NODE_TEST, scope: scope(targets) });

  test("node --test gets the test files of a folder target (Node >= 22 refuses folders), and really runs them", async () => {
    const result = await nodeTests(undefined, ["tests"]);
    const output = result.ok ? result.output : result.error;
    expect(output).toContain("<tests/add.test.js>\n<tests/deep/sum.test.js>\n\nSTDERR");
    expect(output).toContain("# pass 2");
    expect(output).toEndWith("EXIT:0");
    expect(await nodeTests("tests/add.test.js", ["tests"])).toMatchObject({ output: expect.stringContaining("<tests/add.test.js>\n\nSTDERR") });
  });

  test("a folder without test files is refused by name; other runners keep the folder", async () => {
    expect(await nodeTests("tests/data", ["tests"])).toEqual({
      ok: false,
      error: "run_tests(): no test files under tests/data for this test command's runner, which takes files, not folders.",
    });
    const printf = config({ test_cmd: "printf '<%s>\\n' {test_dir} # pytest" });
    const kept = await runTool(runTestsTool, {}, { worktree: node.dir, real: true, config: printf, scope: scope(["tests"]) });
    expect(kept).toMatchObject({ output: expect.stringContaining("STDOUT:\n<tests>\n") });
  });
});
