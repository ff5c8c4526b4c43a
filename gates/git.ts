import type { GateContext } from "dgov/plugin";

/**
 * Runs dgov's git (`ctx.git`: outside the sandbox, repository-configured programs off) in `dir` and returns its stdout. A failure is unexpected here (the host made
 * these trees and commits), so it throws: the host records it as the gate's error.
 * `ok` lists further exit codes that are answers, not failures (e.g. 1 from `git grep`).
 */
export async function git(ctx: GateContext, dir: string, args: readonly string[], ok: readonly number[] = []): Promise<string> {
  const result = await ctx.git(["--literal-pathspecs", ...args], { cwd: dir });
  if (result.code !== 0 && !ok.includes(result.code)) {
    throw new Error(`git ${args[0]} failed (exit ${result.code}) in ${dir}: ${(result.stderr || result.stdout).trim()}`);
  }
  return result.stdout;
}

/** The text of a file in `dir` (through `cat`: gates read the judged tree as its programs do). */
export async function readText(ctx: GateContext, dir: string, path: string): Promise<string> {
  const result = await ctx.exec(["cat", "--", path], { cwd: dir, quiet: true });
  if (result.code !== 0) throw new Error(`cannot read ${path}: ${result.stderr.trim()}`);
  return result.stdout;
}

/** Replaces a file's text in `dir`, keeping its mode. */
export async function writeText(ctx: GateContext, dir: string, path: string, text: string): Promise<void> {
  const result = await ctx.exec(["sh", "-c", 'cat > "$1"', "sh", path], { cwd: dir, stdin: text, quiet: true });
  if (result.code !== 0) throw new Error(`cannot write ${path}: ${result.stderr.trim()}`);
}
