import { defineTool, type ExecResult, type ToolContext, type ToolResult } from "dgov/plugin";
import * as v from "valibot";
import { GIT_TIMEOUT_MS, git, gitReason, statusOf } from "./git.ts";

/**
 * `git checkout HEAD -- <path>`, and when the index cannot be written (in the sandbox the
 * repository's git dir, the worktree's index included, is read-only) the same against a copy
 * of the index in the tools' own HOME, removed afterwards: the file is restored either way.
 */
const CHECKOUT_WITH_OWN_INDEX =
  'git checkout HEAD -- "$1" 2>/dev/null && exit 0; ' +
  'i="$HOME/.dgov-index-$$"; cp "$(git rev-parse --git-path index)" "$i" 2>/dev/null || rm -f "$i"; ' +
  'GIT_INDEX_FILE="$i" git checkout HEAD -- "$1"; r=$?; rm -f "$i"; exit $r';

function failed(path: string, result: ExecResult): ToolResult {
  return { ok: false, error: result.timedOut ? `Failed to revert ${path}: git timed out.` : `Failed to revert ${path}: ${gitReason(result)}` };
}

/** What HEAD has at `rel`: a file (`blob`), a folder (`tree`), or nothing. */
async function headObject(ctx: ToolContext, rel: string): Promise<string | null> {
  const result = await git(ctx, ["cat-file", "-t", `HEAD:${rel}`]);
  return result.code === 0 ? result.stdout.trim() : null;
}

/**
 * A path HEAD does not have: a new file is removed (`git rm` when it is staged, `git clean`
 * when untracked). Ignored files are left alone: they were not made by this task's commits
 * and may be local setup (`.env`, build output).
 */
async function removeNewFile(ctx: ToolContext, path: string, rel: string): Promise<ToolResult> {
  const status = await statusOf(ctx, rel, { ignored: true });
  if (!status.ok) return failed(path, status.result);
  const entry = status.entries.find((e) => e.path === rel);
  if (!entry) {
    const what = ctx.files.exists(rel) ? "is a folder HEAD does not have; revert its files one by one" : "does not exist in HEAD or in the worktree";
    return { ok: false, error: `Failed to revert ${path}: it ${what}.` };
  }
  if (entry.code === "!!") return { ok: false, error: `Failed to revert ${path}: it is ignored by git, not a file this task added; it was left alone.` };
  const removed = entry.code === "??" ? await git(ctx, ["clean", "-f", "-q", "--", rel]) : await git(ctx, ["rm", "-f", "-q", "--", rel]);
  if (removed.code !== 0 || removed.timedOut) return failed(path, removed);
  return { ok: true, output: `Successfully removed new file ${path}.`, writes: [rel] };
}

/** revert_file: back to HEAD's version, or gone when HEAD has no such file. */
export const revertFileTool = defineTool({
  name: "revert_file",
  description:
    "Undo your changes to one file: restore HEAD's version (`git checkout HEAD -- <path>`), or delete the file when it is " +
    "new (HEAD does not have it).",
  args: v.strictObject({
    path: v.pipe(v.string(), v.description("File to revert, relative to the worktree.")),
  }),
  roles: ["worker"],
  effect: "write",
  run: async ({ path }, ctx) => {
    const found = ctx.files.resolve(path, { write: true });
    if (!found.ok) return found;
    if (found.rel === ".") return { ok: false, error: `Failed to revert ${path}: revert_file reverts one file, not the whole worktree.` };
    const object = await headObject(ctx, found.rel);
    if (object === "tree") return { ok: false, error: `Failed to revert ${path}: it is a folder; revert_file reverts one file.` };
    if (object === null) return removeNewFile(ctx, path, found.rel);
    const checkout = await ctx.exec(["sh", "-c", CHECKOUT_WITH_OWN_INDEX, "sh", found.rel], { timeoutMs: GIT_TIMEOUT_MS });
    if (checkout.code !== 0 || checkout.timedOut) return failed(path, checkout);
    return { ok: true, output: `Successfully reverted ${path} to HEAD.`, writes: [found.rel] };
  },
});
