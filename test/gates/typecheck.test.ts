import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { type GateOutcome, runGate } from "dgov/testing";
import { clearTypecheckResults, typecheckGate } from "../../gates/typecheck.ts";
import { haveToolchains, linkNodeModules } from "../fakes/toolchains.ts";
import { checkoutOf, type GateRepo, gateRepo, isolatedInput } from "./gate-repo.ts";
import { pyProject, tsProject } from "./tool-projects.ts";

// A "type checker": each `ERR_<code>` in a .py file is `error[<code>]` at its line, ty style; exit 1 if any.
const TC_SH = `out=$(grep -rn --include='*.py' -o 'ERR_[a-z0-9]*' . | sed 's/^\\.\\/\\([^:]*\\):\\([0-9]*\\):ERR_\\(.*\\)/error[\\3]: bad thing\\n --> \\1:\\2:1/')
[ -z "$out" ] && exit 0
printf '%s\\n' "$out"
exit 1
`;
const project = { type_check_cmd: "sh tc.sh" };
/** Real tools on a loaded machine: a generous limit per test. */
const TOOL_MS = 120_000;

let repo: GateRepo;
let checkouts: string[] = [];
beforeEach(() => clearTypecheckResults());
afterEach(() => {
  repo?.remove();
  for (const dir of checkouts) rmSync(dirname(dir), { recursive: true, force: true });
  checkouts = [];
});

/** A checkout of `sha` as settlement makes them (node_modules linked, as setup_cmd would). */
function checkout(sha: string, node = false): string {
  const dir = checkoutOf(repo, sha);
  if (node) linkNodeModules(dir);
  checkouts.push(dir);
  return dir;
}

function base(files: Record<string, string> = { "src/a.py": "x = ERR_old\ny = 1\n" }, node = false) {
  repo = gateRepo({ "tc.sh": TC_SH, ...files });
  if (node) linkNodeModules(repo.dir);
  return repo;
}

