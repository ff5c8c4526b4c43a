import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runGate } from "dgov/testing";
import { coverageGate } from "../../gates/coverage.ts";
import { baselineJson, readLcov } from "../../src/code/coverage/index.ts";
import { type GateRepo, gateRepo, isolatedInput } from "./gate-repo.ts";

// A real bun project: two modules, each with its own test; bun writes lcov into {output}.
const CMD = "bun test --coverage --coverage-reporter=lcov --coverage-dir {output}";
const FILES = {
  "package.json": '{ "name": "fixture", "private": true }\n',
  "src/a.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\nexport function twice(a: number): number {\n  return add(a, a);\n}\n",
  "src/b.ts": "export function neg(a: number): number {\n  return -a;\n}\n",
  "test/a.test.ts": 'import { expect, test } from "bun:test";\nimport { add, twice } from "../src/a.ts";\ntest("a", () => { expect(add(1, 2)).toBe(3); expect(twice(2)).toBe(4); });\n',
  "test/b.test.ts": 'import { expect, test } from "bun:test";\nimport { neg } from "../src/b.ts";\ntest("b", () => expect(neg(1)).toBe(-1));\n',
  // A worktree copy of the baseline claiming nothing was covered: the gate must not read it.
  ".coverage-baseline/coverage.json": JSON.stringify({ files: { "src/a.ts": { summary: { covered_lines: 0, num_statements: 6 } } } }),
};

