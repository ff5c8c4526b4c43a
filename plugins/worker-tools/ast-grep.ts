import { realpathSync } from "node:fs";
import { basename } from "node:path";
import { defineTool, type ToolContext } from "dgov/plugin";
import * as v from "valibot";

const TIMEOUT_MS = 30_000;
const MAX_CHARS = 5_000;
const NOT_FOUND = "ast-grep ('sg') not found in PATH.";

/**
 * The ast-grep program: `ast-grep`, else `sg` — but only an `sg` that says it is ast-grep.
 * On Linux `sg` is usually shadow-utils' switch-group command (spec B5), which must never run
 * with the model's arguments.
 */
async function findProgram(ctx: ToolContext): Promise<string | null> {
  const cached = ctx.session.get("ast_grep_program");
  if (typeof cached === "string") return cached;
  for (const program of ["ast-grep", "sg"]) {
    const probe = await ctx.exec([program, "--version"], { timeoutMs: 5_000 });
    if (probe.code === 0 && /ast-grep/i.test(probe.stdout + probe.stderr)) {
      ctx.session.set("ast_grep_program", program);
      return program;
    }
  }
  return null;
}

/**
 * Is ast-grep on `path` (under either name, `sg` only when it is ast-grep)? A binary that is
 * ast-grep or shadow's `sg` (a link to `newgrp`) by its real name is known without running it;
 * any other is asked for its version.
 */
function installed(path: string): boolean {
  for (const program of ["ast-grep", "sg"]) {
    const bin = Bun.which(program, { PATH: path });
    if (!bin) continue;
    const real = basename(realpathSync(bin));
    if (real === "ast-grep") return true;
    if (real === "newgrp") continue;
    const probe = Bun.spawnSync([bin, "--version"], { stdout: "pipe", stderr: "pipe", stdin: "ignore", timeout: 5_000 });
    if (probe.exitCode === 0 && /ast-grep/i.test(probe.stdout.toString() + probe.stderr.toString())) return true;
  }
  return false;
}

/** `--name value`, or `--name=value` when the value starts with `-` (so it is not read as a flag). */
const option = (name: string, value: string) => (value.startsWith("-") ? [`${name}=${value}`] : [name, value]);

/** The argv of one search (spec §3.1 #14). */
export function astGrepArgv(program: string, pattern: string, lang: string, rel: string): string[] {
  const target = rel.startsWith("-") ? `./${rel}` : rel;
  return [program, "run", "--color", "never", "--heading", "never", ...option("--pattern", pattern), ...(lang ? option("--lang", lang) : []), target];
}

/** ast_grep (spec §3.1 #14): structural search with ast-grep's pattern language. */
export const astGrep = defineTool({
  name: "ast_grep",
  description:
    "Structural code search with ast-grep: the pattern is code with metavariables ($A matches one node, $$$ any number), " +
    "e.g. 'def $F($$$): $$$' or 'console.log($$$)'. Prints path:line:text of each match.",
  args: v.strictObject({
    pattern: v.pipe(v.string(), v.description("ast-grep pattern, written as code of the target language.")),
    path: v.optional(v.pipe(v.string(), v.description("File or directory to search, relative to the worktree.")), "."),
    lang: v.optional(v.pipe(v.string(), v.description("Language of the pattern (python, typescript, tsx, javascript, rust, go, …); inferred from file extensions when empty.")), ""),
  }),
  roles: ["worker", "researcher", "reviewer", "planner"],
  available: ({ path }) => (installed(path) ? null : "ast-grep is not installed (an `sg` on PATH is not ast-grep)"),
  effect: "exec",
  async run({ pattern, path, lang }, ctx) {
    const found = ctx.files.resolve(path);
    if (!found.ok) return found;
    if (!ctx.files.exists(path)) return { ok: false, error: `${path} does not exist.` };
    const program = await findProgram(ctx);
    if (!program) return { ok: false, error: NOT_FOUND };
    const result = await ctx.exec(astGrepArgv(program, pattern, lang.trim(), found.rel), { timeoutMs: TIMEOUT_MS });
    if (result.timedOut) return { ok: false, error: "ast-grep timed out after 30s." };
    const output = (result.stdout + result.stderr).trim();
    if (result.code === 1) return { ok: true, output: "No matches found." };
    if (result.code !== 0) return { ok: false, error: `ast-grep failed:\n${output}` };
    if (!output) return { ok: true, output: "No matches found." };
    return { ok: true, output: output.length > MAX_CHARS ? `${output.slice(0, MAX_CHARS)}\n... (truncated at ${MAX_CHARS} chars)` : output };
  },
});
