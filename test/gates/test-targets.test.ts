/**
 * Test selection on packages laid out as real ones, judged by the real runners: a change to a
 * deep module runs exactly the tests whose imports reach it, in the form the runner takes.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { GateInput } from "dgov/plugin";
import { runGate } from "dgov/testing";
import { testsGate } from "../../gates/tests.ts";
import { type PackageFixture, packageFiles } from "../fakes/packages.ts";
import { haveToolchains, linkNodeModules, NODE_BIN } from "../fakes/toolchains.ts";
import { checkoutOf, type GateRepo, gateRepo, isolatedInput } from "./gate-repo.ts";

let repo: GateRepo | undefined;
const checkouts: string[] = [];
afterEach(() => {
  repo?.remove();
  for (const dir of checkouts.splice(0)) rmSync(dirname(dir), { recursive: true, force: true });
});

type Project = NonNullable<Parameters<typeof isolatedInput>[2]>;
const LAYOUT: Record<PackageFixture, Project> = {
  textkit: { language: "typescript", src_dir: "src/", test_dir: "test/", source_extensions: [".ts"] },
  calc: { language: "javascript", src_dir: "lib/", test_dir: "test/", source_extensions: [".js"] },
  wordy: { language: "python", src_dir: "src/", test_dir: "tests/", source_extensions: [".py"] },
};

/** The fixture committed as the base, `changes` committed as the task; the gate input for them. */
async function judged(name: PackageFixture, test_cmd: string, changes: Record<string, string | null>, more: Parameters<typeof isolatedInput>[3] = {}): Promise<GateInput> {
  repo = gateRepo(packageFiles(name));
  // Its installed tools, when this machine has them: only vitest's tests need them (the rest read the layout).
  if (name === "textkit" && existsSync(NODE_BIN)) linkNodeModules(repo.dir);
  const head = repo.commit(changes);
  return isolatedInput(repo, head, { ...LAYOUT[name], test_cmd, settlement_timeout: 300 }, more);
}

/** The gate run for real in the fixture's repository, a checkout of the base at hand. */
function gate(input: GateInput, options?: unknown, exec = repo!.exec) {
  const baselineDir = checkoutOf(repo!, repo!.base);
  checkouts.push(baselineDir);
  return runGate(testsGate, input, { exec, options, baselineDir });
}
const failure = (outcome: Awaited<ReturnType<typeof runGate>>) => (outcome.status === "fail" ? outcome.findings[0]!.message : `(${outcome.status}) ${JSON.stringify(outcome)}`);

const BROKEN_CASE = { "src/core/case.ts": "/** Lower case, accents kept. */\nexport function lower(text: string): string {\n  return text.toUpperCase();\n}\n" };

