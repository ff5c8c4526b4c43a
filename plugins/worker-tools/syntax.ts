import { defineTool, GRAMMAR_EXTS, grammarOf, pythonSyntax, type ToolContext, type ToolResult, withTree } from "dgov/plugin";
import * as v from "valibot";
import { jsonSyntaxError } from "./json-syntax.ts";
import { describeExt, openSource, type SourceFile } from "./languages.ts";
import { scriptSyntaxError, type SyntaxProblem } from "./script-syntax.ts";

const SUPPORTED = [...GRAMMAR_EXTS, ".json"].join(", ");

/** The first place the syntax layer cannot parse, its column in the message. */
async function grammarProblem(file: SourceFile): Promise<SyntaxProblem | null> {
  const first = await withTree(file.text, grammarOf(file.rel)!, (tree) => tree.errors[0]);
  return first ? { line: first.line, message: `${first.message} (column ${first.col})` } : null;
}

/**
 * Where a file does not parse, by the language's own parser where one is at hand: Bun's for
 * TypeScript/JavaScript, python3's `compile` for Python (it also rejects what only the
 * compiler checks, like a `return` outside a function); the syntax layer for Go, Rust, and
 * Python without python3.
 */
async function problemOf(file: SourceFile, ctx: ToolContext<unknown>): Promise<{ ok: true; problem: SyntaxProblem | null } | { ok: false; error: string }> {
  if (file.language === "json") return { ok: true, problem: jsonSyntaxError(file.text) };
  if (file.language === "script") return { ok: true, problem: scriptSyntaxError(file.text, file.rel) };
  if (file.language === "python") {
    const checked = await pythonSyntax(ctx, file.abs);
    if (checked.ok) return { ok: true, problem: checked.value && { line: checked.value.line, message: checked.value.error } };
    if (!checked.missing) return checked;
  }
  return { ok: true, problem: await grammarProblem(file) };
}

/**
 * check_syntax (spec §3.1 #16). A syntax error is an ok result (`SyntaxError in …`), as in
 * the spec; unlike dgov-py, a file of another language is refused instead of being compiled
 * as Python and called valid (spec B14: README.md came back "OK").
 */
export const checkSyntax = defineTool({
  name: "check_syntax",
  description: `Check that a source file parses, without running it. Supports ${SUPPORTED}.`,
  args: v.strictObject({
    path: v.pipe(v.string(), v.description("File to check, relative to the worktree.")),
  }),
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  async run({ path }, ctx): Promise<ToolResult> {
    const file = openSource(ctx.files, path, ["python", "script", "go", "rust", "json"], (rel) => `check_syntax does not support ${describeExt(rel)} (supported: ${SUPPORTED})`);
    if (!file.ok) return file;
    const checked = await problemOf(file, ctx);
    if (!checked.ok) return checked;
    const { problem } = checked;
    return { ok: true, output: problem ? `SyntaxError in ${path} line ${problem.line}: ${problem.message}` : `OK: ${path} has valid syntax.` };
  },
});
