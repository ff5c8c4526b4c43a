import { afterEach, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { type GateOutcome, runGate } from "dgov/testing";
import { formatGate } from "../../gates/format.ts";
import { haveToolchains, linkNodeModules } from "../fakes/toolchains.ts";
import { checkoutOf, type GateRepo, gateRepo, isolatedInput } from "./gate-repo.ts";
import { goProject, jsProject, pyProject, rustProject, type ToolCase, tsProject } from "./tool-projects.ts";

// A "format check": every `x=1` (no spaces) is unformatted; prints them and exits 1.
const CHECK_SH = `grep -Hn '[a-z]=[0-9]' "$@" && exit 1\nexit 0\n`;
const project = { format_check_cmd: "sh check.sh {file}", format_cmd: "" };
/** Real tools on a loaded machine: a generous limit per test. */
const TOOL_MS = 120_000;

let repo: GateRepo;
let baseDir: string | null = null;
afterEach(() => {
  repo?.remove();
  if (baseDir) rmSync(dirname(baseDir), { recursive: true, force: true });
  baseDir = null;
});

/** A base with an unformatted file (src/old.py) and a formatted one (src/ok.py). */
function base(files: Record<string, string> = { "check.sh": CHECK_SH, "src/old.py": "a=1\nb=2\n", "src/ok.py": "a = 1\n" }, node = false) {
  repo = gateRepo(files);
  if (node) linkNodeModules(repo.dir);
  return repo;
}

function baseline(node = false): string {
  baseDir = checkoutOf(repo, repo.base);
  if (node) linkNodeModules(baseDir);
  return baseDir;
}

const format = async (head: string, cmd: Record<string, unknown> = project, baselineDir?: string): Promise<GateOutcome> =>
  runGate(formatGate, await isolatedInput(repo, head, cmd), { exec: repo.exec, ...(baselineDir ? { baselineDir } : {}) });

function findingsOf(outcome: GateOutcome) {
  if (outcome.status !== "fail") throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.findings;
}

describe("format gate", () => {
  test("an edited file the base had formatted, left unformatted, fails: the worker unformatted it", async () => {
    const head = base().commit({ "src/ok.py": "a = 1\nb=2\n" });
    expect(await format(head, project, baseline())).toEqual({
      status: "fail",
      findings: [
        { rule: "format", message: "Format failure from `sh check.sh src/ok.py`: 1 file(s) not formatted:\nsrc/ok.py:2:b=2", hint: "Format src/ok.py as `sh check.sh src/ok.py` expects." },
        { rule: "format", file: "src/ok.py", message: "not formatted (the base version was)" },
      ],
    });
  });

  test("a file already unformatted at the base is not the task's: skipped with a note", async () => {
    const head = base().commit({ "src/old.py": "a=1\nb=3\n" });
    expect(await format(head, project, baseline())).toEqual({
      status: "skip",
      reason: "src/old.py: already unformatted at the base (`sh check.sh src/old.py` fails there too), so not the task's to fix",
    });
  });

  test("each file judged alone: the one the worker unformatted fails, the one unformatted before is left out", async () => {
    const head = base().commit({ "src/old.py": "a=1\nb=3\n", "src/ok.py": "a = 1\nc=3\n", "src/new.py": "x = 1\n" });
    const findings = findingsOf(await format(head, { ...project, format_cmd: "sh fmt.sh {file}" }, baseline()));
    expect(findings[0]).toEqual({
      rule: "format",
      message: "Format failure from `sh check.sh src/new.py src/ok.py src/old.py`: 1 file(s) not formatted:\nsrc/ok.py:2:c=3",
      hint: "Format src/ok.py as `sh check.sh src/new.py src/ok.py src/old.py` expects (`sh fmt.sh src/ok.py` does it).",
    });
    expect(findings.slice(1)).toEqual([{ rule: "format", file: "src/ok.py", message: "not formatted (the base version was)" }]);
  });

  test("an unformatted new file fails without a base checkout", async () => {
    const head = base().commit({ "src/bad file.py": "x=1\n" });
    expect(findingsOf(await format(head))).toEqual([
      { rule: "format", message: "Format failure from `sh check.sh 'src/bad file.py'`: 1 file(s) not formatted:\nsrc/bad file.py:1:x=1", hint: "Format src/bad file.py as `sh check.sh 'src/bad file.py'` expects." },
      { rule: "format", file: "src/bad file.py", message: "not formatted (a new file)" },
    ]);
  });

  test("long output keeps its head and tail and says what was cut", async () => {
    const head = base().commit({ "src/new.py": "x=1\n" });
    const message = findingsOf(await format(head, { format_check_cmd: "echo FIRST; seq 1 5000; echo LAST; exit 1 # {file}" }))[0]!.message;
    expect(message).toStartWith("Format failure from `echo FIRST; seq 1 5000; echo LAST; exit 1 # src/new.py`: 1 file(s) not formatted:\nFIRST\n");
    expect(message).toEndWith("5000\nLAST");
    expect(message).toMatch(/\[\d+ characters of output cut\]/);
  });

  test("a check of the whole tree (no {file}): the task's when the base passes it", async () => {
    const head = base({ "check.sh": CHECK_SH, "src/ok.py": "a = 1\n" }).commit({ "src/ok.py": "a=1\n" });
    const findings = findingsOf(await format(head, { format_check_cmd: "sh check.sh src/*.py" }, baseline()));
    expect(findings.slice(1)).toEqual([{ rule: "format", file: "src/ok.py", message: "not formatted (the base version was)" }]);
  });

  test("a check of the whole tree the base fails too: only changed files its output newly names are the task's", async () => {
    const whole = { format_check_cmd: "sh check.sh src/*.py" };
    const head = base().commit({ "src/old.py": "a=1\nb=5\n", "src/ok.py": "a = 1\nz=0\n" });
    expect(findingsOf(await format(head, whole, baseline())).slice(1)).toEqual([{ rule: "format", file: "src/ok.py", message: "not formatted (the base version was)" }]);
    const second = repo.commit({ "src/ok.py": "a = 1\n" });
    expect(await format(second, whole, baseline())).toMatchObject({ status: "skip", reason: "`sh check.sh src/*.py` fails at the base too, and names no changed file the base had formatted" });
  });

  test("a missing program is the gate's error, saying what to do", async () => {
    const head = base().commit({ "src/new.py": "x = 1\n" });
    const outcome = await format(head, { format_check_cmd: "no-such-formatter-dgov {file}" });
    expect(outcome).toMatchObject({ status: "error", error: expect.stringContaining("format_check_cmd could not run in the task's tree: `no-such-formatter-dgov src/new.py`: program not found") });
  });

  test("a checker missing a module is the gate's error, not an unformatted file", async () => {
    const head = base().commit({ "src/new.py": "x = 1\n" });
    const outcome = await format(head, { format_check_cmd: "python3 -m no_such_formatter_dgov --check {file}" });
    expect(outcome).toMatchObject({ status: "error", error: expect.stringContaining("No module named no_such_formatter_dgov") });
  });

  test("skips when the task changed no source file, or without a format_check_cmd", async () => {
    const head = base().commit({ "notes.txt": "x=1\n" });
    expect(await format(head)).toMatchObject({ status: "skip", reason: "no changed source files" });
    const head2 = repo.commit({ "src/new.py": "x=1\n" });
    expect(await format(head2, { format_check_cmd: "" })).toMatchObject({ status: "skip" });
  });

  test("the candidate keeps the isolated verdict unless the target moved one of the task's files or a non-source file", async () => {
    const head = base().commit({ "src/new.py": "x=1\n" });
    const input = { ...(await isolatedInput(repo, head, { ...project, source_extensions: [".py"] })), phase: "candidate" as const };
    const moved = (...paths: string[]) => ({ ...input, targetChanges: paths.map((path) => ({ path, status: "modified" as const })) });
    expect(await runGate(formatGate, moved("src/ok.py"), { exec: repo.exec })).toMatchObject({ status: "skip", reason: expect.stringContaining("the verdict on the task's commit stands") });
    // The task's own file, a formatter configuration, or nothing known: judged again.
    for (const again of [moved("src/new.py"), moved("pyproject.toml"), input]) expect((await runGate(formatGate, again, { exec: repo.exec })).status).toBe("fail");
  });

  test("a base git does not know is the gate's error", async () => {
    const head = base().commit({ "src/new.py": "x=1\n" });
    const input = { ...(await isolatedInput(repo, head, project)), baseSha: "f".repeat(40) };
    expect(await runGate(formatGate, input, { exec: repo.exec })).toMatchObject({ status: "error" });
  });
});

/** A real formatter on a project whose source file is formatted at the base. */
interface RealFormatter extends ToolCase {
  format_check_cmd: string;
  /** The file as the worker leaves it: edited and unformatted. */
  unformatted: (text: string) => string;
}

const NAMES_JS = "export function greet(name) {\n  return `hello ${name}`;\n}\n";
const AREA_TS = "export function area(w: number, h: number): number {\n  return w * h;\n}\n";
const AREA_PY = "def area(w: int, h: int) -> int:\n    return w * h\n";
const SHAPES_GO = "package shapes\n\n// Area is w times h.\nfunc Area(w, h int) int {\n\treturn w * h\n}\n";
const AREA_RS = "pub fn area(w: i32, h: i32) -> i32 {\n    w * h\n}\n";

const REAL_FORMATTERS: RealFormatter[] = [
  { name: "prettier --check", toolchains: ["node"], files: jsProject(NAMES_JS), node: true, format_check_cmd: "node_modules/.bin/prettier --check {file}", extensions: [".js"], path: "src/names.js", unformatted: (t) => t.replace("return `hello", "return    `hi") },
  { name: "biome format", toolchains: ["node"], files: tsProject(AREA_TS), node: true, format_check_cmd: "node_modules/.bin/biome format {file}", extensions: [".ts"], path: "src/area.ts", unformatted: (t) => t.replace("w * h;", "w*h*1") },
  { name: "ruff format --check", toolchains: ["python"], files: pyProject(AREA_PY), format_check_cmd: "python -m ruff format --check --no-cache {file}", extensions: [".py"], path: "src/geometry/area.py", unformatted: (t) => t.replace("w * h", "w*h*1") },
  { name: "gofmt -l", toolchains: ["go"], files: goProject(SHAPES_GO), format_check_cmd: 'test -z "$(gofmt -l {file})"', extensions: [".go"], path: "internal/shapes/shapes.go", unformatted: (t) => t.replace("\treturn w * h", "        return w*h*1") },
  { name: "cargo fmt --check (the whole crate)", toolchains: ["rust"], files: rustProject(AREA_RS), format_check_cmd: "cargo fmt --check", extensions: [".rs"], path: "src/area.rs", unformatted: (t) => t.replace("    w * h", "  w*h*1") },
];

for (const f of REAL_FORMATTERS) {
  describe.if(haveToolchains(...f.toolchains))(`format gate with ${f.name}, run for real`, () => {
    const cmd = { format_check_cmd: f.format_check_cmd, source_extensions: f.extensions };

    test("an edit that unformats a file the base had formatted is rejected, naming the file", async () => {
      const head = base(f.files, f.node).commit({ [f.path]: f.unformatted(repo.read(f.path)) });
      const findings = findingsOf(await format(head, cmd, baseline(f.node)));
      expect(findings[0]!.message).toStartWith(`Format failure from \`${f.format_check_cmd.replace("{file}", f.path)}\`: 1 file(s) not formatted`);
      expect(findings[0]!.message).not.toContain("\u001b");
      expect(findings.slice(1)).toEqual([{ rule: "format", file: f.path, message: "not formatted (the base version was)" }]);
    }, TOOL_MS);

    test("a file already unformatted at the base, edited, is skipped with a note", async () => {
      const files = { ...f.files, [f.path]: f.unformatted(f.files[f.path]!) };
      const head = base(files, f.node).commit({ [f.path]: `${repo.read(f.path)}\n` });
      expect(await format(head, cmd, baseline(f.node))).toMatchObject({ status: "skip" });
    }, TOOL_MS);

    test("a formatted edit passes", async () => {
      const comment = f.path.endsWith(".py") ? "#" : "//";
      const head = base(f.files, f.node).commit({ [f.path]: `${comment} Shapes.\n${f.files[f.path]}` });
      expect(await format(head, cmd)).toEqual({ status: "pass" });
    }, TOOL_MS);
  });
}
