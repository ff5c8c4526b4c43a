/**
 * Search wrappers around programs (spec workers-llm §3.1 #13, #19, #20): ripgrep, its
 * find_references use, and jq. The model's values are argv elements, never shell text, and
 * when `rg` is missing (exit 127, not a message text — B5) the grep tool's search stands in.
 */
import { defineTool, type ToolContext, type ToolResult, type WorktreeFiles } from "dgov/plugin";
import * as v from "valibot";
import { codeHits } from "./code-lines.ts";
import { checkRgFlags } from "./rg-flags.ts";
import { grepFiles, MAX_GREP_MATCHES } from "./grep.ts";
import { runArgv, type TimeoutOptions, timeoutOptions } from "./shell-run.ts";

const ALL_ROLES: ("worker" | "researcher" | "reviewer" | "planner")[] = ["worker", "researcher", "reviewer", "planner"];
/** rg's exit codes: 1 no match, 2 an error; 127 from exec: not installed. */
const RG_MISSING = 127;
const RG_ERROR = 2;

/** Why rg's own answer is not used, said once above the grep tool's results when flags were given. */
function fallbackNote(code: number, flags: string[]): string {
  if (flags.length === 0) return "";
  const why = code === RG_MISSING ? "rg is not installed" : `rg failed (exit ${code})`;
  return `Note: ${why}; these are the grep tool's results, without the flags ${flags.join(" ")}.\n`;
}

/** ripgrep: `rg <flags…> -- <pattern> <path>`; falls back to the grep tool when rg is missing or fails. */
export const ripgrepTool = defineTool({
  name: "ripgrep",
  description:
    "Search with ripgrep: runs `rg <flags> -- <pattern> <path>` and returns STDOUT/STDERR/EXIT (EXIT:1 means no match). " +
    "Each flag must start with '-' and carry its value after '=' or attached (e.g. `-n -i --glob=*.py -C2`); " +
    "flags that run programs, read other files or follow links (--pre, --file, -L …) are refused. " +
    "If rg fails, the grep tool's search is used instead.",
  args: v.strictObject({
    pattern: v.pipe(v.string(), v.description("Regular expression (Rust regex syntax), e.g. `fn \\w+`.")),
    path: v.optional(v.pipe(v.string(), v.description("File or folder to search, relative to the worktree.")), "."),
    flags: v.optional(v.pipe(v.string(), v.description("Extra rg options, space-separated, e.g. `-n -i --glob=*.py`.")), ""),
  }),
  roles: ALL_ROLES,
  effect: "read",
  options: timeoutOptions,
  available: ({ path }) => (Bun.which("rg", { PATH: path }) ? null : "rg (ripgrep) is not installed: the grep tool searches instead"),
  async run({ pattern, path, flags }, ctx) {
    const checked = checkRgFlags(flags);
    if (!checked.ok) return checked;
    const found = ctx.files.resolve(path);
    if (!found.ok) return found;
    const { exec, result } = await runArgv(ctx, ["rg", ...checked.flags, "--", pattern, found.rel]);
    if (!exec.timedOut && (exec.code === RG_MISSING || exec.code === RG_ERROR)) {
      const grep = grepFiles(ctx.files, pattern, path);
      return grep.ok ? { ok: true, output: fallbackNote(exec.code, checked.flags) + grep.output } : grep;
    }
    return result;
  },
});

/** The test folder as a worktree-relative prefix without slashes at its ends ("" for none). */
function testDirOf(ctx: ToolContext<unknown>): string {
  return ctx.config.project.test_dir.replace(/^(\.\/)+/, "").replace(/\/+$/, "").replace(/^\.$/, "");
}

