import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { GateOutcome } from "dgov/testing";
import { runGate } from "dgov/testing";
import { lintGate } from "../../gates/lint.ts";
import { haveToolchains, linkNodeModules, type Toolchain } from "../fakes/toolchains.ts";
import { checkoutOf, type GateRepo, gateRepo, isolatedInput } from "./gate-repo.ts";
import { goProject, jsProject, pyProject, rustProject, type ToolCase } from "./tool-projects.ts";

// A "linter": every line containing BAD is a diagnostic `path:line:1: E1 bad word`; exit 1 if any.
const LINT_SH = `out=$(grep -Hn BAD "$@")
[ -z "$out" ] && exit 0
printf '%s\\n' "$out" | sed 's/^\\([^:]*\\):\\([0-9]*\\):.*/\\1:\\2:1: E1 bad word/'
exit 1
`;
const project = { lint_cmd: "sh lint.sh {file}" };
/** Real tools on a loaded machine: a generous limit per test. */
const TOOL_MS = 120_000;

let repo: GateRepo;
let baseDir: string | null = null;
afterEach(() => {
  repo?.remove();
  if (baseDir) rmSync(dirname(baseDir), { recursive: true, force: true });
  baseDir = null;
});

/** A base with one old diagnostic on line 1 of src/a.py. */
function base(files: Record<string, string> = { "lint.sh": LINT_SH, "src/a.py": "old = BAD\nx = 1\ny = 2\n", "notes.txt": "n\n" }) {
  repo = gateRepo(files);
  return repo;
}

/** The checkout of the base that settlement would give the gate. */
function baseline(node = false): string {
  baseDir = checkoutOf(repo, repo.base);
  if (node) linkNodeModules(baseDir);
  return baseDir;
}

