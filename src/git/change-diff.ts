import { rmSync } from "node:fs";
import { join } from "node:path";
import { DgovError } from "../errors.ts";
import { absoluteGitDir } from "./repo.ts";
import { git, gitEnv } from "./run.ts";
import { addAll, markOutsideCone } from "./sparse.ts";
import { scratchDir } from "../scratch.ts";

/*
 * Diffs for people (`dgov diff`): a landed commit against its parent, or a kept task worktree's
 * whole change against the task's base — committed, staged, unstaged and untracked alike, read
 * through a private index so neither the worktree's index nor its HEAD is touched.
 */

const NO_COLOR = ["-c", "color.ui=never"];

function failed(what: string, where: string, r: { stderr: string; code: number }): DgovError {
  return new DgovError({ code: "E_GIT", message: `git ${what} failed in ${where}: ${r.stderr.trim() || `exit ${r.code}`}`, exitCode: 1 });
}

/** `git show` of a commit: its header and its diff against its first parent (`--stat`: the file summary). */
export async function commitDiff(root: string, sha: string, opts: { stat: boolean }): Promise<string> {
  const r = await git([...NO_COLOR, "show", "--first-parent", opts.stat ? "--stat" : "--patch-with-stat", sha, "--"], root);
  if (r.code !== 0) throw failed(`show ${sha.slice(0, 12)}`, root, r);
  return r.stdout;
}

/** What a work tree holds against `base`, as a diff (untracked files included, ignored ones not). */
export async function worktreeDiff(worktree: string, base: string, opts: { stat: boolean }): Promise<string> {
  const gitDir = await absoluteGitDir(worktree);
  const dir = scratchDir("diff");
  const env = { ...gitEnv(), GIT_INDEX_FILE: join(dir, "index") };
  const run = (args: string[], stdin?: string) => git(["--git-dir", gitDir, "--work-tree", worktree, ...NO_COLOR, ...args], worktree, { env, ...(stdin === undefined ? {} : { stdin }) });
  try {
    for (const step of [["read-tree", base], addAll(gitDir)]) {
      const r = await run(step);
      if (r.code !== 0) throw failed(step[0]!, worktree, r);
      if (step[0] === "read-tree" && !(await markOutsideCone(gitDir, run))) throw failed("update-index --skip-worktree", worktree, r);
    }
    const diff = await run(["diff", "--cached", "-M", opts.stat ? "--stat" : "--patch-with-stat", base, "--"]);
    if (diff.code !== 0) throw failed("diff", worktree, diff);
    return diff.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a task changed: its landed commit, else its kept worktree against its base; null when neither is there. */
export async function taskDiff(
  root: string,
  task: { sha: string | null; worktree: { path: string; base: string; exists: boolean } | null },
  opts: { stat: boolean },
): Promise<{ source: { kind: "landed"; sha: string } | { kind: "worktree"; path: string; base: string }; diff: string } | null> {
  if (task.sha) return { source: { kind: "landed", sha: task.sha }, diff: await commitDiff(root, task.sha, opts) };
  if (task.worktree?.exists) return { source: { kind: "worktree", path: task.worktree.path, base: task.worktree.base }, diff: await worktreeDiff(task.worktree.path, task.worktree.base, opts) };
  return null;
}
