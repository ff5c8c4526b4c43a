/**
 * Which files a shell command changed, for the `writes` a tool reports (spec workers-llm
 * §3.0.4): the worktree's dirty paths before and after, from `git status`. dgov-py recorded
 * only paths dirty after but not before; this also reports a path that was dirty before and
 * whose content changed, or that the command made clean again (a revert).
 */
import { parseGitStatus, type ToolContext } from "dgov/plugin";

const GIT_TIMEOUT_MS = 10_000;
/** Past this many dirty paths, contents are not compared (only paths appearing or vanishing). */
const MAX_HASHED = 500;
const STATUS_ARGS = ["-c", "core.quotepath=false", "status", "--porcelain", "-z", "--untracked-files=all"];

/** Dirty path → a hash of its text ("" when unreadable or not hashed). */
export type DirtySnapshot = Map<string, string>;

/** Paths in `git status --porcelain -z` output, rename and copy sources included. */
export function parsePorcelainZ(output: string): string[] {
  return parseGitStatus(output).flatMap((e) => (e.from === undefined ? [e.path] : [e.path, e.from]));
}

/** The dirty paths of the worktree now (dgov's bookkeeping, through `ctx.git`); null when git fails (then nothing is reported). */
export async function dirtySnapshot(ctx: ToolContext<unknown>): Promise<DirtySnapshot | null> {
  const status = await ctx.git(STATUS_ARGS, { timeoutMs: GIT_TIMEOUT_MS });
  if (status.code !== 0 || status.timedOut) return null;
  const paths = [...new Set(parsePorcelainZ(status.stdout))];
  const hash = (path: string) => {
    if (paths.length > MAX_HASHED) return "";
    const read = ctx.files.readText(path);
    return read.ok ? Bun.hash(read.text).toString(16) : "";
  };
  return new Map(paths.map((path) => [path, hash(path)]));
}

/** Paths that became dirty, became clean, or changed while dirty; sorted. */
export function changedPaths(before: DirtySnapshot | null, after: DirtySnapshot | null): string[] {
  if (!before || !after) return [];
  const changed = new Set<string>();
  for (const [path, hash] of after) if (before.get(path) !== hash) changed.add(path);
  for (const path of before.keys()) if (!after.has(path)) changed.add(path);
  return [...changed].sort();
}
