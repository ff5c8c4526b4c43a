import { defineTool, type PySymbol, pythonSymbols, type ToolContext, type ToolResult } from "dgov/plugin";
import * as v from "valibot";
import { extOf, openSource, PYTHON_EXTS, SCRIPT_EXTS } from "./languages.ts";
import { scriptSyntaxError } from "./script-syntax.ts";
import { formatScriptSymbol, scriptSymbols } from "./ts-symbols.ts";

const SUPPORTED = [...PYTHON_EXTS, ...SCRIPT_EXTS].join(", ");

/** The spec's lines: `  def f:3`, `  class C:5`, `    def C.m:6`, `  NAME = ...:1`. */
function formatPySymbol([kind, name, line]: PySymbol): string {
  if (kind === "method") return `    def ${name}:${line}`;
  if (kind === "assign") return `  ${name} = ...:${line}`;
  return `  ${kind} ${name}:${line}`;
}

function listing(path: string, lines: string[]): ToolResult {
  return { ok: true, output: lines.length ? [`${path}:`, ...lines].join("\n") : `No symbols found in ${path}.` };
}

async function pythonListing(ctx: ToolContext, path: string, abs: string): Promise<ToolResult> {
  const found = await pythonSymbols(ctx, abs);
  if (!found.ok) return found;
  if (!Array.isArray(found.value)) return { ok: false, error: `SyntaxError in ${path}: ${found.value.error} (line ${found.value.line})` };
  return listing(path, found.value.map(formatPySymbol));
}

function scriptListing(path: string, rel: string, text: string): ToolResult {
  const problem = scriptSyntaxError(text, rel);
  if (problem) return { ok: false, error: `SyntaxError in ${path}: ${problem.message} (line ${problem.line})` };
  return listing(path, scriptSymbols(text).map(formatScriptSymbol));
}

/** file_symbols (spec §3.1 #15), for Python and, the same way, TypeScript/JavaScript. */
export const fileSymbols = defineTool({
  name: "file_symbols",
  description:
    "List the top-level definitions of a source file with their line numbers: functions, classes and their methods, " +
    `module-level names (Python); functions, classes and methods, const/let/var, interfaces, types, enums (TypeScript/JavaScript). Supports ${SUPPORTED}.`,
  args: v.strictObject({
    path: v.pipe(v.string(), v.description("Source file, relative to the worktree.")),
  }),
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  async run({ path }, ctx) {
    const file = openSource(ctx.files, path, ["python", "script"], (rel) => `file_symbols only works on ${SUPPORTED} files, got ${extOf(rel) || "a file without an extension"}`);
    if (!file.ok) return file;
    return file.language === "python" ? pythonListing(ctx, path, file.abs) : scriptListing(path, file.rel, file.text);
  },
});
