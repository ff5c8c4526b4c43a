/** Where init says the code and the tests are, and which commands it reads from CI workflows. */
import { describe, expect, test } from "bun:test";
import { codeDir, testsDir } from "../../src/config/layout.ts";
import { workflowRunLines } from "../../src/config/workflows.ts";

const JS = [".js", ".mjs", ".ts"];

describe("src_dir: the folder holding the code", () => {
  const rows: [string, string[], string][] = [
    ["everything in source/", ["source/index.js", "source/util.js", "test/index.js", "eslint.config.js"], "source/"],
    ["one package of a monorepo", ["packages/core/src/a.ts", "packages/core/src/b/c.ts"], "packages/core/src/"],
    ["several packages", ["packages/a/index.js", "packages/b/index.js", "scripts/release.js"], "packages/"],
    ["code at the top", ["index.js", "cli.js", "test/index.test.js"], "."],
    ["most of it in lib/, a top-level entry", ["lib/a.js", "lib/b.js", "lib/c.js", "lib/d.js", "index.js"], "lib/"],
    ["spread over several folders", ["cmd/a.js", "internal/b.js", "pkg/c.js"], "."],
    ["tests, examples and configs are not code", ["src/a.ts", "src/a.test.ts", "examples/x.ts", "vite.config.ts", "bench/b.ts"], "src/"],
    ["no code at all", ["README.md"], "."],
  ];
  for (const [what, files, expected] of rows) test(what, () => expect(codeDir(files, JS)).toBe(expected));
});

describe("test_dir: the folder holding the tests", () => {
  const rows: [string, string[], string][] = [
    ["a top-level test folder", ["src/a.ts", "test/a.test.ts"], "test/"],
    ["tests/ wins over test/ when both hold tests", ["tests/a.test.ts", "test/b.test.ts"], "tests/"],
    ["a test folder inside the package", ["src/pkg/a.js", "src/pkg/__tests__/a.test.js"], "src/pkg/__tests__/"],
    ["tests beside the code: '.'", ["src/a.ts", "src/a.test.ts", "lib/b.spec.ts"], "."],
    ["no tests yet, an empty-looking test folder", ["src/a.ts", "test/fixtures/data.json"], "test/"],
    ["no tests and no folder: the fallback", ["src/a.ts"], "tests/"],
  ];
  for (const [what, files, expected] of rows) test(what, () => expect(testsDir(files, JS, "tests/")).toBe(expected));
});

describe("CI workflow run lines", () => {
  test("inline, quoted and block-scalar run steps, continuations joined, other keys ignored", () => {
    const yaml = [
      "name: ci",
      "on: [push]",
      "jobs:",
      "  test:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: actions/checkout@v4",
      "      - run: npm ci",
      '      - run: "npm run lint"',
      "      - name: types and tests",
      "        run: |",
      "          npx tsc --noEmit \\",
      "            -p tsconfig.check.json",
      "          # a comment",
      "",
      "          npm test",
      "      - name: after",
      "        run: >-",
      "          echo done",
      "        env:",
      "          CI: true",
    ].join("\n");
    expect(workflowRunLines(yaml)).toEqual(["npm ci", "npm run lint", "npx tsc --noEmit -p tsconfig.check.json", "npm test", "echo done"]);
  });
});