describe.if(haveToolchains("node"))("the tests gate on a TypeScript package (vitest)", () => {
  test("a broken deep module runs the tests reaching it through src/index.ts and the package name, not the others; vitest fails them", async () => {
    const input = await judged("textkit", "node_modules/.bin/vitest run {test_dir}", BROKEN_CASE);
    const message = failure(await gate(input));
    expect(message).toStartWith("Test failure from `node_modules/.bin/vitest run test/slug.test.ts test/title.test.ts`:\n");
    // (vitest 5 on Node 20 crashes while printing the failures' details; the summary comes first.)
    const plain = message.replace(/\x1b\[[0-9;]*m/g, "");
    expect(plain).toContain("test/slug.test.ts (2 tests | 2 failed)");
    expect(plain).toContain("× joins lower-cased words with dashes");
    expect(plain).not.toContain("words.test.ts");
  }, 120_000);

  test("a correct change to a module passes on its related tests", async () => {
    const input = await judged("textkit", "node_modules/.bin/vitest run {test_dir}", { "src/core/words.ts": "export function wordCount(text: string): number {\n  return text.trim() === \"\" ? 0 : text.trim().split(/\\s+/).length;\n}\n" });
    expect(await gate(input)).toMatchObject({ status: "pass" });
  }, 120_000);
});

describe("the tests gate on packages (bun test, node --test, pytest)", () => {
  test("bun test: the broken module's tests, through `export *` and the package's own name", async () => {
    const input = await judged("textkit", "bun test {test_dir}", { "src/core/title.ts": "export function titleCase(text: string): string {\n  return text;\n}\n" });
    const message = failure(await gate(input));
    expect(message).toStartWith("Test failure from `bun test test/slug.test.ts test/title.test.ts`:\n");
    expect(message).toContain("(fail) capitalises each word");
    expect(message).not.toContain("counts words");
  }, 120_000);

  test("node --test on CommonJS: require('../index.js') and require('calc') reach lib/check.js; the targets are files", async () => {
    const input = await judged("calc", "node --test {test_dir}", { "lib/check.js": '"use strict";\n\nfunction check(n) {\n  return n;\n}\n\nmodule.exports = { check };\n' });
    const message = failure(await gate(input));
    expect(message).toStartWith("Test failure from `node --test test/arith.test.js test/stats.test.js`:\n");
    expect(message).toContain("not ok 3 - refuses strings");
    expect(message).toContain("# tests 4");
  }, 120_000);

  test("node --test: a claimed test folder becomes its test files", async () => {
    const input = await judged("calc", "node --test {test_dir}", { "lib/stats.js": '"use strict";\nconst { add } = require("./arith");\n\nexports.mean = (xs) => xs.reduce(add, 0) / xs.length;\nexports.sum = (xs) => xs.reduce(add, 0);\n' }, {
      task: { claims: { create: [], edit: ["lib/stats.js"], delete: [], touch: [], read: ["test"] } },
    });
    expect(await gate(input)).toMatchObject({ status: "pass" });
    const failing = { ...input, config: { ...input.config, project: { ...input.config.project, test_cmd: "node --test {test_dir} && printf '<%s>\\n' {test_dir} && exit 1" } } };
    expect(failure(await gate(failing))).toEndWith("\n<test/arith.test.js>\n<test/stats.test.js>\n<test/version.test.js>");
  }, 120_000);

  test.if(haveToolchains("python"))("pytest on a src layout: `import wordy` reaches _util.py through __init__.py's `from .core import *`", async () => {
    const input = await judged("wordy", "python3 -m pytest {test_dir} -q -p no:cacheprovider", { "src/wordy/_util.py": "def clean(text):\n    return text.upper()\n" });
    const message = failure(await gate(input));
    expect(message).toStartWith("Test failure from `python3 -m pytest tests/test_count.py tests/test_normalize.py tests/test_roman.py -q -p no:cacheprovider`:\n");
    expect(message).toContain("AssertionError: assert 'QUICK' == 'quick'");
    expect(message).toContain("1 failed, 3 passed");
  }, 120_000);
});

// Prints what `{test_dir}` became, one per line, and fails where the task left a `.broken` file
// (not at the base): the finding shows the targets and the reason.
const PRINT = "printf '<%s>\\n' {test_dir}; test ! -e .broken";
const BROKEN = { ".broken": "the tests fail here\n" };
const printed = (message: string) => message.split("\n").filter((l) => l.startsWith("<")).map((l) => l.slice(1, -1));
const whyWhole = (message: string) => /^\(the whole suite ran: (.*)\)$/m.exec(message)?.[1] ?? null;

describe("when the import graph cannot decide, the whole suite runs, saying why", () => {
  const cases: [string, PackageFixture, Record<string, string | null>, string][] = [
    ["package.json", "calc", { "package.json": packageFiles("calc")["package.json"]!.replace('"0.3.1"', '"0.4.0"') }, "package.json changed, a configuration the tests depend on"],
    ["tsconfig.json", "textkit", { "tsconfig.json": '{ "compilerOptions": { "strict": false } }\n' }, "tsconfig.json changed, a configuration the tests depend on"],
    ["conftest.py", "wordy", { "tests/conftest.py": "import pytest\n\n\n@pytest.fixture\ndef sentence():\n    return 'x'\n" }, "tests/conftest.py changed, a configuration the tests depend on"],
    ["pyproject.toml", "wordy", { "pyproject.toml": '[project]\nname = "wordy"\nversion = "0.5.0"\n' }, "pyproject.toml changed, a configuration the tests depend on"],
    ["a module only the CLI uses", "calc", { "lib/format.js": 'exports.fmt = (n) => n.toFixed(3);\n' }, "no test's imports reach lib/format.js (it may be exercised through a CLI, a subprocess or a dynamic import)"],
    ["a module run as `python -m`", "wordy", { "src/wordy/__main__.py": "print('hi')\n" }, "no test's imports reach src/wordy/__main__.py (it may be exercised through a CLI, a subprocess or a dynamic import)"],
    ["a source of a language without a graph", "calc", { "native/fast.go": "package fast\n" }, "native/fast.go changed, and there is no import graph for its language"],
    ["data beside the tests", "wordy", { "tests/data/sample.txt": "words\n" }, "tests/data/sample.txt changed, a data file beside the tests or sources that they may read"],
  ];
  for (const [what, name, changes, reason] of cases) {
    test(what, async () => {
      const input = await judged(name, PRINT, { ...changes, ...BROKEN });
      if (name === "calc") input.config.project.source_extensions.push(".go");
      const message = failure(await gate(input));
      expect(whyWhole(message)).toBe(reason);
      expect(printed(message)).toEqual([LAYOUT[name].test_dir!.replace(/\/$/, "")]);
    });
  }

  test("the bound: a graph larger than [gates.tests] max_graph_files", async () => {
    const input = await judged("textkit", PRINT, { ...BROKEN_CASE, ...BROKEN });
    expect(whyWhole(failure(await gate(input, { max_graph_files: 5 })))).toBe("the tests' imports reach more than 5 files, the import graph's bound");
    expect(whyWhole(failure(await gate(input, { max_graph_files: 12 })))).toBeNull();
  });

  test("Python that cannot be parsed at all (no python3)", async () => {
    const input = await judged("wordy", PRINT, { "src/wordy/_util.py": "def clean(text):\n    return text\n", ...BROKEN });
    const exec = repo!.exec;
    const noPython: typeof exec = (argv, o) => (argv[0] === "python3" ? exec(["sh", "-c", "exit 127"], o) : exec(argv, o));
    const message = failure(await gate(input, undefined, noPython));
    expect(whyWhole(message)).toBe("Python imports could not be read: the import graph needs python3 for Python files, and python3 was not found in PATH.");
  });

  test("node --test gets the whole suite as files too, and really runs them", async () => {
    const input = await judged("calc", "node --test {test_dir} && printf '<%s>\\n' {test_dir} && test ! -e .broken", { "package.json": packageFiles("calc")["package.json"]!.replace('"0.3.1"', '"0.4.0"'), ...BROKEN });
    const message = failure(await gate(input));
    expect(message).toContain("# pass 5");
    expect(printed(message)).toEqual(["test/arith.test.js", "test/stats.test.js", "test/version.test.js"]);
  });
});

describe.if(haveToolchains("node"))("the candidate: only what the target's movement can affect runs again", () => {
  const STATS = { "lib/stats.js": '"use strict";\nconst { add } = require("./arith");\n\nexports.mean = (xs) => (xs.length ? xs.reduce(add, 0) / xs.length : 0);\n' };
  /** The task changed lib/stats.js; the target moved by `moved` since the task's base (both in the judged tree). */
  async function candidate(moved: Record<string, string>): Promise<GateInput> {
    const input = await judged("calc", "node --test {test_dir}", { ...STATS, ...moved });
    return { ...input, phase: "candidate", changed: [{ path: "lib/stats.js", status: "modified" }], targetChanges: Object.keys(moved).map((path) => ({ path, status: "modified" as const })) };
  }

  test("a target change none of the task's tests import: their verdict on the task commit stands", async () => {
    const outcome = await gate(await candidate({ "test/version.test.js": '"use strict";\nconst test = require("node:test");\ntest("noop", () => {});\n' }));
    expect(outcome).toMatchObject({ status: "skip", reason: "no test targets: the target's changes since the task's base (test/version.test.js) reach none of the tests this change concerns, which passed on the task's commit" });
  });

  test("a target change the task's tests import: they run again", async () => {
    const outcome = await gate(await candidate({ "lib/check.js": '"use strict";\n\nfunction check(n) {\n  if (typeof n !== "number") throw new TypeError("nan");\n  return n;\n}\n\nmodule.exports = { check };\n' }));
    const selections = (outcome as { details?: { selections: { targets: string[] }[] } }).details?.selections;
    expect(outcome.status).toBe("pass");
    expect(selections?.[0]?.targets).toEqual(["test/arith.test.js", "test/stats.test.js"]);
  });

  test("a target change no test reaches, or a configuration: everything selected runs", async () => {
    const unreached = await gate(await candidate({ "lib/format.js": '"use strict";\n\nexports.fmt = (n) => n.toFixed(3);\n' }));
    expect((unreached as { details?: { selections: { targets: string[] }[] } }).details?.selections[0]?.targets).toEqual(["test/arith.test.js", "test/stats.test.js"]);
  });
});

describe("what needs no whole suite", () => {
  test("only docs changed: skipped, saying so", async () => {
    const input = await judged("textkit", PRINT, { "README.md": "# textkit\n\nNow with docs.\n", "docs/guide.md": "# Guide\n" });
    expect(await gate(input)).toMatchObject({ status: "skip", reason: "no test targets: only non-source files changed (README.md, docs/guide.md); no test imports them" });
  });

  test("a whole suite that fails at the base too cannot judge the change: skipped, saying so", async () => {
    // The base's own suite is red: a test that fails whatever the change.
    repo = gateRepo(packageFiles("calc", { "test/flaky.test.js": 'require("node:test")("red", () => { throw new Error("red at the base"); });\n' }));
    const head = repo.commit({ "lib/format.js": "exports.fmt = (n) => n.toFixed(3);\n" });
    const red = await isolatedInput(repo, head, { ...LAYOUT.calc, test_cmd: "node --test {test_dir}" });
    const verdict = await gate(red);
    const selection = ((verdict as { details?: { selections: { command: string; whole?: string }[] } }).details?.selections ?? [])[0]!;
    expect([selection.command, selection.whole]).toEqual(["node --test {test_dir}", "no test's imports reach lib/format.js (it may be exercised through a CLI, a subprocess or a dynamic import)"]);
    expect(verdict).toMatchObject({
      status: "skip",
      reason: "the whole suite (no test's imports reach lib/format.js (it may be exercised through a CLI, a subprocess or a dynamic import)) fails at the base too, so `node --test test/arith.test.js test/flaky.test.js test/stats.test.js test/version.test.js` cannot tell whether this change broke it",
    });
  });

  test("a removed test runs nothing; a deleted module runs the tests still importing it; a rename runs the new path's tests", async () => {
    const removedTest = await judged("calc", PRINT, { "test/version.test.js": null, ...BROKEN });
    expect(await gate(removedTest)).toMatchObject({ status: "skip" });
    repo!.remove();
    const deleted = await judged("calc", PRINT, { "lib/stats.js": null, ...BROKEN });
    expect(printed(failure(await gate(deleted)))).toEqual(["test/arith.test.js", "test/stats.test.js"]);
    repo!.remove();
    repo = gateRepo(packageFiles("calc"));
    repo.git("mv", "lib/stats.js", "lib/statistics.js");
    const head = repo.commit({ "index.js": packageFiles("calc")["index.js"]!.replace("./lib/stats", "./lib/statistics"), ...BROKEN });
    const renamed = await isolatedInput(repo, head, { ...LAYOUT.calc, test_cmd: PRINT });
    expect(renamed.changed).toContainEqual({ path: "lib/statistics.js", status: "renamed", oldPath: "lib/stats.js" });
    const message = failure(await gate(renamed));
    expect(whyWhole(message)).toBeNull();
    expect(printed(message)).toEqual(["test/arith.test.js", "test/stats.test.js"]);
  });
});