/** grep for the symbol as a whole word in every file outside the test folder. */
function grepOutside(files: WorktreeFiles, regex: string, testDir: string): ToolResult {
  const walked = files.walk(".");
  if (!walked.ok) return walked;
  const lines: string[] = [];
  for (const rel of walked.files) {
    if (testDir && (rel === testDir || rel.startsWith(`${testDir}/`))) continue;
    const found = grepFiles(files, regex, rel);
    if (!found.ok || found.output === "No matches found.") continue;
    for (const line of found.output.split("\n")) {
      if (lines.length === MAX_GREP_MATCHES) return { ok: true, output: `${lines.join("\n")}\n... (truncated at ${MAX_GREP_MATCHES} matches)` };
      lines.push(line);
    }
  }
  return { ok: true, output: lines.length ? lines.join("\n") : "No matches found." };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The hits that are code (code-lines.ts), or the no-match text when none is left. */
async function answer(ctx: ToolContext<TimeoutOptions>, symbol: string, hits: string[]): Promise<ToolResult> {
  const kept = await codeHits(ctx.files, symbol, hits);
  return { ok: true, output: kept.length ? kept.join("\n") : `No matches found for '${symbol}'.` };
}

async function findReferences(symbol: string, excludeTests: boolean, ctx: ToolContext<TimeoutOptions>): Promise<ToolResult> {
  const testDir = excludeTests ? testDirOf(ctx) : "";
  const glob = testDir ? ["-g", `!${testDir}/**`] : [];
  const { exec, result } = await runArgv(ctx, ["rg", "-w", "-n", "-F", ...glob, "--", symbol, "."]);
  if (exec.timedOut) return result;
  if (exec.code === 0) return answer(ctx, symbol, exec.stdout.replace(/^\.\//gm, "").trimEnd().split("\n"));
  if (exec.code === 1) return answer(ctx, symbol, []);
  if (exec.code !== RG_MISSING) return result;
  const regex = `\\b${escapeRegex(symbol)}\\b`;
  const grep = testDir ? grepOutside(ctx.files, regex, testDir) : grepFiles(ctx.files, regex, ".");
  if (!grep.ok) return grep;
  return answer(ctx, symbol, grep.output === "No matches found." ? [] : grep.output.split("\n"));
}

/** find_references: where a symbol occurs as a whole word (literal, not a regex), as code in the languages the syntax layer reads. */
export const findReferencesTool = defineTool({
  name: "find_references",
  description:
    "Find every line where `symbol` occurs as a whole word (a literal, not a regex), across the worktree, as `<path>:<line>:<text>`. " +
    "In Python, TypeScript/JavaScript, Go and Rust files only code counts: mentions in comments and strings are left out. " +
    "`exclude_tests` skips the project's test folder.",
  args: v.strictObject({
    symbol: v.pipe(v.string(), v.minLength(1), v.description("The identifier to look for, e.g. `parse_config`.")),
    exclude_tests: v.optional(v.pipe(v.boolean(), v.description("Skip files under the project's test folder.")), false),
  }),
  roles: ALL_ROLES,
  effect: "read",
  options: timeoutOptions,
  run: ({ symbol, exclude_tests }, ctx) => findReferences(symbol, exclude_tests, ctx),
});

/** jq: a jq filter over one JSON file. */
export const jqTool = defineTool({
  name: "jq",
  description: "Run a jq filter over a JSON file: `jq <expr> <path>`; returns STDOUT/STDERR/EXIT.",
  args: v.strictObject({
    expr: v.pipe(v.string(), v.description("The jq filter, e.g. `.dependencies | keys`.")),
    path: v.pipe(v.string(), v.description("The JSON file, relative to the worktree.")),
  }),
  roles: ALL_ROLES,
  effect: "read",
  options: timeoutOptions,
  available: ({ path }) => (Bun.which("jq", { PATH: path }) ? null : "jq is not installed"),
  async run({ expr, path }, ctx) {
    const found = ctx.files.resolve(path);
    if (!found.ok) return found;
    if (!ctx.files.exists(found.rel)) return { ok: false, error: `${path} does not exist.` };
    // jq reads a leading '-' as an option; a leading space is ignored by its parser.
    const filter = expr.startsWith("-") ? ` ${expr}` : expr;
    const { exec, result } = await runArgv(ctx, ["jq", filter, found.rel]);
    if (!exec.timedOut && exec.code === RG_MISSING) return { ok: false, error: "jq not found in PATH." };
    return result;
  },
});
