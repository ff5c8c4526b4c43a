/**
 * The coverage ratchet end to end, on real projects: `dgov coverage-baseline` records the root's
 * line coverage with the project's own tool (bun's lcov, coverage.py's JSON), then a task that
 * deletes a test case is rejected by the coverage gate with the file's before/after figures,
 * and a task that keeps coverage lands.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { byTask, type LlmRepo, llmHarness } from "../fakes/llm-repo.ts";
import { call, done, type Turn } from "../fakes/model-server.ts";

const harness = llmHarness();
const hasCoverage = Bun.spawnSync(["python3", "-m", "coverage", "--version"]).exitCode === 0;
if (!hasCoverage) console.log("coverage.test.ts: coverage.py is not installed (pip install -r test/toolchains/python/requirements.txt); the Python cases are skipped");

interface Fixture {
  files: Record<string, string>;
  project: string;
  source: string;
  test: string;
  /** The test case the task deletes, exactly as the test file has it. */
  deleted: string;
  /** A behaviour-preserving edit of the source (old, new). */
  keep: [string, string];
}

const TS: Fixture = {
  files: {
    "package.json": '{ "name": "calc", "version": "1.0.0", "type": "module", "private": true }\n',
    "tsconfig.json": '{ "compilerOptions": { "strict": true, "noEmit": true, "allowImportingTsExtensions": true } }\n',
    "src/calc.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function diff(a: number, b: number): number {\n  if (a > b) {\n    return a - b;\n  }\n  return b - a;\n}\n",
    "test/calc.test.ts": 'import { expect, test } from "bun:test";\nimport { add, diff } from "../src/calc.ts";\n\ntest("add", () => {\n  expect(add(2, 3)).toBe(5);\n});\n\ntest("diff", () => {\n  expect(diff(5, 2)).toBe(3);\n  expect(diff(2, 5)).toBe(3);\n});\n',
  },
  project: 'src_dir = "src/"\ntest_dir = "test/"\nsource_extensions = [".ts"]\ntest_cmd = "bun test {test_dir}"\ncoverage_cmd = "bun test --coverage --coverage-reporter=lcov --coverage-dir {output}"\ncoverage_threshold = 5.0',
  source: "src/calc.ts",
  test: "test/calc.test.ts",
  deleted: '\ntest("diff", () => {\n  expect(diff(5, 2)).toBe(3);\n  expect(diff(2, 5)).toBe(3);\n});\n',
  keep: ["  return a + b;", "  return b + a;"],
};

const PY: Fixture = {
  files: {
    "pyproject.toml": '[project]\nname = "calc"\nversion = "0.1.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
    "calc/__init__.py": "",
    "calc/ops.py": "def add(a, b):\n    return a + b\n\n\ndef diff(a, b):\n    if a > b:\n        return a - b\n    return b - a\n",
    "tests/test_ops.py": "from calc.ops import add, diff\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_diff():\n    assert diff(5, 2) == 3\n    assert diff(2, 5) == 3\n",
    ".gitignore": "__pycache__/\n.pytest_cache/\n",
  },
  project:
    'src_dir = "calc/"\ntest_dir = "tests/"\nsource_extensions = [".py"]\ntest_cmd = "python3 -m pytest {test_dir} -q"\n' +
    'coverage_cmd = "python3 -m coverage run --data-file={output}.data -m pytest -q && python3 -m coverage json --data-file={output}.data -o {output}"\ncoverage_threshold = 5.0',
  source: "calc/ops.py",
  test: "tests/test_ops.py",
  deleted: "\n\ndef test_diff():\n    assert diff(5, 2) == 3\n    assert diff(2, 5) == 3\n",
  keep: ["    return a + b", "    return b + a"],
};

type Status = { plans: { tasks: { id: string; state: string; failed_gates?: { gate: string; findings: { message: string; file?: string }[] }[] }[] }[] };

function setup(f: Fixture, slug: string, turns: Turn[], edit: string): LlmRepo {
  return harness.setup(
    // The settlement retry gives up: the drop stands.
    { conversations: [{ match: /REJECTED by settlement/, turns: [done("left as is")] }, byTask(slug, turns)] },
    [{ slug, edit: [edit], read: [f.source, f.test] }],
    { files: f.files, project: f.project, plan: "max_retries = 0" },
  );
}

/** `dgov coverage-baseline` in the root, then the baseline committed as a project would. */
async function baseline(r: LlmRepo, f: Fixture, tool: string): Promise<Record<string, { summary: { covered_lines: number; num_statements: number } }>> {
  const made = await r.dgov(["coverage-baseline", "--json"]);
  expect(made.stderr).toBe("");
  expect(made.code).toBe(0);
  expect(made.json<{ path: string; tool: string; files: number }>()).toMatchObject({ path: ".coverage-baseline/coverage.json", tool });
  const saved = JSON.parse(readFileSync(join(r.repo.dir, ".coverage-baseline/coverage.json"), "utf8"));
  expect(saved.files[f.source].summary.percent_covered).toBe(100);
  // The run's temporary report folder is gone; only the baseline stays.
  expect(r.repo.git("status", "--porcelain", "--untracked-files=all").trim()).toBe("?? .coverage-baseline/coverage.json");
  r.repo.git("add", "-A");
  r.repo.git("commit", "-q", "-m", "coverage baseline");
  return saved.files;
}

