import { defineTool } from "dgov/plugin";
import * as v from "valibot";
import { git, gitReason, parsePaths } from "./git.ts";

/** dgov-py's cap on the diff text. */
export const MAX_DIFF_CHARS = 5_000;
/** Untracked files listed after the diff; the rest are counted. */
const MAX_UNTRACKED = 100;

function capped(diff: string): string {
  return diff.length > MAX_DIFF_CHARS ? `${diff.slice(0, MAX_DIFF_CHARS)}\n... (truncated at ${MAX_DIFF_CHARS} chars)` : diff;
}

function untrackedSection(paths: readonly string[]): string {
  const shown = paths.slice(0, MAX_UNTRACKED);
  const more = paths.length > shown.length ? `\n... and ${paths.length - shown.length} more` : "";
  return `Untracked files:\n${shown.join("\n")}${more}`;
}

/** git_diff: tracked changes against HEAD, then the new (untracked) files. */
export const gitDiffTool = defineTool({
  name: "git_diff",
  description:
    `Show this worktree's changes: \`git diff HEAD\` (staged and unstaged, at most ${MAX_DIFF_CHARS} characters), ` +
    "then the new files git does not track yet under `Untracked files:`.",
  args: v.strictObject({}),
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  run: async (_args, ctx) => {
    const diff = await git(ctx, ["diff", "--no-color", "--no-ext-diff", "HEAD"]);
    if (diff.timedOut) return { ok: false, error: "git diff timed out." };
    if (diff.code !== 0) return { ok: false, error: `git diff failed: ${gitReason(diff)}` };
    const others = await git(ctx, ["ls-files", "-z", "--others", "--exclude-standard"]);
    if (others.timedOut) return { ok: false, error: "git diff timed out." };
    if (others.code !== 0) return { ok: false, error: `git ls-files failed: ${gitReason(others)}` };
    const untracked = parsePaths(others.stdout);
    const parts = [diff.stdout.trim() ? capped(diff.stdout.trim()) : "", untracked.length ? untrackedSection(untracked) : ""];
    const output = parts.filter(Boolean).join("\n\n");
    return { ok: true, output: output || "No changes." };
  },
});
