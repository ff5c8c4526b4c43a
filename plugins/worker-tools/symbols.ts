import { defineTool, definitions, GRAMMAR_EXTS, grammarOf, withTree } from "dgov/plugin";
import * as v from "valibot";
import { extOf, openSource } from "./languages.ts";
import { scriptSyntaxError } from "./script-syntax.ts";
import { symbolLine } from "./symbol-lines.ts";

const SUPPORTED = GRAMMAR_EXTS.join(", ");

/**
 * file_symbols (spec §3.1 #15), for Python as dgov-py and, the same way, TypeScript/JavaScript,
 * Go and Rust, from the syntax layer. A file that does not parse is an error; for TypeScript and
 * JavaScript Bun's own parser says so (and why), for the others the grammar.
 */
export const fileSymbols = defineTool({
  name: "file_symbols",
  description:
    "List the definitions of a source file with their line numbers: top-level functions, classes and types, constants and " +
    "variables, and the methods of classes, impls and traits (Go: methods under their receiver type). " +
    `Supports ${SUPPORTED}.`,
  args: v.strictObject({
    path: v.pipe(v.string(), v.description("Source file, relative to the worktree.")),
  }),
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  async run({ path }, ctx) {
    const file = openSource(ctx.files, path, ["python", "script", "go", "rust"], (rel) => `file_symbols only works on ${SUPPORTED} files, got ${extOf(rel) || "a file without an extension"}`);
    if (!file.ok) return file;
    const grammar = grammarOf(file.rel)!;
    const bunProblem = file.language === "script" ? scriptSyntaxError(file.text, file.rel) : null;
    if (bunProblem) return { ok: false, error: `SyntaxError in ${path}: ${bunProblem.message} (line ${bunProblem.line})` };
    return withTree(file.text, grammar, (tree) => {
      const problem = file.language === "script" ? undefined : tree.errors[0];
      if (problem) return { ok: false, error: `SyntaxError in ${path}: ${problem.message} (line ${problem.line})` };
      const lines = definitions(tree).map((d) => symbolLine(grammar, d));
      return { ok: true, output: lines.length ? [`${path}:`, ...lines].join("\n") : `No symbols found in ${path}.` };
    });
  },
});
