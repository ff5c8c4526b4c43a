import { DgovError } from "../errors.ts";
import { isAncestor } from "./repo.ts";
import { commitTree } from "./objects.ts";
import { type GitIdentity, git, writeEnv } from "./run.ts";
import type { CommitMade } from "./snapshot.ts";

/** A commit's author and message, as git has them. */
async function readMade(root: string, commit: string): Promise<CommitMade> {
  const info = await git(["log", "-1", "--format=%an%x00%ae%x00%aI%x00%B", commit], root);
  const [name = "", email = "", date = "", ...body] = info.stdout.split("\0");
  return { name, email, date, message: body.join("\0").replace(/\n$/, "") };
}

export type Replay = { ok: true; sha: string } | { ok: false; reason: "conflict"; files: string[] } | { ok: false; reason: "rewritten" };

/**
 * The task commit replayed onto the current target (the integration candidate), without a
 * worktree: `git merge-tree` computes the three-way result against the task's base, and
 * `git commit-tree` records it on top of the target with the task's message and author.
 * When the target has not moved, the task commit is the candidate as it is. `made`: the task
 * commit's author and message when the caller knows them (it made the commit), else read from
 * git; `grewFrom`: the caller knows the target grew from the task's base.
 */
export async function replayOnto(root: string, task: { commit: string; base: string; made?: CommitMade }, target: string, identity: GitIdentity, grewFrom = false): Promise<Replay> {
  if (target === task.base) return { ok: true, sha: task.commit };
  // The three-way base must be the task's base; it is only when the target grew from it.
  if (!grewFrom && !(await isAncestor(root, task.base, target))) return { ok: false, reason: "rewritten" };
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
  const made = task.made ?? (await readMade(root, task.commit));
  const env = { ...writeEnv(identity), GIT_AUTHOR_NAME: made.name, GIT_AUTHOR_EMAIL: made.email, GIT_AUTHOR_DATE: made.date };
  return { ok: true, sha: await commitTree(root, [], { tree, parents: [target], author: made, committer: identity, message: made.message }, env) };
}
