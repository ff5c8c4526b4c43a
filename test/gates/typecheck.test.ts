import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { runGate } from "dgov/testing";
import { clearTypecheckBaselines, typecheckGate } from "../../gates/typecheck.ts";
import { checkoutOf, type GateRepo, gateRepo, isolatedInput } from "./gate-repo.ts";

// A "type checker": each `ERR_<code>` in a .py file is `error[<code>]` at its line, ty style; exit 1 if any.
const TC_SH = `out=$(grep -rn --include='*.py' -o 'ERR_[a-z0-9]*' . | sed 's/^\\.\\/\\([^:]*\\):\\([0-9]*\\):ERR_\\(.*\\)/error[\\3]: bad thing\\n --> \\1:\\2:1/')
[ -z "$out" ] && exit 0
printf '%s\\n' "$out"
exit 1
`;
const project = { type_check_cmd: "sh tc.sh" };

let repo: GateRepo;
let baseline: string | null = null;
beforeEach(() => clearTypecheckBaselines());
afterEach(() => {
  repo?.remove();
  if (baseline) rmSync(dirname(baseline), { recursive: true, force: true });
  baseline = null;
});

function base(files: Record<string, string> = { "src/a.py": "x = ERR_old\ny = 1\n" }) {
  repo = gateRepo({ "tc.sh": TC_SH, ...files });
  baseline = checkoutOf(repo, repo.base);
  return repo;
}

describe("typecheck gate", () => {
  test("a diagnostic the base had passes, even on another line", async () => {
    const head = base().commit({ "src/a.py": "y = 1\nz = 2\nx = ERR_old\n" });
    const input = await isolatedInput(repo, head, project);
    expect(await runGate(typecheckGate, input, { exec: repo.exec, baselineDir: baseline! })).toEqual({ status: "pass" });
  });

  test("a diagnostic the base did not have fails, listed with its place", async () => {
    const head = base().commit({ "src/a.py": "x = ERR_old\ny = ERR_new\n" });
    const outcome = await runGate(typecheckGate, await isolatedInput(repo, head, project), { exec: repo.exec, baselineDir: baseline! });
    expect(outcome).toEqual({
      status: "fail",
      findings: [
        { rule: "typecheck", message: "Type check failure (1 new diagnostic(s), 2 total):" },
        { rule: "typecheck", file: "src/a.py", line: 2, message: "new: bad thing" },
      ],
    });
  });

  test("the base is type-checked once per base commit and command (a second task reuses it)", async () => {
    const head = base().commit({ "src/a.py": "x = ERR_old\n", "src/b.py": "ERR_two\n" });
    const input = await isolatedInput(repo, head, project);
    const first = await runGate(typecheckGate, input, { exec: repo.exec, baselineDir: baseline! });
    expect(first).toMatchObject({ status: "fail", findings: [{ message: "Type check failure (1 new diagnostic(s), 2 total):" }, { file: "src/b.py" }] });
    // No baseline checkout this time: asking for one would be an error.
    expect(await runGate(typecheckGate, input, { exec: repo.exec })).toEqual(first);
  });

  test("output nothing can be read from fails when the base passes", async () => {
    const head = base({ "src/a.py": "ok\n" }).commit({ "src/a.py": "CRASH\n" });
    const cmd = { type_check_cmd: "grep -q CRASH src/a.py && { echo 'internal error: stack overflow'; exit 2; }; exit 0" };
    const outcome = await runGate(typecheckGate, await isolatedInput(repo, head, cmd), { exec: repo.exec, baselineDir: baseline! });
    expect(outcome).toEqual({ status: "fail", findings: [{ rule: "typecheck", message: "Type check failure (the base passes; no diagnostic could be read):\ninternal error: stack overflow" }] });
  });

  test("an exit of 0 passes without touching the base; no type_check_cmd skips", async () => {
    const head = base({ "src/a.py": "ok\n" }).commit({ "src/a.py": "fine\n" });
    expect(await runGate(typecheckGate, await isolatedInput(repo, head, project), { exec: repo.exec })).toEqual({ status: "pass" });
    expect(await runGate(typecheckGate, await isolatedInput(repo, head, {}), { exec: repo.exec })).toMatchObject({ status: "skip" });
  });

  test("a missing program fails with what to do", async () => {
    const head = base().commit({ "src/a.py": "x\n" });
    const outcome = await runGate(typecheckGate, await isolatedInput(repo, head, { type_check_cmd: "no-such-checker-dgov" }), { exec: repo.exec });
    expect(outcome).toMatchObject({ status: "fail", findings: [{ message: expect.stringContaining("type_check_cmd program not found") }] });
  });

  test("without a base checkout to compare with, a failing check is the gate's error", async () => {
    const head = base().commit({ "src/a.py": "x = ERR_new\n" });
    expect(await runGate(typecheckGate, await isolatedInput(repo, head, project), { exec: repo.exec })).toMatchObject({
      status: "error", error: expect.stringContaining("no baseline checkout"),
    });
  });
});
