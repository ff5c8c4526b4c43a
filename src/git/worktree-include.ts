import { copyFileSync, existsSync, lstatSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { git } from "./run.ts";

/*
 * `.worktreeinclude` (gitignore syntax, at the project root, as Claude Code and Codex read it):
 * files git ignores that a task still needs — `.env`, a local config — copied from the
 * project checkout into each fresh task worktree. Only files that are both listed there and
 * ignored by git are copied (an untracked file that is not ignored would read as the task's
 * own change), and only regular files (no links, which could lead out of the worktree).
 */

export const WORKTREE_INCLUDE = ".worktreeinclude";

const paths = (out: string) => out.split("\0").filter(Boolean);

/** Copies the included ignored files of `root` into `worktree`; returns their paths. */
export async function copyIncluded(root: string, worktree: string): Promise<string[]> {
  const list = join(root, WORKTREE_INCLUDE);
  if (!existsSync(list)) return [];
  const [included, ignored] = await Promise.all([
    git(["ls-files", "-z", "--others", "--ignored", `--exclude-from=${list}`], root),
    git(["ls-files", "-z", "--others", "--ignored", "--exclude-standard"], root),
  ]);
  if (included.code !== 0 || ignored.code !== 0) return [];
  const isIgnored = new Set(paths(ignored.stdout));
  const copied: string[] = [];
  for (const path of paths(included.stdout)) {
    if (!isIgnored.has(path) || path.split("/").includes(".git") || path.startsWith(".dgov/")) continue;
    if (!lstatSync(join(root, path)).isFile()) continue;
    mkdirSync(dirname(join(worktree, path)), { recursive: true });
    copyFileSync(join(root, path), join(worktree, path));
    copied.push(path);
  }
  return copied;
}
