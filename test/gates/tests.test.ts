import { afterEach, describe, expect, test } from "bun:test";
import { runGate } from "dgov/testing";
import { testsGate } from "../../gates/tests.ts";
import { type GateRepo, gateRepo, isolatedInput } from "./gate-repo.ts";
import { makeRepo } from "../fakes/repo.ts";

// A "test runner": prints each target; fails (exit 1) when one contains FAIL.
const RUN_SH = `for f; do echo "ran $f"; grep -q FAIL "$f" && failed=1; done\nexit \${failed:-0}\n`;

let repo: GateRepo;
afterEach(() => repo?.remove());

function pythonRepo() {
  repo = gateRepo({
    "run.sh": RUN_SH,
    "pytest.sh": "exit 5\n",
    "src/pkg/mod.py": "X = 1\n",
    "tests/test_mod.py": "from pkg.mod import X\n",
    "tests/test_other.py": "from pkg.module_b import Y\nimport pkg.modular\n",
    "tests/test_claimed.py": "ok\n",
    "tests/fixture.json": "{}\n",
  });
  return repo;
}

const claims = { create: [], edit: ["src/pkg/mod.py", "tests/test_my file.py"], delete: [], touch: [], read: ["tests/test_claimed.py", "tests/fixture.json"] };

describe("tests gate", () => {
  test("targets: changed tests, claimed tests, then tests importing the changed module; quoted; the failure names the command", async () => {
    const head = pythonRepo().commit({ "src/pkg/mod.py": "X = 2\n", "tests/test_my file.py": "FAIL\n" });
    const input = await isolatedInput(repo, head, { test_cmd: "sh run.sh {test_dir}" }, { task: { claims } });
    const outcome = await runGate(testsGate, input, { exec: repo.exec });
    const line = "sh run.sh 'tests/test_my file.py' tests/test_claimed.py tests/test_mod.py";
    expect(outcome).toEqual({
      status: "fail",
      findings: [{
        rule: "tests",
        message: `Test failure from \`${line}\`:\nran tests/test_my file.py\nran tests/test_claimed.py\nran tests/test_mod.py`,
        hint: `Make \`${line}\` pass.`,
      }],
      // The run's record says what the tests were.
      details: { selections: [{ command: "sh run.sh {test_dir}", targets: ["tests/test_my file.py", "tests/test_claimed.py", "tests/test_mod.py"] }] },
    });
  });

  test("passing tests pass; the task's command runs first, the project's too, each once", async () => {
    const head = pythonRepo().commit({ "src/pkg/mod.py": "X = 2\n" });
    const both = await isolatedInput(repo, head, { test_cmd: "sh run.sh {test_dir} >> log.txt" }, { task: { testCmd: "echo task >> log.txt" } });
    expect(await runGate(testsGate, both, { exec: repo.exec })).toMatchObject({ status: "pass" });
    expect(repo.read("log.txt")).toBe("task\nran tests/test_mod.py\n");
    const same = await isolatedInput(repo, head, { test_cmd: "echo once >> once.txt" }, { task: { testCmd: "echo once >> once.txt" } });
    expect(await runGate(testsGate, same, { exec: repo.exec })).toMatchObject({ status: "pass" });
    expect(repo.read("once.txt")).toBe("once\n");
  });

  test("exit 5 passes for pytest only (no tests collected)", async () => {
    const head = pythonRepo().commit({ "src/pkg/mod.py": "X = 2\n" });
    expect(await runGate(testsGate, await isolatedInput(repo, head, { test_cmd: "sh pytest.sh {test_dir}" }), { exec: repo.exec })).toMatchObject({ status: "pass" });
    const other = await runGate(testsGate, await isolatedInput(repo, head, { test_cmd: "exit 5" }), { exec: repo.exec });
    expect(other).toMatchObject({ status: "fail", findings: [{ message: "Test failure from `exit 5`:\n" }] });
  });

  test("a literal command runs without targets; a placeholder without targets skips", async () => {
    const head = pythonRepo().commit({ "notes.txt": "x\n" });
    expect(await runGate(testsGate, await isolatedInput(repo, head, { test_cmd: "sh run.sh {test_dir}" }), { exec: repo.exec })).toMatchObject({ status: "skip" });
    const literal = await runGate(testsGate, await isolatedInput(repo, head, { test_cmd: "echo whole suite; exit 1" }), { exec: repo.exec });
    expect(literal).toMatchObject({ status: "fail", findings: [{ message: "Test failure from `echo whole suite; exit 1`:\nwhole suite" }] });
    expect(await runGate(testsGate, await isolatedInput(repo, head, { test_cmd: "" }), { exec: repo.exec })).toMatchObject({ status: "skip" });
  });

  test("TS: *.test.* and *.spec.* files importing the changed file's stem", async () => {
    repo = gateRepo({
      "run.sh": RUN_SH,
      "src/util.ts": "export const u = 1;\n",
      "tests/util.test.ts": 'import { u } from "../src/util";\n',
      "src/utilities.ts": "export const v = 1;\n",
      "tests/other.spec.ts": 'import { v } from "../src/utilities.ts";\n',
      "tests/helper.ts": 'import { u } from "../src/util.ts";\n',
    });
    const head = repo.commit({ "src/util.ts": "export const u = 2;\n" });
    const input = await isolatedInput(repo, head, { test_cmd: "sh run.sh {test_dir}; exit 1", source_extensions: [".ts"] });
    expect(await runGate(testsGate, input, { exec: repo.exec })).toMatchObject({ status: "fail", findings: [{ message: "Test failure from `sh run.sh tests/util.test.ts; exit 1`:\nran tests/util.test.ts" }] });
  });

  test("a command that hangs fails as a test failure, saying so", async () => {
    const head = pythonRepo().commit({ "src/pkg/mod.py": "X = 2\n" });
    const outcome = await runGate(testsGate, await isolatedInput(repo, head, { test_cmd: "echo started; sleep 5", settlement_timeout: 0.2 }), { exec: repo.exec });
    expect(outcome).toMatchObject({ status: "fail", findings: [{ message: "Test failure from `echo started; sleep 5`:\n(timed out after 0.2s)\nstarted" }] });
  });

  test("a tree git cannot search is the gate's error", async () => {
    const head = pythonRepo().commit({ "src/pkg/mod.py": "X = 2\n" });
    const input = await isolatedInput(repo, head, { test_cmd: "true {test_dir}" });
    const plain = makeRepo({ "src/pkg/mod.py": "X = 1\n" }, { git: false });
    try {
      expect(await runGate(testsGate, { ...input, dir: plain.dir }, { exec: repo.exec })).toMatchObject({ status: "error", error: expect.stringContaining("git ls-files failed") });
    } finally {
      plain.remove();
    }
  });
});
