import { describe, expect, test } from "bun:test";
import { resolveConfig } from "../../src/config/resolve.ts";
import type { Claims, Unit } from "../../src/plan/types.ts";
import { taskScope, verifyTestTargets } from "../../src/runner/scope.ts";

const none: Claims = { create: [], edit: [], delete: [], touch: [], read: [] };

function unit(files: Partial<Claims>): Unit {
  return {
    id: "core/api.add-fn",
    summary: "Add fn",
    prompt: "Orient: … Edit: … Verify: …",
    promptFile: "",
    commitMessage: "Add fn",
    agent: "m",
    provider: "p",
    role: "worker",
    dependsOn: [],
    timeoutS: null,
    iterationBudget: null,
    testCmd: "",
    sopMapping: [],
    selfReview: false,
    maxForkDepth: 0,
    files: { ...none, ...files },
  };
}

const FAILING = "Settlement failed at the test gate.\nTest failure from `uv run pytest tests/test_api.py -q`:\nE   assert 1 == 2\n";

describe("verifyTestTargets", () => {
  test("create, edit, touch and read claims under test_dir, in claim order; not delete", () => {
    const u = unit({
      create: ["tests/test_new.py", "src/new.py"],
      edit: ["tests/test_api.py"],
      delete: ["tests/test_old.py"],
      touch: ["tests/__init__.py"],
      read: ["tests/fixtures", "docs/x.md"],
    });
    expect(verifyTestTargets(u, "tests/")).toEqual(["tests/test_new.py", "tests/test_api.py", "tests/__init__.py", "tests/fixtures"]);
  });

  test("paths are normalized: ./tests/x → tests/x, duplicates dropped, the first kept in place", () => {
    const u = unit({ edit: ["./tests/test_a.py", "tests//test_b.py"], read: ["tests/test_a.py", "tests/test_b.py/"] });
    expect(verifyTestTargets(u, "./tests")).toEqual(["tests/test_a.py", "tests/test_b.py"]);
  });

  test("dot folders keep their dot (B12): .github/x is not github/x", () => {
    const u = unit({ edit: [".github/tests/ci.py", "github/tests/x.py"], read: ["./.github/tests/b.py"] });
    expect(verifyTestTargets(u, ".github/tests/")).toEqual([".github/tests/ci.py", ".github/tests/b.py"]);
    expect(verifyTestTargets(u, "github/tests")).toEqual(["github/tests/x.py"]);
  });

  test("a prefix that is not a folder boundary does not count; the folder itself does", () => {
    const u = unit({ edit: ["tests_old/a.py", "testsuite.py"], read: ["tests"] });
    expect(verifyTestTargets(u, "tests/")).toEqual(["tests"]);
  });

  test("an empty test_dir yields no targets", () => {
    expect(verifyTestTargets(unit({ edit: ["tests/a.py"] }), "")).toEqual([]);
    expect(verifyTestTargets(unit({ edit: ["tests/a.py"] }), "./")).toEqual([]);
  });
});

describe("taskScope", () => {
  const config = resolveConfig({ scope: { allow_files: ["src/**", "tests/**"], deny_files: ["secrets/**"], ignore_files: ["*.log"] } });

  test("the project's allow/deny/ignore lists are always present", () => {
    const u = unit({ edit: ["src/api.py", "tests/test_api.py"] });
    expect(taskScope(u, config, null)).toEqual({
      taskId: "core/api.add-fn",
      claims: u.files,
      verifyTestTargets: ["tests/test_api.py"],
      ignoreFiles: [".venv", "uv.lock", "__pycache__", "*.pyc", "*.log"],
      allowFiles: ["src/**", "tests/**"],
      denyFiles: ["secrets/**"],
    });
  });

  test("a settlement retry after a failing test requires run_tests and names the command", () => {
    const scope = taskScope(unit({ edit: ["src/api.py", "tests/test_api.py"] }), config, FAILING);
    expect(scope.requireTestVerification).toBe(true);
    expect(scope.requiredVerificationCommand).toBe("uv run pytest tests/test_api.py -q");
  });

  test("no gate without the failing-test line; a task without test targets gets it too (run_tests runs the failing command)", () => {
    const withTests = unit({ edit: ["src/api.py", "tests/test_api.py"] });
    const lint = taskScope(withTests, config, "Lint failure from `ruff check src/api.py`:\nE501");
    expect("requireTestVerification" in lint).toBe(false);
    expect("requiredVerificationCommand" in lint).toBe(false);
    // The verdict as settlement writes it: the tests gate's finding inside the rejection text.
    const verdict = "settlement rejected at isolated by tests: Test failure from `pytest -q tests/test_api.py`:\n- [tests] Test failure from `pytest -q tests/test_api.py`: (tests/failed)\n    1 failed";
    expect(taskScope(withTests, config, verdict)).toMatchObject({ requireTestVerification: true, requiredVerificationCommand: "pytest -q tests/test_api.py" });
    const noTargets = taskScope(unit({ edit: ["src/api.py"] }), config, FAILING);
    expect(noTargets.verifyTestTargets).toEqual([]);
    expect(noTargets).toMatchObject({ requireTestVerification: true, requiredVerificationCommand: "uv run pytest tests/test_api.py -q" });
  });

  test("defaults: empty allow/deny lists and the default ignore list", () => {
    const scope = taskScope(unit({ edit: ["src/a.py"] }), resolveConfig({}), null);
    expect([scope.allowFiles, scope.denyFiles, scope.ignoreFiles]).toEqual([[], [], [".venv", "uv.lock", "__pycache__", "*.pyc"]]);
  });
});
