import type { ToolchainCommands } from "dgov/plugin";
import type { Invocation } from "./invocations.ts";

/*
 * The JavaScript tools dgov writes commands for, one entry per (tool, category), in the
 * order that breaks a tie between two tools with the same evidence. Checks use the tool's
 * machine-readable output where it has one and never write; fixes write.
 */

export type Category = "lint" | "format" | "types" | "tests";

export interface JsTool {
  /** The name in `tools` and the binary under node_modules/.bin. */
  name: string;
  category: Category;
  /** Packages that install the binary; none for runtimes' own runners (`node --test`). */
  packages: readonly string[];
  configs: readonly string[];
  /** A package.json key holding its config. */
  packageKey?: string;
  /** Whether a line of the scripts or CI runs this tool for this category. */
  runs(inv: Invocation): boolean;
  /** The commands, with `x` the local-binary prefix and the invocations of this tool the repo has. */
  commands(x: string, used: readonly Invocation[]): ToolchainCommands;
}

const named = (name: string) => (inv: Invocation) => inv.tool === name;
const subcommand = (name: string, subs: string[]) => (inv: Invocation) => inv.tool === name && subs.includes(inv.args.find((a) => !a.startsWith("-")) ?? "");
const configFiles = (stem: string, exts: string[]) => exts.map((ext) => `${stem}.${ext}`);
const SCRIPT_EXTS = ["js", "mjs", "cjs", "ts", "mts", "cts"];

function projectOf(args: readonly string[]): string | undefined {
  const i = args.findIndex((a) => a === "-p" || a === "--project");
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith("--project="))?.slice("--project=".length);
}

/**
 * `-p tsconfig.check.json` of the first invocation that type-checks (`--noEmit`) — its config,
 * or none when it names none; without such an invocation, of any (a build's); none for
 * tsconfig.json.
 */
function projectFlag(used: readonly Invocation[]): string {
  const checking = used.find((u) => u.args.includes("--noEmit"));
  const project = checking ? projectOf(checking.args) : used.map((u) => projectOf(u.args)).find(Boolean);
  return project && project !== "tsconfig.json" && project !== "." ? ` -p ${project}` : "";
}

function typeChecker(name: string, packages: string[]): JsTool {
  return {
    name,
    category: "types",
    packages,
    configs: ["tsconfig.json"],
    runs: named(name),
    commands: (x, used) => ({ type_check_cmd: `${x}${name} --noEmit --pretty false${projectFlag(used)}` }),
  };
}

function testRunner(name: string, packages: string[], configs: string[], line: (x: string) => string, packageKey?: string): JsTool {
  return { name, category: "tests", packages, configs, packageKey, runs: named(name), commands: (x) => ({ test_cmd: line(x) }) };
}

const BIOME_CONFIGS = ["biome.json", "biome.jsonc"];

export const CATALOGUE: readonly JsTool[] = [
  {
    name: "eslint",
    category: "lint",
    packages: ["eslint"],
    configs: [...configFiles("eslint.config", SCRIPT_EXTS), ...configFiles(".eslintrc", ["js", "cjs", "json", "yml", "yaml"]), ".eslintrc"],
    packageKey: "eslintConfig",
    runs: named("eslint"),
    commands: (x) => ({ lint_cmd: `${x}eslint --format json {file}`, lint_fix_cmd: `${x}eslint --fix {file}` }),
  },
  {
    name: "xo",
    category: "lint",
    packages: ["xo"],
    configs: [...configFiles("xo.config", SCRIPT_EXTS), ".xo-config.json", ".xo-config.js"],
    packageKey: "xo",
    runs: named("xo"),
    commands: (x) => ({ lint_cmd: `${x}xo --reporter=json {file}`, lint_fix_cmd: `${x}xo --fix {file}` }),
  },
  {
    name: "biome",
    category: "lint",
    packages: ["@biomejs/biome"],
    configs: BIOME_CONFIGS,
    runs: subcommand("biome", ["lint", "check", "ci"]),
    commands: (x) => ({ lint_cmd: `${x}biome lint --reporter=json {file}`, lint_fix_cmd: `${x}biome lint --write {file}` }),
  },
  {
    name: "oxlint",
    category: "lint",
    packages: ["oxlint"],
    configs: [".oxlintrc.json", ".oxlintrc.jsonc", "oxlint.config.ts"],
    runs: named("oxlint"),
    commands: (x) => ({ lint_cmd: `${x}oxlint --format json {file}`, lint_fix_cmd: `${x}oxlint --fix {file}` }),
  },
  {
    name: "prettier",
    category: "format",
    packages: ["prettier"],
    configs: [...configFiles(".prettierrc", ["json", "json5", "yml", "yaml", "toml", ...SCRIPT_EXTS]), ".prettierrc", ...configFiles("prettier.config", SCRIPT_EXTS)],
    packageKey: "prettier",
    runs: named("prettier"),
    commands: (x) => ({ format_cmd: `${x}prettier --write {file}`, format_check_cmd: `${x}prettier --check {file}` }),
  },
  {
    name: "biome",
    category: "format",
    packages: ["@biomejs/biome"],
    configs: BIOME_CONFIGS,
    runs: subcommand("biome", ["format", "check", "ci"]),
    commands: (x) => ({ format_cmd: `${x}biome format --write {file}`, format_check_cmd: `${x}biome format {file}` }),
  },
  {
    name: "oxfmt",
    category: "format",
    packages: ["oxfmt"],
    configs: [".oxfmtrc.json", ".oxfmtrc.jsonc"],
    runs: named("oxfmt"),
    commands: (x) => ({ format_cmd: `${x}oxfmt --write {file}`, format_check_cmd: `${x}oxfmt --check {file}` }),
  },
  typeChecker("tsc", ["typescript"]),
  typeChecker("tsgo", ["@typescript/native-preview"]),
  testRunner("vitest", ["vitest"], configFiles("vitest.config", SCRIPT_EXTS), (x) => `${x}vitest run {test_dir}`),
  testRunner("jest", ["jest", "jest-cli"], [...configFiles("jest.config", [...SCRIPT_EXTS, "json"])], (x) => `${x}jest {test_dir}`, "jest"),
  testRunner("ava", ["ava"], configFiles("ava.config", ["js", "cjs", "mjs"]), (x) => `${x}ava {test_dir}`, "ava"),
  testRunner("mocha", ["mocha"], configFiles(".mocharc", ["js", "cjs", "mjs", "json", "jsonc", "yml", "yaml"]), (x) => `${x}mocha {test_dir}`, "mocha"),
  testRunner("bun test", [], [], () => "bun test {test_dir}"),
  testRunner("node --test", [], [], () => "node --test {test_dir}"),
];
