/**
 * A TypeScript package laid out as a real one (issue 12): an entry re-exporting its modules,
 * tests importing the entry, eslint 9 with typescript-eslint, prettier, tsc and vitest, an
 * npm or pnpm lockfile, an old lint finding and an old type error; and its scenarios: a
 * correct change, a lint error on a changed line, an unformatted edit, a second TS2322 in a
 * file that has one, a break only the tests through the entry see.
 */
import type { Fixture } from "./real-repo.ts";
import { linkedNodeTools, nodeTools } from "./toolchains.ts";

/** The shared tools' lockfile as this package's own (its name and version in it). */
function lockfile(name: string): string {
  const lock = JSON.parse(nodeTools().lockfile) as { name: string; version?: string; packages: Record<string, { name?: string; version?: string }> };
  lock.name = name;
  lock.version = "1.2.0";
  lock.packages[""] = { ...lock.packages[""], name, version: "1.2.0" };
  return `${JSON.stringify(lock, null, 2)}\n`;
}

export function tsPackage(manager: "npm" | "pnpm"): Record<string, string> {
  const run = manager === "npm" ? "npm run" : "pnpm run";
  return {
    "package.json": `${JSON.stringify({
      name: "calc",
      version: "1.2.0",
      type: "module",
      exports: "./src/index.ts",
      scripts: {
        build: "tsc -p tsconfig.build.json",
        lint: "eslint .",
        format: "prettier --check .",
        typecheck: "tsc --noEmit",
        test: "vitest run",
        check: `${run} lint && ${run} typecheck && ${run} test`,
      },
      devDependencies: nodeTools().devDependencies,
    }, null, 2)}\n`,
    ...(manager === "npm" ? { "package-lock.json": lockfile("calc") } : { "pnpm-lock.yaml": "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    devDependencies: {}\n" }),
    ".gitignore": "node_modules/\ndist/\ncoverage/\n",
    ".prettierrc.json": '{ "printWidth": 100 }\n',
    "tsconfig.json": `${JSON.stringify({ compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ["src", "test"] }, null, 2)}\n`,
    "eslint.config.js": 'import js from "@eslint/js";\nimport tseslint from "typescript-eslint";\n\nexport default tseslint.config(js.configs.recommended, ...tseslint.configs.recommended, { ignores: ["dist/"] });\n',
    "src/index.ts": 'export { add, mean } from "./core/math";\nexport { shout, slug } from "./core/strings";\nexport { range } from "./core/range";\nexport { stamp } from "./core/clock";\nexport type { Labelled } from "./core/types";\n',
    "src/core/math.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function mean(values: number[]): number {\n  return values.length === 0 ? 0 : values.reduce(add, 0) / values.length;\n}\n",
    // An old lint finding (an unused constant) on a line no task touches.
    "src/core/strings.ts": 'const legacyPrefix = "x-";\n\nexport function shout(text: string): string {\n  return text.toUpperCase();\n}\n\nexport function slug(text: string): string {\n  return text.trim().toLowerCase().replace(/\\s+/g, "-");\n}\n',
    "src/core/range.ts": "export function range(n: number): number[] {\n  return Array.from({ length: n }, (_, i) => i);\n}\n",
    "src/core/clock.ts": "export function stamp(date: Date): string {\n  return date.toISOString().slice(0, 10);\n}\n",
    // An old type error (TS2322) the base already has.
    "src/core/types.ts": "export interface Labelled {\n  label: string;\n}\n\n// An old error, left as it is.\nexport const fallback: Labelled = { label: 42 };\n",
    "test/math.test.ts": 'import { describe, expect, test } from "vitest";\nimport { add, mean } from "../src/index";\n\ndescribe("math", () => {\n  test("add", () => expect(add(2, 3)).toBe(5));\n  test("mean", () => expect(mean([1, 2, 3])).toBe(2));\n});\n',
    "test/strings.test.ts": 'import { expect, test } from "vitest";\nimport { shout, slug } from "../src/index";\n\ntest("shout", () => expect(shout("hi")).toBe("HI"));\ntest("slug", () => expect(slug(" A b ")).toBe("a-b"));\n',
    "test/range.test.ts": 'import { expect, test } from "vitest";\nimport { range } from "../src/index";\n\ntest("range", () => expect(range(3)).toEqual([0, 1, 2]));\n',
  };
}

export function tsFixture(manager: "npm" | "pnpm"): Fixture {
  const x = manager === "npm" ? "node_modules/.bin/" : "pnpm exec ";
  return {
    language: "typescript",
    files: tsPackage(manager),
    project: [
      'src_dir = "src"',
      'test_dir = "test"',
      'source_extensions = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]',
      `setup_cmd = "${manager === "npm" ? "npm ci" : "pnpm install --frozen-lockfile"}"`,
      'reuse_dirs = ["node_modules"]',
      `lint_cmd = "${x}eslint --format json {file}"`,
      `lint_fix_cmd = "${x}eslint --fix {file}"`,
      `format_cmd = "${x}prettier --write {file}"`,
      `format_check_cmd = "${x}prettier --check {file}"`,
      `type_check_cmd = "${x}tsc --noEmit --pretty false"`,
      `test_cmd = "${x}vitest run {test_dir}"`,
    ].join("\n"),
    // Autofix off: unformatted code reaches the format check (with it on, it would be formatted).
    extra: '[gates.autofix]\nlevel = "off"\n',
    ...linkedNodeTools,
    scenarios: [
      {
        slug: "good",
        edit: ["src/core/strings.ts"],
        writes: { "src/core/strings.ts": 'const legacyPrefix = "x-";\n\nexport function shout(text: string): string {\n  return text.trim().toUpperCase();\n}\n\nexport function slug(text: string): string {\n  return text.trim().toLowerCase().replace(/\\s+/g, "-");\n}\n' },
        expect: "lands",
      },
      {
        slug: "lint",
        edit: ["src/core/math.ts"],
        writes: { "src/core/math.ts": "export function add(a: number, b: number): number {\n  const unused = a * 2;\n  return a + b;\n}\n\nexport function mean(values: number[]): number {\n  return values.length === 0 ? 0 : values.reduce(add, 0) / values.length;\n}\n" },
        expect: { gate: "lint", finding: ["src/core/math.ts:2", "no-unused-vars"] },
      },
      {
        slug: "format",
        edit: ["src/core/clock.ts"],
        writes: { "src/core/clock.ts": "export function stamp(date: Date): string { return date.toISOString().slice(0,10) }\n" },
        expect: { gate: "format", finding: ["src/core/clock.ts"] },
      },
      {
        slug: "types",
        edit: ["src/core/types.ts"],
        writes: { "src/core/types.ts": "export interface Labelled {\n  label: string;\n}\n\n// An old error, left as it is.\nexport const fallback: Labelled = { label: 42 };\n\nexport const second: Labelled = { label: true };\n" },
        expect: { gate: "typecheck", finding: ["src/core/types.ts:8", "TS2322"] },
      },
      {
        slug: "tests",
        edit: ["src/core/range.ts"],
        writes: { "src/core/range.ts": "export function range(n: number): number[] {\n  return Array.from({ length: n + 1 }, (_, i) => i);\n}\n" },
        expect: { gate: "tests", finding: ["test/range.test.ts"] },
      },
    ],
  };
}

