/**
 * The coverage_cmd `dgov init` writes runs with the real tool: `dgov coverage-baseline` on the
 * freshly initialized repository records each file's line coverage (bun's lcov, coverage.py's
 * JSON, a Go cover profile mapped through go.mod's module).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { type Initialized, initRepo, pkg } from "./init-repo.ts";

let made: Initialized | null = null;
afterEach(() => {
  made?.repo.remove();
  made = null;
});

const hasCoverage = Bun.spawnSync(["python3", "-m", "coverage", "--version"]).exitCode === 0;
const hasGo = Bun.which("go") !== null;

type Baseline = { files: Record<string, { summary: { covered_lines: number; num_statements: number } }> };

/** `dgov coverage-baseline --json`, and the figures it saved. */
function baseline(tool: string): Record<string, [number, number]> {
  const run = dgov(["coverage-baseline", "--json"], { cwd: made!.repo.dir });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(run.json<{ tool: string }>().tool).toBe(tool);
  const saved = JSON.parse(readFileSync(join(made!.repo.dir, ".coverage-baseline/coverage.json"), "utf8")) as Baseline;
  return Object.fromEntries(Object.entries(saved.files).map(([f, { summary: s }]) => [f, [s.covered_lines, s.num_statements]]));
}

describe("init's coverage_cmd runs: dgov coverage-baseline records the repository", () => {
  test("bun: bun test's lcov in the folder {output} names", () => {
    made = initRepo({
      "package.json": pkg({ name: "calc", private: true, packageManager: "bun@1.2.0" }),
      "src/calc.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function neg(a: number): number {\n  return -a;\n}\n",
      "test/calc.test.ts": 'import { expect, test } from "bun:test";\nimport { add } from "../src/calc.ts";\n\ntest("add", () => {\n  expect(add(1, 2)).toBe(3);\n});\n',
    });
    expect(made.out.commands.coverage_cmd).toBe("bun test --coverage --coverage-reporter=lcov --coverage-dir {output}");
    const files = baseline("lcov");
    expect(Object.keys(files)).toEqual(["src/calc.ts"]);
    const [covered, total] = files["src/calc.ts"]!;
    expect(covered).toBeLessThan(total);
  }, 60_000);

  test.skipIf(!hasCoverage)("pytest with coverage.py declared: coverage run, then its JSON at {output}", () => {
    made = initRepo({
      "requirements-dev.txt": "pytest\ncoverage\n",
      "pyproject.toml": '[project]\nname = "calc"\nversion = "0.1.0"\n',
      "calc/__init__.py": "",
      "calc/ops.py": "def add(a, b):\n    return a + b\n\n\ndef neg(a):\n    return -a\n",
      "tests/test_ops.py": "from calc.ops import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
    });
    expect(made.out.commands.coverage_cmd).toBe("python3 -m coverage run --data-file={output}.data -m pytest -q && python3 -m coverage json --data-file={output}.data -o {output}");
    const files = baseline("coverage.py");
    expect(files["calc/ops.py"]).toEqual([3, 4]);
    expect(files["tests/test_ops.py"]).toEqual([3, 3]);
    // The data file went beside the report, not into the repository.
    expect(made.repo.git("status", "--porcelain", "--untracked-files=all")).not.toContain(".coverage\n");
  }, 120_000);

  test.skipIf(!hasGo)("go: a cover profile, import paths mapped to the module's files", () => {
    made = initRepo({
      "go.mod": "module example.com/calc\n\ngo 1.22\n",
      "ops/ops.go": "package ops\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n\nfunc Neg(a int) int {\n\treturn -a\n}\n",
      "ops/ops_test.go": 'package ops\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal("add")\n\t}\n}\n',
    });
    expect(made.out.commands.coverage_cmd).toBe("go test -coverprofile={output} ./...");
    // Add's block spans lines 3-5 and ran; Neg's, 7-9, did not.
    expect(baseline("go")).toEqual({ "ops/ops.go": [3, 6] });
  }, 120_000);
});