for (const [name, f, tool] of [["TypeScript (bun test, lcov)", TS, "lcov"], ["Python (coverage.py JSON)", PY, "coverage.py"]] as const) {
  describe.if(name.startsWith("TypeScript") || hasCoverage)(`coverage ratchet: ${name}`, () => {
    test("a task deleting a test is rejected with the file's before/after figures", async () => {
      const r = setup(f, "trim", [call("edit_file", { path: f.test, old_text: f.deleted, new_text: "" }), done("removed a test")], f.test);
      await baseline(r, f, tool);
      const run = await r.run(["--json"]);
      expect(run.json<{ tasks: { id: string; state: string }[] }>().tasks[0]).toMatchObject({ id: "t/m.trim", state: "failed" });
      expect(r.file(f.test)).toBe(f.files[f.test]!);
      const status = (await r.dgov(["status", "--json"])).json<Status>();
      const gate = status.plans[0]!.tasks[0]!.failed_gates!.find((g) => g.gate === "coverage")!;
      expect(gate.findings).toHaveLength(1);
      expect(gate.findings[0]!.file).toBe(f.source);
      expect(gate.findings[0]!.message).toMatch(new RegExp(`^${f.source.replace(".", "\\.")}: line coverage 100\\.0% → \\d+\\.\\d% \\(−\\d+\\.\\d points, threshold 5\\)$`));
      // The worker was told, in its retry prompt.
      const prompts = harness.server.requests.map((q) => String(q.body.messages[1]?.content ?? ""));
      expect(prompts.some((p) => p.includes("REJECTED by settlement") && p.includes(`${f.source}: line coverage 100.0% →`))).toBe(true);
    }, 240_000);

    test("a task that keeps coverage lands", async () => {
      const r = setup(f, "swap", [call("edit_file", { path: f.source, old_text: f.keep[0], new_text: f.keep[1] }), done("swapped")], f.source);
      await baseline(r, f, tool);
      const run = await r.run(["--json"]);
      expect(run.json<{ tasks: { id: string; state: string }[] }>().tasks[0]).toMatchObject({ id: "t/m.swap", state: "merged" });
      expect(r.file(f.source)).toContain(f.keep[1]);
      expect(existsSync(join(r.repo.dir, ".coverage-baseline/coverage.json"))).toBe(true);
      // The gate measured and passed: it did not skip.
      type Show = { launches: { settlement: { gates: { gate: string; status: string; phase: string }[] } | null }[] };
      const show = (await r.dgov(["show", "t/m.swap", "--json"])).json<Show>();
      const gates = show.launches.flatMap((l) => l.settlement?.gates ?? []).filter((g) => g.gate === "coverage");
      expect(gates.map((g) => [g.phase, g.status])).toEqual([["isolated", "pass"]]);
    }, 240_000);
  });
}

describe("dgov coverage-baseline errors", () => {
  test("not configured, or without {output}: a clear error, exit 2", async () => {
    const r = harness.setup({ conversations: [] }, [{ slug: "x", create: ["x.txt"] }]);
    const none = await r.dgov(["coverage-baseline"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("coverage_cmd is not configured in .dgov/project.toml.");
    expect(none.stderr).toContain("{output}");
  }, 60_000);

  test("a command without {output} is refused (exit 2); one that fails says so with its output (exit 1) and leaves no baseline", async () => {
    const bare = harness.setup({ conversations: [] }, [{ slug: "x", create: ["x.txt"] }], { project: 'coverage_cmd = "bun test --coverage"' });
    const refused = await bare.dgov(["coverage-baseline"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("coverage_cmd must include an {output} placeholder: `bun test --coverage`");
    const failing = harness.setup({ conversations: [] }, [{ slug: "x", create: ["x.txt"] }], { project: 'coverage_cmd = "echo no tests here {output}; exit 4"' });
    const failed = await failing.dgov(["coverage-baseline", "--json"]);
    expect(failed.code).toBe(1);
    const error = failed.json<{ status: string; error: { code: string; message: string } }>();
    expect(error.status).toBe("error");
    expect(error.error.code).toBe("E_COVERAGE_RUN");
    expect(error.error.message).toMatch(/^coverage baseline failed: `echo no tests here \S+\/report; exit 4` exited 4:\nno tests here /);
    expect(existsSync(join(failing.repo.dir, ".coverage-baseline/coverage.json"))).toBe(false);
    expect(existsSync(join(failing.repo.dir, ".coverage-baseline"))).toBe(false);
  }, 60_000);
});