/** The gate's error message; fails the test when the outcome is anything else. */
function errorOf(outcome: GateOutcome): string {
  if (outcome.status !== "error") throw new Error(`expected the gate's error, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

const lint = async (head: string, cmd: Record<string, unknown> = project, opts: { baselineDir?: string } = {}): Promise<GateOutcome> =>
  runGate(lintGate, await isolatedInput(repo, head, cmd), { exec: repo.exec, ...opts });

describe("lint gate", () => {
  test("a diagnostic the base already had, on a line the task left alone, passes", async () => {
    const head = base().commit({ "src/a.py": "old = BAD\nx = 1\ny = 3\n" });
    expect(await lint(head)).toEqual({ status: "pass" });
  });

  test("a diagnostic on a line the task changed fails; the old one is not reported", async () => {
    const head = base().commit({ "src/a.py": "old = BAD\nx = 1\ny = BAD\n" });
    expect(await lint(head, project, { baselineDir: baseline() })).toEqual({
      status: "fail",
      findings: [
        { rule: "lint", message: "Lint failure (worker-changed lines): 1 diagnostic(s) from `sh lint.sh src/a.py`" },
        { rule: "lint", file: "src/a.py", line: 3, message: "E1 bad word" },
      ],
    });
  });

  test("an old diagnostic that moved with its line is not the task's, though the line counts as changed", async () => {
    const head = base().commit({ "src/a.py": "x = 1\ny = 2\nold = BAD\n" });
    expect(await lint(head, project, { baselineDir: baseline() })).toEqual({ status: "pass" });
  });

  test("a second copy of an old diagnostic is new: counted per identity, the copy on the changed line reported", async () => {
    const head = base().commit({ "src/a.py": "old = BAD\nx = 1\ny = 2\nold = BAD\n" });
    expect(await lint(head, project, { baselineDir: baseline() })).toMatchObject({ status: "fail", findings: [{}, { file: "src/a.py", line: 4 }] });
  });

  test("a new file fails on any line, without a base checkout", async () => {
    const head = base().commit({ "src/new.py": "a = 1\nb = BAD\n" });
    const outcome = await lint(head);
    expect(outcome.status).toBe("fail");
    if (outcome.status !== "fail") return;
    expect(outcome.findings[0]!.message).toStartWith("Lint failure: 1 diagnostic(s)");
    expect(outcome.findings.slice(1)).toEqual([{ rule: "lint", file: "src/new.py", line: 2, message: "E1 bad word" }]);
  });

  test("a linter that fails without one diagnostic naming a file could not run: the gate's error, with its output", async () => {
    const head = base().commit({ "src/a.py": "x = 2\n" });
    const error = errorOf(await lint(head, { lint_cmd: "echo 'linter crashed: config error'; echo 'at line 7 of ruff.toml' >&2; exit 2" }));
    expect(error).toContain("lint_cmd could not run in the task's tree: `echo 'linter crashed: config error'; echo 'at line 7 of ruff.toml' >&2; exit 2`: exit 2");
    expect(error).toContain("linter crashed: config error\nat line 7 of ruff.toml");
  });

  test("a missing linter program is the gate's error, saying what to do", async () => {
    const head = base().commit({ "src/a.py": "x = 2\n" });
    const error = errorOf(await lint(head, { lint_cmd: "no-such-linter-dgov {file}" }));
    expect(error).toContain("lint_cmd could not run in the task's tree: `no-such-linter-dgov src/a.py`: program not found or not executable (exit 127):\nsh: 1: no-such-linter-dgov: not found\n");
    expect(error).toEndWith("or set [project] lint_cmd.");
  });

  test("a linter that cannot run in the base checkout is the gate's error too, not a pass", async () => {
    const head = base({ "src/a.py": "old = 1\n" }).commit({ "lint.sh": LINT_SH, "src/a.py": "old = BAD\n" });
    const outcome = await lint(head, project, { baselineDir: baseline() });
    expect(outcome).toMatchObject({ status: "error", error: expect.stringContaining("lint_cmd could not run in the base checkout: `sh lint.sh src/a.py`: exit ") });
  });

  test("a linter that hangs fails with the time it was given", async () => {
    const head = base().commit({ "src/a.py": "x = 2\n" });
    expect(await lint(head, { lint_cmd: "sleep 5", settlement_timeout: 0.2 })).toMatchObject({ status: "fail", findings: [{ message: expect.stringContaining("timed out") }] });
  });

  test("skips without changed source files, and without a lint_cmd", async () => {
    const head = base().commit({ "notes.txt": "BAD\n" });
    expect(await lint(head)).toMatchObject({ status: "skip" });
    const head2 = repo.commit({ "src/a.py": "BAD\n" });
    expect(await lint(head2, { lint_cmd: "  " })).toMatchObject({ status: "skip" });
  });

  test("a base git does not know is the gate's error, not a pass", async () => {
    const head = base().commit({ "src/a.py": "y = BAD\n" });
    const input = { ...(await isolatedInput(repo, head, project)), baseSha: "f".repeat(40) };
    expect(await runGate(lintGate, input, { exec: repo.exec })).toMatchObject({ status: "error", error: expect.stringContaining("git ls-tree failed") });
  });
});

describe("lint gate on the candidate", () => {
  test("measured against the target: a diagnostic the target brought is not the task's", async () => {
    base();
    const target = repo.commit({ "src/a.py": "old = BAD\nx = 1\ny = 2\ntarget = BAD\n" }, "target moved");
    const candidate = repo.commit({ "src/a.py": "old = BAD\nx = 5\ny = 2\ntarget = BAD\n" }, "task replayed");
    const input = await isolatedInput(repo, candidate, project, { phase: "candidate", baseSha: target, targetSha: target });
    input.changed = [{ path: "src/a.py", status: "modified" }];
    expect(await runGate(lintGate, input, { exec: repo.exec })).toEqual({ status: "pass" });
  });
});

/** A real linter on a project with one old error on an untouched line. */
interface RealLinter extends ToolCase {
  lint_cmd: string;
  /** An edit that leaves the old error's line alone. */
  harmless: (text: string) => string;
  /** An edit that adds one error on a line of its own. */
  harmful: (text: string) => string;
  finding: { line: number; message: string };
}

const NAMES_JS = "export function greet(name) {\n  debugger;\n  return `hello ${name}`;\n}\n";
const js = (linter: string, cmd: string, message: string, toolchains: Toolchain[] = ["node"]): RealLinter => ({
  name: linter,
  toolchains,
  files: jsProject(NAMES_JS),
  node: true,
  lint_cmd: cmd,
  extensions: [".js"],
  path: "src/names.js",
  harmless: (t) => t.replace("hello", "hi"),
  harmful: (t) => t.replace("{\n", "{\n  const unused = 1;\n"),
  finding: { line: 2, message },
});

const AREA_PY = "import os\n\n\ndef area(w: int, h: int) -> int:\n    return w * h\n";
const ruff = (format: string, cmd: string): RealLinter => ({
  name: `ruff ${format}`,
  toolchains: ["python"],
  files: pyProject(AREA_PY),
  lint_cmd: cmd,
  extensions: [".py"],
  path: "src/geometry/area.py",
  harmless: (t) => t.replace("w * h", "h * w"),
  harmful: (t) => t.replace("w * h", "w * h * factor"),
  finding: { line: 5, message: "F821 Undefined name `factor`" },
});

const REAL_LINTERS: RealLinter[] = [
  js("eslint 9 json", "node_modules/.bin/eslint --format json {file}", "no-unused-vars 'unused' is assigned a value but never used."),
  js("eslint 9 stylish", "node_modules/.bin/eslint {file}", "no-unused-vars 'unused' is assigned a value but never used"),
  js("eslint 9 json through pnpm exec", "pnpm exec eslint --format json {file}", "no-unused-vars 'unused' is assigned a value but never used.", ["node", "pnpm"]),
  js("oxlint json", "node_modules/.bin/oxlint --format json {file}", "eslint(no-unused-vars) Variable 'unused' is declared but never used. Unused variables should start with a '_'."),
  js("oxlint default", "node_modules/.bin/oxlint {file}", "eslint(no-unused-vars) Variable 'unused' is declared but never used. Unused variables should start with a '_'."),
  js("biome json", "node_modules/.bin/biome lint --reporter=json {file}", "lint/correctness/noUnusedVariables This variable unused is unused."),
  ruff("json", "python -m ruff check --no-fix --no-cache --output-format json {file}"),
  ruff("default", "python -m ruff check --no-cache {file}"),
  {
    name: "clippy json",
    toolchains: ["rust"],
    files: rustProject("pub fn area(w: i32, h: i32) -> i32 {\n    return w * h;\n}\n"),
    lint_cmd: "cargo clippy --all-targets --message-format=json -- -D warnings",
    extensions: [".rs"],
    path: "src/area.rs",
    harmless: (t) => `/// The area of a rectangle.\n${t}`,
    harmful: (t) => t.replace("{\n", "{\n    let scale = 2;\n"),
    finding: { line: 2, message: "unused_variables unused variable: `scale`" },
  },
  {
    name: "go vet -json (exits 0 with findings)",
    toolchains: ["go"],
    files: goProject('package shapes\n\nimport "fmt"\n\nfunc Area(w, h int) int {\n\treturn w * h\n}\n\nfunc Label(w int) string {\n\treturn fmt.Sprintf("%s", w)\n}\n'),
    lint_cmd: "go vet -json ./...",
    extensions: [".go"],
    path: "internal/shapes/shapes.go",
    harmless: (t) => t.replace("w * h", "h * w"),
    harmful: (t) => t.replace("return w * h", 'fmt.Printf("%d\\n", "w")\n\treturn w * h'),
    finding: { line: 6, message: 'printf fmt.Printf format %d has arg "w" of wrong type string' },
  },
];

