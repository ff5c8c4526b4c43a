/**
 * A TypeScript package on bun, linted and formatted by biome, type-checked by tsc and tested
 * by `bun test` — the real ones (issue 12). Its entry re-exports the modules; the tests import
 * the entry. One run: a correct change lands next to an old finding; a lint error on a changed
 * line, an unformatted edit, a second TS2322 in a file that has one and a break only the tests
 * through the entry see are each rejected by the right gate. Preflight leaves the tree
 * byte-identical.
 */
import { describeFixture, type Fixture } from "../../fakes/real-repo.ts";
import { linkedNodeTools, nodeTools } from "../../fakes/toolchains.ts";

const tools = nodeTools().devDependencies;
const DEV = { "@biomejs/biome": tools["@biomejs/biome"]!, typescript: tools.typescript! };
const BUN_LOCK = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "tally",
      "devDependencies": ${JSON.stringify(DEV)},
    },
  },
  "packages": {
    "@biomejs/biome": ["@biomejs/biome@${DEV["@biomejs/biome"]}", "", {}, ""],
    "typescript": ["typescript@${DEV.typescript}", "", {}, ""],
  }
}
`;

// An old lint finding (an unused constant, an error in this config) on a line no task touches.
const WORDS = 'const legacy = "x";\n\nexport function shout(text: string): string {\n  return text.toUpperCase();\n}\n';
const COUNT = "export function count(text: string): number {\n  return text.split(/\\s+/).filter(Boolean).length;\n}\n";
const PAD = "export function pad(text: string, width: number): string {\n  return text.padStart(width);\n}\n";
const SPAN = "export function span(n: number): number[] {\n  return Array.from({ length: n }, (_, i) => i);\n}\n";
const KINDS = "export interface Kind {\n  name: string;\n}\n\n// An old error, left as it is.\nexport const plain: Kind = { name: 1 };\n";

const fixture = (): Fixture => ({
  language: "typescript",
  files: {
    "package.json": `${JSON.stringify({ name: "tally", version: "0.1.0", type: "module", module: "src/index.ts", scripts: { test: "bun test", lint: "biome lint .", format: "biome format .", check: "biome check . && tsc --noEmit" }, devDependencies: DEV }, null, 2)}\n`,
    "bun.lock": BUN_LOCK,
    ".gitignore": "node_modules/\n",
    "biome.json": `${JSON.stringify({ formatter: { enabled: true, indentStyle: "space", indentWidth: 2 }, linter: { enabled: true, rules: { recommended: true, correctness: { noUnusedVariables: "error" } } }, files: { includes: ["src/**", "test/**"] } }, null, 2)}\n`,
    "tsconfig.json": `${JSON.stringify({ compilerOptions: { target: "ESNext", module: "ESNext", moduleResolution: "Bundler", strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ["src"] }, null, 2)}\n`,
    "src/index.ts": 'export { count } from "./lib/count";\nexport type { Kind } from "./lib/kinds";\nexport { pad } from "./lib/pad";\nexport { span } from "./lib/span";\nexport { shout } from "./lib/words";\n',
    "src/lib/words.ts": WORDS,
    "src/lib/count.ts": COUNT,
    "src/lib/pad.ts": PAD,
    "src/lib/span.ts": SPAN,
    "src/lib/kinds.ts": KINDS,
    "test/words.test.ts": 'import { expect, test } from "bun:test";\nimport { count, shout } from "../src/index";\n\ntest("shout", () => expect(shout("hi")).toBe("HI"));\ntest("count", () => expect(count("a b  c")).toBe(3));\n',
    "test/span.test.ts": 'import { expect, test } from "bun:test";\nimport { span } from "../src/index";\n\ntest("span", () => expect(span(3)).toEqual([0, 1, 2]));\n',
  },
  project: [
    'src_dir = "src"',
    'test_dir = "test"',
    'source_extensions = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]',
    'setup_cmd = "bun install --frozen-lockfile"',
    'reuse_dirs = ["node_modules"]',
    'lint_cmd = "node_modules/.bin/biome lint --reporter=json {file}"',
    'lint_fix_cmd = "node_modules/.bin/biome lint --write {file}"',
    'format_cmd = "node_modules/.bin/biome format --write {file}"',
    'format_check_cmd = "node_modules/.bin/biome format {file}"',
    'type_check_cmd = "node_modules/.bin/tsc --noEmit --pretty false"',
    'test_cmd = "bun test {test_dir}"',
  ].join("\n"),
  extra: '[gates.autofix]\nlevel = "off"\n',
  ...linkedNodeTools,
  scenarios: [
    { slug: "good", edit: ["src/lib/words.ts"], writes: { "src/lib/words.ts": WORDS.replace("text.toUpperCase()", "text.trim().toUpperCase()") }, expect: "lands" },
    {
      slug: "lint",
      edit: ["src/lib/count.ts"],
      writes: { "src/lib/count.ts": COUNT.replace("  return text", "  const words = 0;\n  return text") },
      expect: { gate: "lint", finding: ["src/lib/count.ts:2", "noUnusedVariables"] },
    },
    { slug: "format", edit: ["src/lib/pad.ts"], writes: { "src/lib/pad.ts": PAD.replace("  return text.padStart(width);", "        return text.padStart( width )") }, expect: { gate: "format", finding: ["src/lib/pad.ts"] } },
    { slug: "types", edit: ["src/lib/kinds.ts"], writes: { "src/lib/kinds.ts": `${KINDS}export const other: Kind = { name: false };\n` }, expect: { gate: "typecheck", finding: ["src/lib/kinds.ts:7", "TS2322"] } },
    { slug: "tests", edit: ["src/lib/span.ts"], writes: { "src/lib/span.ts": SPAN.replace("length: n }", "length: n + 1 }") }, expect: { gate: "tests", finding: ["test/span.test.ts"] } },
  ],
});

describeFixture("a TypeScript package on bun: biome, tsc, bun test", ["node"], fixture, { what: "an unused variable on a changed line fails lint", broken: { "src/lib/count.ts": COUNT.replace("  return text", "  const words = 0;\n  return text") }, gate: "lint", finding: "noUnusedVariables" });
