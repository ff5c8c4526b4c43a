import { type ExecResult, parseGitStatus, type StatusEntry, type ToolContext } from "dgov/plugin";

export type { StatusEntry } from "dgov/plugin";

/** dgov-py's limit for every git call a tool makes. */
export const GIT_TIMEOUT_MS = 10_000;

/** Runs git in the worktree: no pager, no colour, unquoted UTF-8 paths. */
export function git(ctx: ToolContext, args: readonly string[]): Promise<ExecResult> {
  return ctx.exec(["git", "--no-pager", "-c", "core.quotepath=false", "-c", "color.ui=false", ...args], { timeoutMs: GIT_TIMEOUT_MS });
}

/** git's own explanation of a failure, for an error text. */
export function gitReason(result: ExecResult): string {
  return (result.stderr.trim() || result.stdout.trim() || `git exited with code ${result.code}`).replace(/^(fatal|error): /, "");
}

/**
 * The status of `rel` and everything below it, untracked files one by one; ignored files
 * (`!!`) only when asked, as a folder may hold thousands of them.
 */
export async function statusOf(ctx: ToolContext, rel: string, opts: { ignored: boolean }): Promise<{ ok: true; entries: StatusEntry[] } | { ok: false; result: ExecResult }> {
  const ignored = opts.ignored ? ["--ignored"] : [];
  const result = await git(ctx, ["status", "--porcelain=v1", "-z", ...ignored, "--untracked-files=all", "--", rel]);
  return result.code === 0 && !result.timedOut ? { ok: true, entries: parseGitStatus(result.stdout) } : { ok: false, result };
}

/** Parses `-z` path lists (`git ls-files -z`, `git diff --name-only -z`). */
export function parsePaths(stdout: string): string[] {
  return stdout.split("\0").filter(Boolean);
}