for (const linter of REAL_LINTERS) {
  describe.if(haveToolchains(...linter.toolchains))(`lint gate with ${linter.name}, run for real`, () => {
    const setUp = () => {
      base(linter.files);
      if (linter.node) linkNodeModules(repo.dir);
      return repo;
    };

    test("old errors on lines the task left alone pass", async () => {
      const head = setUp().commit({ [linter.path]: linter.harmless(repo.read(linter.path)) });
      expect(await lint(head, { lint_cmd: linter.lint_cmd, source_extensions: linter.extensions })).toEqual({ status: "pass" });
    }, TOOL_MS);

    test("an error on a changed line fails with its finding; the old one is not reported", async () => {
      const head = setUp().commit({ [linter.path]: linter.harmful(repo.read(linter.path)) });
      const outcome = await lint(head, { lint_cmd: linter.lint_cmd, source_extensions: linter.extensions }, { baselineDir: baseline(linter.node) });
      expect(outcome).toMatchObject({ status: "fail" });
      if (outcome.status !== "fail") return;
      expect(outcome.findings[0]!.message).toStartWith("Lint failure (worker-changed lines): 1 diagnostic(s) from `");
      expect(outcome.findings.slice(1)).toEqual([{ rule: "lint", file: linter.path, ...linter.finding }]);
    }, TOOL_MS);
  });
}