let repo: GateRepo;
let root: string;
afterEach(() => {
  repo?.remove();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The project root, apart from the judged tree, holding the baseline measured on the base. */
function rootWithBaseline(): string {
  root = mkdtempSync(join(tmpdir(), "h-coverage-root-"));
  const out = join(root, "lcov");
  const run = Bun.spawnSync(["bun", "test", "--coverage", "--coverage-reporter=lcov", "--coverage-dir", out], { cwd: repo.dir, stdout: "pipe", stderr: "pipe" });
  expect(run.exitCode).toBe(0);
  const report = readLcov(require("node:fs").readFileSync(join(out, "lcov.info"), "utf8"), repo.dir);
  mkdirSync(join(root, ".coverage-baseline"));
  writeFileSync(join(root, ".coverage-baseline/coverage.json"), baselineJson(report, { tool: "lcov", command: CMD, created_at: "2026-01-01T00:00:00.000Z", commit: null }));
  return root;
}

const project = (more: Record<string, unknown> = {}) => ({ coverage_cmd: CMD, coverage_threshold: 5, source_extensions: [".ts"], test_dir: "test/", ...more });

describe("coverage gate", () => {
  test("deleting a test drops the coverage of the file it ran: rejected with both figures; the worktree's baseline is ignored", async () => {
    repo = gateRepo(FILES);
    rootWithBaseline();
    const head = repo.commit({ "test/a.test.ts": null });
    const outcome = await runGate(coverageGate, await isolatedInput(repo, head, project()), { exec: repo.exec, root });
    expect(outcome).toMatchObject({
      status: "fail",
      findings: [{
        rule: "coverage",
        file: "src/a.ts",
        message: "src/a.ts: line coverage 100.0% → 0.0% (no test runs it any more) (−100.0 points, threshold 5)",
        hint: expect.stringContaining("at most 5 points"),
      }],
      details: { format: "lcov", judged: ["src/a.ts", "src/b.ts"] },
    });
    // The report's folder is gone from the tree.
    expect(readdirSync(repo.dir).filter((f) => f.startsWith(".dgov-coverage"))).toEqual([]);
  });

  test("a partial drop names before and after; within the threshold it passes", async () => {
    repo = gateRepo(FILES);
    rootWithBaseline();
    const weaker = 'import { expect, test } from "bun:test";\nimport { add } from "../src/a.ts";\ntest("a", () => expect(add(1, 2)).toBe(3));\n';
    const head = repo.commit({ "test/a.test.ts": weaker });
    const failed = await runGate(coverageGate, await isolatedInput(repo, head, project()), { exec: repo.exec, root });
    expect(failed).toMatchObject({ status: "fail", findings: [{ file: "src/a.ts", message: expect.stringMatching(/^src\/a\.ts: line coverage 100\.0% → \d+\.\d% \(−\d+\.\d points, threshold 5\)$/) }] });
    const lenient = await runGate(coverageGate, await isolatedInput(repo, head, project({ coverage_threshold: 60 })), { exec: repo.exec, root });
    expect(lenient).toMatchObject({ status: "pass" });
  });

  test("a change that keeps coverage passes", async () => {
    repo = gateRepo(FILES);
    rootWithBaseline();
    const head = repo.commit({ "src/b.ts": "export function neg(a: number): number {\n  return 0 - a;\n}\n" });
    expect(await runGate(coverageGate, await isolatedInput(repo, head, project()), { exec: repo.exec, root })).toEqual({ status: "pass", details: { format: "lcov", judged: ["src/b.ts"] } });
  });

  test("skips: no coverage_cmd, no {output}, no baseline (saying how to make one), nothing measured changed", async () => {
    repo = gateRepo(FILES);
    const head = repo.commit({ "src/b.ts": "export const neg = (a: number) => -a;\n" });
    const run = async (p: Record<string, unknown>, r: string) => runGate(coverageGate, await isolatedInput(repo, head, project(p)), { exec: repo.exec, root: r });
    expect(await run({ coverage_cmd: "" }, repo.dir)).toMatchObject({ status: "skip", reason: expect.stringContaining("no coverage_cmd configured") });
    expect(await run({ coverage_cmd: "bun test --coverage" }, repo.dir)).toMatchObject({ status: "skip", reason: expect.stringContaining("no {output} placeholder") });
    root = mkdtempSync(join(tmpdir(), "h-coverage-root-"));
    expect(await run({}, root)).toEqual({ status: "skip", reason: "no coverage baseline at .coverage-baseline/coverage.json: run `dgov coverage-baseline` in the project root (and commit .coverage-baseline/coverage.json) to record one" });
    repo.remove();
    repo = gateRepo(FILES);
    const docs = repo.commit({ "README.md": "docs\n" });
    expect(await runGate(coverageGate, await isolatedInput(repo, docs, project()), { exec: repo.exec, root })).toMatchObject({ status: "skip", reason: "no changed source or test file" });
  });

  test("a command that fails, or writes no report, fails the gate (never a silent pass)", async () => {
    repo = gateRepo(FILES);
    rootWithBaseline();
    const head = repo.commit({ "src/b.ts": "export function neg(a: number): number {\n  return -a;\n}\n// x\n" });
    const failing = await runGate(coverageGate, await isolatedInput(repo, head, project({ coverage_cmd: "echo broken {output}; exit 3" })), { exec: repo.exec, root });
    expect(failing).toMatchObject({ status: "fail", findings: [{ rule: "coverage", message: expect.stringMatching(/^Coverage could not be measured: `echo broken .*\/\.dgov-coverage-\w+\/report; exit 3` exited 3:\nbroken /) }] });
    const silent = await runGate(coverageGate, await isolatedInput(repo, head, project({ coverage_cmd: "true {output}" })), { exec: repo.exec, root });
    expect(silent).toMatchObject({ status: "fail", findings: [{ message: expect.stringContaining("wrote no report at {output}") }] });
  });
});

describe.if(Bun.which("go") !== null)("coverage gate on a Go module", () => {
  const GO_FILES = {
    "go.mod": "module example.com/shop\n\ngo 1.22\n",
    "cart/cart.go": "package cart\n\nfunc Total(a, b int) int {\n\treturn a + b\n}\n\nfunc Diff(a, b int) int {\n\tif a > b {\n\t\treturn a - b\n\t}\n\treturn b - a\n}\n",
    "cart/cart_test.go": 'package cart\n\nimport "testing"\n\nfunc TestTotal(t *testing.T) {\n\tif Total(1, 2) != 3 {\n\t\tt.Fatal("total")\n\t}\n}\n\nfunc TestDiff(t *testing.T) {\n\tif Diff(5, 2) != 3 || Diff(2, 5) != 3 {\n\t\tt.Fatal("diff")\n\t}\n}\n',
  };
  const GO_CMD = "go test -coverprofile={output} ./...";

  test("a profile's import paths map to the module's files: deleting TestDiff is rejected", async () => {
    repo = gateRepo(GO_FILES);
    root = mkdtempSync(join(tmpdir(), "h-coverage-root-"));
    mkdirSync(join(root, ".coverage-baseline"));
    const full = { files: { "cart/cart.go": { summary: { covered_lines: 8, num_statements: 8 } } } };
    writeFileSync(join(root, ".coverage-baseline/coverage.json"), JSON.stringify(full));
    const head = repo.commit({ "cart/cart_test.go": GO_FILES["cart/cart_test.go"].replace(/\nfunc TestDiff[\s\S]*$/, "") });
    const input = await isolatedInput(repo, head, { coverage_cmd: GO_CMD, coverage_threshold: 2, source_extensions: [".go"], test_dir: "." });
    const outcome = await runGate(coverageGate, input, { exec: repo.exec, root });
    // Total's block (lines 3-5) still runs; Diff's blocks (7-8, 8-10, 11) do not: 3 of 8 lines.
    expect(outcome).toMatchObject({
      status: "fail",
      findings: [{ file: "cart/cart.go", message: "cart/cart.go: line coverage 100.0% → 37.5% (−62.5 points, threshold 2)" }],
      details: { format: "go" },
    });
  }, 120_000);
});
