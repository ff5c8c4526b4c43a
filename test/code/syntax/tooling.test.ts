/**
 * file_symbols and find_references on the fixture projects give the answers of each language's
 * own tooling: Python's `ast`, the TypeScript compiler API (for JavaScript too), go/parser. A
 * tool that is not installed skips its language, saying so; Rust has no tool here that lists
 * symbols without a nightly compiler or rust-analyzer.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileSymbols } from "../../../plugins/worker-tools/symbols.ts";
import { findReferencesTool } from "../../../plugins/worker-tools/wrappers.ts";
import { call, type CodeTree, makeTree } from "../../plugins/worker-tools/code-fixture.ts";
import { FIXTURES } from "./fixtures.ts";
import { goAnswer } from "./tooling-go.ts";
import { pythonAnswer, type ToolingAnswer } from "./tooling-python.ts";
import { typescriptAnswer } from "./tooling-typescript.ts";

function filesOf(dir: string, root = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, filesOf(path, root));
    else out[relative(root, path)] = readFileSync(path, "utf8");
  }
  return out;
}

const trees: CodeTree[] = [];
afterAll(() => trees.forEach((t) => t.remove()));

/** The fixture project copied into a worktree, as a worker sees it. */
function worktreeOf(project: string): CodeTree {
  const tree = makeTree(filesOf(join(FIXTURES, project)));
  trees.push(tree);
  return tree;
}

/** file_symbols' lines for a file, without its `<path>:` header. */
async function listed(tree: CodeTree, path: string): Promise<string[]> {
  const result = await call(fileSymbols, { path }, tree);
  if (!result.ok) throw new Error(result.error);
  return result.output.split("\n").slice(1);
}

/** find_references' hits as sorted `path:line`. */
async function referenced(tree: CodeTree, symbol: string): Promise<string[]> {
  const result = await call(findReferencesTool, { symbol }, tree);
  if (!result.ok) throw new Error(result.error);
  return [...new Set(result.output.split("\n").map((hit) => /^(.+?:\d+):/.exec(hit)![1]!))].sort();
}

interface Case {
  project: string;
  tool: string;
  files: string[];
  names: string[];
  answer: () => ToolingAnswer | null | Promise<ToolingAnswer | null>;
}

const CASES: Case[] = [
  {
    project: "python",
    tool: "python3 (ast)",
    files: ["src/geometry/__init__.py", "src/geometry/shapes.py", "src/geometry/units.py", "tests/test_shapes.py"],
    names: ["area_of", "Circle", "radius", "DEFAULT_UNIT"],
    answer() {
      return pythonAnswer(this.files, this.names);
    },
  },
  {
    project: "ts",
    tool: "the TypeScript compiler API",
    files: ["src/index.ts", "src/jsx.d.ts", "src/math.ts", "src/shapes.ts", "src/units.ts", "src/view.tsx"],
    names: ["scale", "Circle", "describe", "round", "radius"],
    answer() {
      return typescriptAnswer("ts", this.files, this.names);
    },
  },
  {
    project: "js",
    tool: "the TypeScript compiler API",
    files: ["lib/index.mjs", "lib/round.js", "lib/stats.js"],
    names: ["round", "Stats", "median", "values"],
    answer() {
      return typescriptAnswer("js", this.files, this.names);
    },
  },
  {
    project: "go",
    tool: "go (go/parser)",
    files: ["cmd/geo/main.go", "shapes/shapes.go", "shapes/shapes_test.go"],
    names: ["Describe", "Circle", "Radius", "shapes"],
    answer() {
      return goAnswer(this.files, this.names);
    },
  },
];

for (const c of CASES) {
  describe(`${c.project}: the worker tools agree with ${c.tool}`, async () => {
    const answer = await c.answer();
    if (answer === null) console.log(`skipped: ${c.tool} is not installed, so the ${c.project} fixtures are not compared`);
    test.skipIf(answer === null)("file_symbols lists what the tool sees, file by file", async () => {
      const tree = worktreeOf(c.project);
      for (const file of c.files) expect([file, await listed(tree, file)]).toEqual([file, answer!.symbols[file] ?? []]);
    });
    test.skipIf(answer === null)("find_references finds the lines where the tool sees the identifier, and only those", async () => {
      const tree = worktreeOf(c.project);
      for (const name of c.names) expect([name, await referenced(tree, name)]).toEqual([name, answer!.lines[name] ?? []]);
    });
  });
}

// Rust has no comparison: no Rust tool here lists symbols or references (rust-analyzer is not
// installed; rustc needs nightly for -Zunpretty). Its fixtures are asserted exactly in definitions.test.ts.
console.log("not compared: Rust (no rust-analyzer here); its definitions are asserted exactly instead");