function errorOf(outcome: GateOutcome): string {
  if (outcome.status !== "error") throw new Error(`expected the gate's error, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

const check = async (head: string, cmd: Record<string, unknown> = project, baselineDir?: string) =>
  runGate(typecheckGate, await isolatedInput(repo, head, cmd), { exec: repo.exec, ...(baselineDir ? { baselineDir } : {}) });

describe("typecheck gate", () => {
  test("a diagnostic the base had passes, even on another line", async () => {
    const head = base().commit({ "src/a.py": "y = 1\nz = 2\nx = ERR_old\n" });
    expect(await check(head, project, checkout(repo.base))).toEqual({ status: "pass" });
  });

  test("a diagnostic the base did not have fails, listed with its place; the summary names the command", async () => {
    const head = base().commit({ "src/a.py": "x = ERR_old\ny = ERR_new\n" });
    expect(await check(head, project, checkout(repo.base))).toEqual({
      status: "fail",
      findings: [
        { rule: "typecheck", message: "Type check failure from `sh tc.sh`: 1 new diagnostic(s), 2 in all:" },
        { rule: "typecheck", file: "src/a.py", line: 2, message: "new: bad thing" },
      ],
    });
  });

  test("the same code again on other text is new: identity is not (file, code)", async () => {
    const head = base().commit({ "src/a.py": "x = ERR_old\ny = 1\nw = ERR_old\n" });
    expect(await check(head, project, checkout(repo.base))).toMatchObject({ status: "fail", findings: [{}, { file: "src/a.py", line: 3, message: "old: bad thing" }] });
  });

  test("a second copy of an old error on the same text is one new one: the copy on the changed line", async () => {
    const head = base().commit({ "src/a.py": "x = ERR_old\ny = 1\nx = ERR_old\n" });
    const outcome = await check(head, project, checkout(repo.base));
    expect(outcome).toMatchObject({ status: "fail", findings: [{ message: "Type check failure from `sh tc.sh`: 1 new diagnostic(s), 2 in all:" }, { line: 3 }] });
    const prepended = repo.commit({ "src/a.py": "x = ERR_old\nx = ERR_old\ny = 1\nx = ERR_old\n" });
    // Against the first task commit: its two copies are old; of the three, the one inserted at line 2 is new.
    const input = { ...(await isolatedInput(repo, prepended, project)), baseSha: repo.git("rev-parse", "HEAD~1").trim() };
    expect(await runGate(typecheckGate, input, { exec: repo.exec })).toMatchObject({ status: "fail", findings: [{}, { line: 2 }] });
  });

  test("the base is type-checked once per base tree and command (a second task on it reuses it)", async () => {
    const head = base().commit({ "src/a.py": "x = ERR_old\n", "src/b.py": "ERR_two\n" });
    const first = await check(head, project, checkout(repo.base));
    expect(first).toMatchObject({ status: "fail", findings: [{ message: "Type check failure from `sh tc.sh`: 1 new diagnostic(s), 2 in all:" }, { file: "src/b.py" }] });
    // No baseline checkout this time: asking for one would be an error.
    expect(await check(head)).toEqual(first);
  });

  test("a judged tree's result is recorded: the next task based on that commit needs no base checkout", async () => {
    const first = base().commit({ "src/a.py": "x = ERR_old\ny = ERR_landed\n" });
    await check(first, project, checkout(repo.base));
    const second = repo.commit({ "src/c.py": "ERR_next\n" });
    const input = { ...(await isolatedInput(repo, second, project)), baseSha: first };
    expect(await runGate(typecheckGate, input, { exec: repo.exec })).toMatchObject({ status: "fail", findings: [{ message: expect.stringContaining("1 new diagnostic(s), 3 in all") }, { file: "src/c.py" }] });
  });

  test("a candidate that lands is the next task's target: its candidate baseline is already known", async () => {
    base();
    const landedCandidate = repo.commit({ "src/a.py": "x = ERR_old\nz = ERR_first\n" }, "first task's candidate");
    const candidateDir = checkout(landedCandidate);
    const asCandidate = { phase: "candidate" as const, dir: candidateDir, baseSha: repo.base, targetSha: repo.base };
    // The project root is the repository's, as in a run (not the checkout the gate judges).
    const judged = await runGate(typecheckGate, { ...(await isolatedInput(repo, landedCandidate, project)), ...asCandidate }, { exec: repo.exec, root: repo.dir, baselineDir: checkout(repo.base) });
    expect(judged).toMatchObject({ status: "fail" });
    const next = repo.commit({ "src/d.py": "ok = 1\n" }, "second task's candidate");
    const nextInput = { ...(await isolatedInput(repo, next, project)), phase: "candidate" as const, baseSha: landedCandidate, targetSha: landedCandidate };
    expect(await runGate(typecheckGate, nextInput, { exec: repo.exec })).toEqual({ status: "pass" });
  });

  test("[gates.typecheck] reuse_results = false: every base is checked in its own checkout", async () => {
    const first = base().commit({ "src/a.py": "x = ERR_old\ny = ERR_landed\n" });
    // Recorded by a run that reuses results; the next one, which does not, still checks its base.
    await check(first, project, checkout(repo.base));
    const second = repo.commit({ "src/c.py": "ERR_next\n" });
    const input = { ...(await isolatedInput(repo, second, project)), baseSha: first };
    expect(errorOf(await runGate(typecheckGate, input, { exec: repo.exec, options: { reuse_results: false } }))).toContain("no baseline checkout");
  });

  test("a tree with files beside the commit's is not recorded for the commit", async () => {
    const first = base().commit({ "src/a.py": "x = ERR_old\n" });
    repo.edit({ "src/stray.py": "ERR_stray\n" });
    await check(first, project, checkout(repo.base));
    const second = repo.commit({ "src/c.py": "ERR_next\n" });
    const input = { ...(await isolatedInput(repo, second, project)), baseSha: first };
    expect(errorOf(await runGate(typecheckGate, input, { exec: repo.exec }))).toContain("no baseline checkout");
  });

  test("an exit of 0 passes without touching the base; no type_check_cmd skips", async () => {
    const head = base({ "src/a.py": "ok\n" }).commit({ "src/a.py": "fine\n" });
    expect(await check(head)).toEqual({ status: "pass" });
    expect(await check(head, {})).toMatchObject({ status: "skip" });
  });

  test("without a base checkout to compare with, a failing check is the gate's error", async () => {
    const head = base().commit({ "src/a.py": "x = ERR_new\n" });
    expect(errorOf(await check(head))).toContain("no baseline checkout");
  });
});

describe("a type checker that cannot run is the gate's error, whatever the base did", () => {
  const cases: [string, string, string][] = [
    ["a missing program (127)", "no-such-checker-dgov src", "program not found or not executable (exit 127):\nsh: 1: no-such-checker-dgov: not found"],
    ["a missing module", "python3 -m no_such_checker_dgov src", "exit 1 without a diagnostic naming a file of the tree:\n"],
    ["exit 2 with garbage", "echo 'internal error: stack overflow at parser.c:12'; exit 2", "exit 2 without a diagnostic naming a file of the tree:\ninternal error: stack overflow at parser.c:12"],
  ];
  for (const [what, cmd, said] of cases) {
    test(`${what}, though the base fails the same way`, async () => {
      const head = base().commit({ "src/a.py": "x = ERR_old\ny = 2\n" });
      const error = errorOf(await check(head, { type_check_cmd: cmd }, checkout(repo.base)));
      expect(error).toContain(`type_check_cmd could not run in the task's tree: \`${cmd}\`: ${said}`);
    });
  }

  test("one that runs in the tree but not in the base checkout: the error names the base checkout", async () => {
    const head = base({ "src/a.py": "x = ERR_old\n" }).commit({ "tc.sh": TC_SH.replace("exit 1", "exit 3"), "src/a.py": "x = ERR_old\ny = ERR_new\n" });
    const broken = { type_check_cmd: "out=$(sh tc.sh); code=$?; [ $code -eq 1 ] && { echo 'tc: cannot load plugin'; exit 2; }; printf '%s\\n' \"$out\"; exit $code" };
    expect(errorOf(await check(head, broken, checkout(repo.base)))).toContain("type_check_cmd could not run in the base checkout");
  });
});

