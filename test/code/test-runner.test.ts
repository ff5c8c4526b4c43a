import { describe, expect, test } from "bun:test";
import { isTestFile, runnerTargets, testRunnerOf } from "dgov/plugin";

describe("test runners", () => {
  test("the runner a command line runs, as dgov init and people write them", () => {
    const table: [string, string | null][] = [
      ["npx vitest run {test_dir}", "vitest"],
      ["pnpm exec vitest run {test_dir}", "vitest"],
      ["bunx vitest {test_dir}", "vitest"],
      ["npx --no jest {test_dir}", "jest"],
      ["yarn jest --ci {test_dir}", "jest"],
      ["npx ava {test_dir}", "ava"],
      ["npx mocha --recursive {test_dir}", "mocha"],
      ["node --test {test_dir}", "node-test"],
      ["node --experimental-strip-types --test {test_dir}", "node-test"],
      ["node --import=tsx --test {test_dir}", "node-test"],
      ["bun test {test_dir}", "bun"],
      ["uv run pytest {test_dir} -q --tb=short", "pytest"],
      ["python -m pytest {test_dir} -q", "pytest"],
      ["python3 -m unittest {test_dir}", "unittest"],
      ["npm test -- {test_dir}", null],
      ["node scripts/test.js {test_dir}", null],
      ["cargo test", null],
    ];
    expect(table.map(([cmd]) => [cmd, testRunnerOf(cmd)])).toEqual(table);
  });

  test("which files each runner takes as tests (helpers it would refuse or run empty are not)", () => {
    const files = [
      "test/a.test.ts", "test/a.spec.js", "test/a_test.ts", "test/a-test.js", "test/test-a.js", "test/helper.js",
      "test/fixtures/data.js", "test/_setup.js", "__tests__/x.js", "tests/test_a.py", "tests/a_test.py", "tests/helpers.py", "tests/testing.py",
    ];
    const taken = (runner: Parameters<typeof isTestFile>[1]) => files.filter((f) => isTestFile(f, runner));
    expect(taken("vitest")).toEqual(["test/a.test.ts", "test/a.spec.js"]);
    expect(taken("jest")).toEqual(["test/a.test.ts", "test/a.spec.js", "__tests__/x.js"]);
    expect(taken("bun")).toEqual(["test/a.test.ts", "test/a.spec.js", "test/a_test.ts"]);
    // Node's defaults: test-named files, and every script in a `test` folder.
    expect(taken("node-test")).toEqual(["test/a.test.ts", "test/a.spec.js", "test/a_test.ts", "test/a-test.js", "test/test-a.js", "test/helper.js", "test/fixtures/data.js", "test/_setup.js"]);
    expect(taken("ava")).toEqual(["test/a.test.ts", "test/a.spec.js", "test/a_test.ts", "test/a-test.js", "test/test-a.js", "test/helper.js", "__tests__/x.js"]);
    expect(taken("pytest")).toEqual(["tests/test_a.py", "tests/a_test.py"]);
    expect(taken("unittest")).toEqual(["tests/test_a.py", "tests/testing.py"]);
    expect(taken(null)).toEqual(["test/a.test.ts", "test/a.spec.js", "tests/test_a.py", "tests/a_test.py"]);
  });

  test("node --test and unittest get a folder's test files; the others keep folders", () => {
    const files = ["test/a.test.js", "test/deep/b.test.js", "test/deep/helper.cjs", "tests/test_x.py", "tests/util.py", "other/c.test.js"];
    const isDir = (p: string) => ["test", "test/deep", "tests", "."].includes(p);
    expect(runnerTargets(["test", "test/a.test.js"], "node-test", files, isDir)).toEqual(["test/a.test.js", "test/deep/b.test.js", "test/deep/helper.cjs"]);
    expect(runnerTargets(["tests"], "unittest", files, isDir)).toEqual(["tests/test_x.py"]);
    expect(runnerTargets(["."], "node-test", files, isDir)).toEqual(["test/a.test.js", "test/deep/b.test.js", "test/deep/helper.cjs", "other/c.test.js"]);
    expect(runnerTargets(["test", "tests/test_x.py::test_one"], "vitest", files, isDir)).toEqual(["test", "tests/test_x.py::test_one"]);
    expect(runnerTargets(["test/deep"], "pytest", files, isDir)).toEqual(["test/deep"]);
  });
});