describe.if(haveToolchains("node"))("lint gate on a tree reached through a symlink", () => {
  test("the linter's physical paths (as ESLint prints them) still name the changed file", async () => {
    base(jsProject(NAMES_JS));
    linkNodeModules(repo.dir);
    const head = repo.commit({ "src/names.js": NAMES_JS.replace("{\n", "{\n  const unused = 1;\n") });
    const link = join(mkdtempSync(join(tmpdir(), "dgov-link-")), "tree");
    symlinkSync(repo.dir, link);
    try {
      const input = { ...(await isolatedInput(repo, head, { lint_cmd: "node_modules/.bin/eslint --format json {file}", source_extensions: [".js"] })), dir: link };
      const outcome = await runGate(lintGate, input, { exec: repo.exec, root: repo.dir, baselineDir: baseline(true) });
      expect(outcome).toMatchObject({ status: "fail", findings: [{}, { file: "src/names.js", line: 2, message: "no-unused-vars 'unused' is assigned a value but never used." }] });
    } finally {
      rmSync(dirname(link), { recursive: true, force: true });
    }
  }, TOOL_MS);
});

describe.if(haveToolchains("node", "pnpm", "python"))("a real linter that cannot run", () => {
  test("ESLint whose config imports a package that is not installed: the gate's error, though the base fails alike", async () => {
    const files = jsProject(NAMES_JS);
    files["eslint.config.js"] = `import missing from "eslint-plugin-dgov-missing";\n${files["eslint.config.js"]}`;
    base(files);
    linkNodeModules(repo.dir);
    const head = repo.commit({ "src/names.js": NAMES_JS.replace("debugger;\n", "") });
    const error = errorOf(await lint(head, { lint_cmd: "node_modules/.bin/eslint --format json {file}", source_extensions: [".js"] }, { baselineDir: baseline(true) }));
    expect(error).toContain("lint_cmd could not run in the task's tree: `node_modules/.bin/eslint --format json src/names.js`: exit 2");
    expect(error).toContain("Cannot find package 'eslint-plugin-dgov-missing'");
  }, TOOL_MS);

  test("pnpm exec of a tool the project does not have: the gate's error", async () => {
    base(jsProject(NAMES_JS));
    linkNodeModules(repo.dir);
    const head = repo.commit({ "src/names.js": NAMES_JS.replace("hello", "hi") });
    const error = errorOf(await lint(head, { lint_cmd: "pnpm exec xo --reporter=json {file}", source_extensions: [".js"] }));
    expect(error).toContain("lint_cmd could not run in the task's tree: `pnpm exec xo --reporter=json src/names.js`: exit 254");
    expect(error).toContain('Command "xo" not found');
  }, TOOL_MS);

  test("ruff run as a module that is not installed: the gate's error", async () => {
    const head = base(pyProject(AREA_PY)).commit({ "src/geometry/area.py": AREA_PY.replace("w * h", "h * w") });
    expect(errorOf(await lint(head, { lint_cmd: "python -m ruff_dgov_missing check {file}" }, { baselineDir: baseline() }))).toContain("No module named ruff_dgov_missing");
  }, TOOL_MS);
});
