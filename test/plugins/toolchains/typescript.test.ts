/**
 * The TypeScript/JavaScript detector on repositories laid out as real ones: each row is the
 * files a project has and the exact commands dgov must write for it, key by key.
 */
import { describe, expect, test } from "bun:test";
import { detectTypeScript } from "../../../plugins/typescript/detect.ts";
import { BUN_BIOME_COMMANDS, X } from "./expected.ts";
import { pkg, probeOf } from "./probe.ts";

const ESLINT = { lint_cmd: `${X}eslint --format json {file}`, lint_fix_cmd: `${X}eslint --fix {file}` };
const PRETTIER = { format_cmd: `${X}prettier --write {file}`, format_check_cmd: `${X}prettier --check {file}` };
const SRC = { "src/index.ts": "export * from './a.ts';\n", "src/a.ts": "export const a = 1;\n", "test/a.test.ts": "import { a } from '../src/index.ts';\n" };

interface Row {
  what: string;
  files: Record<string, string>;
  language?: string;
  tools?: string[];
  commands: Record<string, string>;
  notes?: string[];
}

const rows: Row[] = [
  {
    what: "npm + eslint 9 + prettier + tsc + vitest: a test script bundling lint and build means vitest",
    files: {
      ...SRC,
      "package.json": pkg({ type: "module", scripts: { test: "npm run lint && npm run build && vitest run", lint: "eslint . && prettier --check .", build: "tsc -p tsconfig.build.json" }, devDependencies: { eslint: "^9", "@eslint/js": "^9", prettier: "^3", typescript: "^5", vitest: "^3" } }),
      "package-lock.json": "{}",
      "eslint.config.js": "export default [];\n",
      "tsconfig.json": "{}",
      "tsconfig.build.json": "{}",
    },
    language: "typescript",
    tools: ["npm", "tsc", "eslint", "prettier", "vitest"],
    commands: { type_check_cmd: `${X}tsc --noEmit --pretty false -p tsconfig.build.json`, ...ESLINT, ...PRETTIER, test_cmd: `${X}vitest run {test_dir}`, setup_cmd: "npm ci" },
  },
  {
    what: "the typecheck script's tsc decides the config, not the build's (`tsc --noEmit` beside `tsc -p tsconfig.build.json`)",
    files: { ...SRC, "package.json": pkg({ scripts: { typecheck: "tsc --noEmit", build: "tsc -p tsconfig.build.json" }, devDependencies: { typescript: "^6" } }), "package-lock.json": "{}", "tsconfig.json": "{}" },
    commands: { type_check_cmd: `${X}tsc --noEmit --pretty false`, setup_cmd: "npm ci" },
  },
  {
    what: "npm without a lockfile still installs (node_modules would be missing in worktrees)",
    files: { ...SRC, "package.json": pkg({ devDependencies: { jest: "29" } }) },
    commands: { test_cmd: `${X}jest {test_dir}`, coverage_cmd: `${X}jest --coverage --coverageReporters=lcovonly --coverageDirectory={output}`, setup_cmd: "npm install --no-audit --no-fund" },
  },
  {
    what: "pnpm runs local tools through pnpm exec",
    files: { ...SRC, "package.json": pkg({ scripts: { test: "vitest" }, devDependencies: { typescript: "5", eslint: "9", vitest: "3" } }), "pnpm-lock.yaml": "lockfileVersion: '9.0'\n", "tsconfig.json": "{}" },
    commands: { type_check_cmd: "pnpm exec tsc --noEmit --pretty false", lint_cmd: "pnpm exec eslint --format json {file}", lint_fix_cmd: "pnpm exec eslint --fix {file}", test_cmd: "pnpm exec vitest run {test_dir}", setup_cmd: "pnpm install --frozen-lockfile" },
  },
  {
    what: "pnpm without a lockfile (declared in packageManager)",
    files: { ...SRC, "package.json": pkg({ packageManager: "pnpm@10.0.0" }) },
    commands: { setup_cmd: "pnpm install" },
  },
  {
    what: "bun + biome: biome lints and formats, bun runs the tests",
    files: { ...SRC, "package.json": pkg({ scripts: { lint: "biome check ." }, devDependencies: { "@biomejs/biome": "2", typescript: "5" } }), "bun.lock": "{}", "biome.json": "{}", "tsconfig.json": "{}" },
    tools: ["bun", "tsc", "biome", "bun test"],
    commands: BUN_BIOME_COMMANDS,
  },
  {
    what: "biome with its formatter turned off formats nothing; bun without a lockfile",
    files: { ...SRC, "package.json": pkg({ devDependencies: { "@biomejs/biome": "2" } }), "bunfig.toml": "", "biome.json": pkg({ formatter: { enabled: false } }) },
    commands: { lint_cmd: `${X}biome lint --reporter=json {file}`, lint_fix_cmd: `${X}biome lint --write {file}`, test_cmd: "bun test {test_dir}", coverage_cmd: "bun test --coverage --coverage-reporter=lcov --coverage-dir {output}", setup_cmd: "bun install" },
  },
  {
    what: "oxlint + oxfmt",
    files: { ...SRC, "package.json": pkg({ scripts: { lint: "oxlint", fmt: "oxfmt" }, devDependencies: { oxlint: "1", oxfmt: "0.79" } }), "package-lock.json": "{}", ".oxlintrc.json": "{}" },
    commands: { lint_cmd: `${X}oxlint --format json {file}`, lint_fix_cmd: `${X}oxlint --fix {file}`, format_cmd: `${X}oxfmt --write {file}`, format_check_cmd: `${X}oxfmt --check {file}`, setup_cmd: "npm ci" },
  },
  {
    what: "xo + ava in a JavaScript package (xo's own eslint and prettier in the lockfile are not the project's)",
    files: { "package.json": pkg({ type: "module", scripts: { test: "xo && ava" }, devDependencies: { xo: "1", ava: "6" } }), "package-lock.json": '{"packages":{"node_modules/eslint":{},"node_modules/prettier":{}}}', "index.js": "export default 1;\n", "test.js": "" },
    language: "javascript",
    tools: ["npm", "xo", "ava"],
    commands: { lint_cmd: `${X}xo --reporter=json {file}`, lint_fix_cmd: `${X}xo --fix {file}`, test_cmd: `${X}ava {test_dir}`, setup_cmd: "npm ci" },
  },
  {
    what: "mocha, its config file beside the declaration",
    files: { "package.json": pkg({ devDependencies: { mocha: "10" } }), ".mocharc.json": "{}", "lib/index.js": "", "test/index.test.js": "" },
    language: "javascript",
    commands: { test_cmd: `${X}mocha {test_dir}`, setup_cmd: "npm install --no-audit --no-fund" },
  },
  {
    what: "node --test from the test script; a tool found only in the lockfile and never run is not used",
    files: { "package.json": pkg({ scripts: { test: "node --test" } }), "yarn.lock": '"prettier@npm:^3.0.0":\n  version: 3.1.0\n', ".yarnrc.yml": "nodeLinker: node-modules\n", "index.js": "" },
    commands: { test_cmd: "node --test {test_dir}", setup_cmd: "yarn install --immutable" },
  },
  {
    what: "yarn Plug'n'Play runs tools through yarn; a lockfile tool CI runs is used",
    files: { "package.json": pkg({ packageManager: "yarn@4.1.0" }), "yarn.lock": '__metadata:\n  version: 8\n\n"eslint@npm:^9.0.0":\n  version: 9.1.0\n', ".pnp.cjs": "", "index.js": "", ".github/workflows/ci.yml": "jobs:\n  lint:\n    steps:\n      - run: yarn eslint .\n" },
    commands: { ...Object.fromEntries(Object.entries(ESLINT).map(([k, v]) => [k, v.replace(X, "yarn ")])), setup_cmd: "yarn install --immutable" },
  },
  {
    what: "yarn classic, lockfile or not",
    files: { "package.json": pkg({ devDependencies: { prettier: "3" } }), "yarn.lock": "prettier@^3:\n  version \"3.1.0\"\n", "index.js": "" },
    commands: { ...PRETTIER, setup_cmd: "yarn install --frozen-lockfile" },
  },
  {
    what: "tsgo, checking the config CI checks",
    files: { ...SRC, "package.json": pkg({ devDependencies: { "@typescript/native-preview": "7.0.0-dev", typescript: "5" } }), "tsconfig.json": "{}", "tsconfig.check.json": "{}", ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - name: types\n        run: |\n          npm ci\n          npx tsgo --noEmit -p tsconfig.check.json\n" },
    tools: ["npm", "tsgo"],
    commands: { type_check_cmd: `${X}tsgo --noEmit --pretty false -p tsconfig.check.json`, setup_cmd: "npm install --no-audit --no-fund" },
    notes: ["types: using tsgo (a script or CI step runs it); also found tsc"],
  },
  {
    what: "typescript without a tsconfig: no type check, and a note says why",
    files: { ...SRC, "package.json": pkg({ devDependencies: { typescript: "5" } }) },
    commands: { setup_cmd: "npm install --no-audit --no-fund" },
    notes: ["tsc is installed but tsconfig.json is missing: no type check configured"],
  },
  {
    what: "eslint and oxlint both run: eslint, and a note names the other",
    files: { ...SRC, "package.json": pkg({ scripts: { lint: "oxlint && eslint ." }, devDependencies: { oxlint: "1", eslint: "9" } }) },
    commands: { ...ESLINT, setup_cmd: "npm install --no-audit --no-fund" },
    notes: ["lint: using eslint (the lint script runs it); also found oxlint"],
  },
  {
    what: "vitest with its coverage provider installed gets an lcov coverage_cmd (without it, none: see pnpm above)",
    files: { ...SRC, "package.json": pkg({ scripts: { test: "vitest" }, devDependencies: { vitest: "3", "@vitest/coverage-v8": "3" } }) },
    commands: { test_cmd: `${X}vitest run {test_dir}`, coverage_cmd: `${X}vitest run --coverage.enabled --coverage.reporter=lcovonly --coverage.reportsDirectory={output}`, setup_cmd: "npm install --no-audit --no-fund" },
  },
  {
    what: "node's test runner measures coverage through c8 when c8 is installed",
    files: { ...SRC, "package.json": pkg({ scripts: { test: "node --test" }, devDependencies: { c8: "10" } }) },
    commands: { test_cmd: "node --test {test_dir}", coverage_cmd: `${X}c8 --reporter=lcovonly --reports-dir={output} node --test`, setup_cmd: "npm install --no-audit --no-fund" },
  },
  {
    what: "a config file or an npx call without the package installs nothing to run",
    files: { ...SRC, "package.json": pkg({ scripts: { format: "npx prettier --write ." } }), ".prettierrc": "{}", "biome.json": "{}" },
    commands: { setup_cmd: "npm install --no-audit --no-fund" },
  },
];

describe("TypeScript/JavaScript detection", () => {
  for (const row of rows) {
    test(row.what, async () => {
      const found = detectTypeScript(await probeOf(row.files))!;
      expect(found.commands).toEqual(row.commands);
      if (row.language) expect(found.language).toBe(row.language);
      if (row.tools) expect(found.tools).toEqual(row.tools);
      expect(found.notes).toEqual(row.notes ?? []);
    });
  }

  test("a JavaScript repo with two stray .ts files is JavaScript; .d.ts and configs do not count", async () => {
    const found = detectTypeScript(await probeOf({
      "package.json": pkg({}),
      "lib/a.js": "", "lib/b.js": "", "lib/c.js": "", "index.js": "",
      "scripts/gen.ts": "", "bench/run.ts": "", "index.d.ts": "", "vite.config.ts": "", "eslint.config.ts": "",
    }))!;
    expect(found.language).toBe("javascript");
    expect(found.sourceExtensions).toEqual([".js", ".jsx", ".mjs", ".cjs"]);
  });

  test("TypeScript when TS files are at least as many", async () => {
    const found = detectTypeScript(await probeOf({ "package.json": pkg({}), "src/a.ts": "", "src/b.tsx": "", "eslint.config.js": "", "scripts/x.js": "" }))!;
    expect(found.language).toBe("typescript");
  });

  test("the lockfile setup writes is exempt from scope checks", async () => {
    const found = detectTypeScript(await probeOf({ "package.json": pkg({ packageManager: "pnpm@10" }), "a.js": "" }))!;
    expect(found.ignoreFiles).toEqual(["node_modules", "pnpm-lock.yaml"]);
  });

  test("JavaScript files without a package.json: nothing to install, no tools", async () => {
    const found = detectTypeScript(await probeOf({ "site/app.js": "", "site/menu.js": "" }))!;
    expect([found.language, found.commands, found.tools]).toEqual(["javascript", {}, ["npm"]]);
  });

  test("no package.json and no scripts: not a JavaScript repository", async () => {
    expect(detectTypeScript(await probeOf({ "main.py": "" }))).toBeNull();
  });
});
