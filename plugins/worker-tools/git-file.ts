import { defineTool } from "dgov/plugin";
import * as v from "valibot";
import { git, gitReason, statusOf } from "./git.ts";

/** How much of a file's diff assert_file_unchanged shows. */
const MAX_ASSERT_DIFF = 500;

const pathArg = v.strictObject({
  path: v.pipe(v.string(), v.description("File path, relative to the worktree.")),
});

/** recent_changes: the last ten commits touching a path. */
export const recentChangesTool = defineTool({
  name: "recent_changes",
  description: "Show the last 10 commits that touched a file or folder (`git log --oneline`).",
  args: pathArg,
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  run: async ({ path }, ctx) => {
    const found = ctx.files.resolve(path);
    if (!found.ok) return found;
    const log = await git(ctx, ["log", "--oneline", "--no-decorate", "-10", "--", found.rel]);
    if (log.timedOut) return { ok: false, error: "git log timed out." };
    if (log.code !== 0) return { ok: false, error: `git log failed: ${gitReason(log)}` };
    return { ok: true, output: log.stdout.trim() || `No git history for ${path}.` };
  },
});

/** assert_file_unchanged: OK only when the path is exactly as in HEAD. */
export const assertFileUnchangedTool = defineTool({
  name: "assert_file_unchanged",
  description:
    "Check that a file is unchanged from HEAD. Prints `OK: …` when it is, `FAIL: …` with the start of its diff when it was " +
    "modified or deleted, and `FAIL: … is new (untracked)` for a file HEAD does not have.",
  args: pathArg,
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  run: async ({ path }, ctx) => {
    const found = ctx.files.resolve(path);
    if (!found.ok) return found;
    const diff = await git(ctx, ["diff", "--no-color", "--no-ext-diff", "HEAD", "--", found.rel]);
    if (diff.timedOut) return { ok: false, error: "git diff timed out." };
    if (diff.code !== 0) return { ok: false, error: `git diff failed: ${gitReason(diff)}` };
    const text = diff.stdout.trim();
    if (text) {
      const shown = text.length > MAX_ASSERT_DIFF ? `${text.slice(0, MAX_ASSERT_DIFF)}\n... (truncated at ${MAX_ASSERT_DIFF} chars)` : text;
      return { ok: true, output: `FAIL: ${path} has been modified:\n${shown}` };
    }
    const status = await statusOf(ctx, found.rel, { ignored: false });
    if (!status.ok) return { ok: false, error: status.result.timedOut ? "git status timed out." : `git status failed: ${gitReason(status.result)}` };
    const untracked = status.entries.filter((e) => e.code === "??").map((e) => e.path);
    if (untracked.includes(found.rel)) return { ok: true, output: `FAIL: ${path} is new (untracked).` };
    if (untracked.length) return { ok: true, output: `FAIL: ${path} has new (untracked) files: ${untracked.join(", ")}` };
    if (!ctx.files.exists(found.rel)) return { ok: false, error: `${path} does not exist, in HEAD or in the worktree.` };
    // Exit 0: ignored and not tracked (a tracked file is never reported as ignored).
    const ignored = await git(ctx, ["check-ignore", "-q", "--", found.rel]);
    if (ignored.code === 0) return { ok: true, output: `FAIL: ${path} is ignored by git, so it cannot be compared with HEAD.` };
    return { ok: true, output: `OK: ${path} is unchanged from HEAD.` };
  },
});
