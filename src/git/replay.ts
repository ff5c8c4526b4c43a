import { DgovError } from "../errors.ts";
import { isAncestor } from "./repo.ts";
import { type GitIdentity, git, writeEnv } from "./run.ts";

export type Replay = { ok: true; sha: string } | { ok: false; reason: "conflict"; files: string[] } | { ok: false; reason: "rewritten" };

/**
 * The task commit replayed onto the current target (the integration candidate), without a
 * worktree: `git merge-tree` computes the three-way result against the task's base, and
 * `git commit-tree` records it on top of the target with the task's message and author.
 * When the target has not moved, the task commit is the candidate as it is.
 */
export async function replayOnto(root: string, task: { commit: string; base: string }, target: string, identity: GitIdentity): Promise<Replay> {
  if (target === task.base) return { ok: true, sha: task.commit };
  // The three-way base must be the task's base; it is only when the target grew from it.
  if (!(await isAncestor(root, task.base, target))) return { ok: false, reason: "rewritten" };
  const merged = await git(["merge-tree", "--write-tree", "-z", "--name-only", target, task.commit], root);
  if (merged.code === 1) {
    const [, ...rest] = merged.stdout.split("\0");
    const files = rest.slice(0, rest.indexOf("")).filter(Boolean);
    return { ok: false, reason: "conflict", files: [...new Set(files)].sort() };
  }
  if (merged.code !== 0) {
    throw new DgovError({ code: "E_GIT", message: `git merge-tree failed: ${merged.stderr.trim()}`, exitCode: 1 });
  }
  const tree = merged.stdout.split("\0")[0]!;
  const info = await git(["log", "-1", "--format=%an%x00%ae%x00%aI%x00%B", task.commit], root);
  const [name, email, date, ...body] = info.stdout.split("\0");
  const env = { ...writeEnv(identity), GIT_AUTHOR_NAME: name!, GIT_AUTHOR_EMAIL: email!, GIT_AUTHOR_DATE: date! };
  const commit = await git(["commit-tree", tree, "-p", target, "-F", "-"], root, { env, stdin: body.join("\0").replace(/\n$/, "") });
  if (commit.code !== 0) throw new DgovError({ code: "E_GIT", message: `git commit-tree failed: ${commit.stderr.trim()}`, exitCode: 1 });
  return { ok: true, sha: commit.stdout.trim() };
}