const WIDTH_TS = 'export function area(w: number, h: number): number {\n  return w * h;\n}\n\nexport function width(): number {\n  const value: number = "10";\n  return value;\n}\n';
const HEIGHT_TS = 'export function height(): number {\n  const value: number = "10";\n  return value;\n}\n\n';

describe.if(haveToolchains("node"))("typecheck gate with tsc 7 --pretty false, run for real", () => {
  const cmd = { type_check_cmd: "node_modules/.bin/tsc --noEmit --pretty false", source_extensions: [".ts"] };

  test("an old TS2322 that moved passes", async () => {
    const head = base(tsProject(WIDTH_TS), true).commit({ "src/area.ts": `// Areas.\n\n${WIDTH_TS}` });
    expect(await check(head, cmd, checkout(repo.base, true))).toEqual({ status: "pass" });
  }, TOOL_MS);

  test("TS2322 twice: the identical copy the task added is one new error, on its line", async () => {
    const head = base(tsProject(WIDTH_TS), true).commit({ "src/area.ts": `${HEIGHT_TS}${WIDTH_TS}` });
    expect(await check(head, cmd, checkout(repo.base, true))).toEqual({
      status: "fail",
      findings: [
        { rule: "typecheck", message: "Type check failure from `node_modules/.bin/tsc --noEmit --pretty false`: 1 new diagnostic(s), 2 in all:" },
        { rule: "typecheck", file: "src/area.ts", line: 2, message: "TS2322: Type 'string' is not assignable to type 'number'." },
      ],
    });
  }, TOOL_MS);

  test("a missing project file is the gate's error", async () => {
    const head = base(tsProject(WIDTH_TS), true).commit({ "src/area.ts": `${HEIGHT_TS}${WIDTH_TS}` });
    const error = errorOf(await check(head, { ...cmd, type_check_cmd: "node_modules/.bin/tsc --noEmit --pretty false -p tsconfig.app.json" }, checkout(repo.base, true)));
    expect(error).toContain("without a diagnostic naming a file of the tree:\nerror TS5058: The specified path does not exist:");
  }, TOOL_MS);
});

const AREA_PY = "def area(w: int, h: int) -> int:\n    return str(w * h)\n";
const PERIMETER_PY = "\n\ndef perimeter(w: int, h: int) -> int:\n    return str(2 * (w + h))\n";

for (const [format, cmd] of [["JSON", "python -m mypy --output json src"], ["text", "python -m mypy src"]] as const) {
  describe.if(haveToolchains("python"))(`typecheck gate with mypy (${format}), run for real`, () => {
    test("a second return-value error in a file that has one fails; the old one does not", async () => {
      const head = base(pyProject(AREA_PY)).commit({ "src/geometry/area.py": AREA_PY + PERIMETER_PY });
      expect(await check(head, { type_check_cmd: cmd }, checkout(repo.base))).toEqual({
        status: "fail",
        findings: [
          { rule: "typecheck", message: `Type check failure from \`${cmd}\`: 1 new diagnostic(s), 2 in all:` },
          { rule: "typecheck", file: "src/geometry/area.py", line: 6, message: 'return-value: Incompatible return value type (got "str", expected "int")' },
        ],
      });
    }, TOOL_MS);

    test("the old error alone passes, on whatever line", async () => {
      const head = base(pyProject(AREA_PY)).commit({ "src/geometry/area.py": `"""Areas."""\n\n\n${AREA_PY}` });
      expect(await check(head, { type_check_cmd: cmd }, checkout(repo.base))).toEqual({ status: "pass" });
    }, TOOL_MS);
  });
}
