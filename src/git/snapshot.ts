import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DgovError } from "../errors.ts";
import { type CommittedChange, parseNameStatusZ } from "./status.ts";
import { type GitIdentity, git, gitEnv, writeEnv } from "./run.ts";

/*
 * Settlement reads what a task's work tree IS, never what its git says: the worker may have
 * committed, staged, moved HEAD or rewritten the index (without a sandbox it can). Both the
 * review and dgov's commit therefore use a private index, built from the task's base and the
 * work tree's files, and name the repository explicitly (`--git-dir`, captured when dgov made
 * the worktree) instead of following the worktree's `.git` file.
 */

/** A task's work tree and the git dir dgov made for it. */
export interface WorkTree {
  worktree: string;
  gitDir: string;
}

/**
 * Runs `fn` with a private index: a copy of the work tree's own index when its stat data can
 * be trusted (in the sandbox only dgov writes it; it saves hashing every file again), else a
 * new one. Either way `read-tree -m <base>` makes its entries the base's first.
 */
async function withIndex<T>(t: WorkTree, base: string, seed: boolean, fn: (run: (args: string[], env?: Record<string, string | undefined>, stdin?: string) => ReturnType<typeof git>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "dgov-index-"));
  const index = join(dir, "index");
  try {
    if (seed) {
      try {
        copyFileSync(join(t.gitDir, "index"), index);
      } catch {
        // No index yet: start empty.
      }
    }
    const run = (args: string[], env: Record<string, string | undefined> = gitEnv(), stdin?: string) =>
      git(["--git-dir", t.gitDir, "--work-tree", t.worktree, ...args], t.worktree, { env: { ...env, GIT_INDEX_FILE: index }, ...(stdin === undefined ? {} : { stdin }) });
    const read = await run(["read-tree", "-m", base]);
    if (read.code !== 0) throw new DgovError({ code: "E_GIT", message: `git read-tree ${base.slice(0, 8)} failed in ${t.worktree}: ${read.stderr.trim()}`, exitCode: 1 });
    return await fn(run);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every change of the work tree's files against `base` (ignored files aside), renames detected. Null when git fails. */
export async function changesAgainst(t: WorkTree, base: string, opts: { trustIndex: boolean }): Promise<CommittedChange[] | null> {
  return withIndex(t, base, opts.trustIndex, async (run) => {
    if ((await run(["add", "--all"])).code !== 0) return null;
    const diff = await run(["diff", "--cached", "--name-status", "-z", "-M", base]);
    return diff.code === 0 ? parseNameStatusZ(diff.stdout) : null;
  });
}

/**
 * dgov's own commit of exactly `paths` of the work tree (additions, edits, deletions) on top of
 * `base`, with the task's message and dgov's identity. Nothing the worker committed or staged
 * is in it unless its files are under `paths`. Paths go to git NUL-separated on stdin.
 */
export async function commitAgainst(t: WorkTree, base: string, paths: readonly string[], message: string, identity: GitIdentity, opts: { trustIndex: boolean }): Promise<string> {
  return withIndex(t, base, opts.trustIndex, async (run) => {
    const env = writeEnv(identity);
    const fail = (what: string, r: { stderr: string; stdout: string }) =>
      new DgovError({ code: "E_GIT", message: `git ${what} failed in ${t.worktree}: ${(r.stderr || r.stdout).trim()}`, exitCode: 1 });
    const add = await run(["add", "--all", "--pathspec-from-file=-", "--pathspec-file-nul"], env, paths.join("\0"));
    if (add.code !== 0) throw fail("add", add);
    const tree = await run(["write-tree"], env);
    if (tree.code !== 0) throw fail("write-tree", tree);
    const commit = await run(["commit-tree", tree.stdout.trim(), "-p", base, "-F", "-"], env, message);
    if (commit.code !== 0) throw fail("commit-tree", commit);
    return commit.stdout.trim();
  });
}

/**
 * Points a task's branch, HEAD and index at `sha` (and with `files`, its files too), by
 * name: the branch ref is moved without following a symbolic ref, HEAD is attached to the
 * branch again, so no ref the worker might have aimed HEAD or the branch at can move.
 */
export async function pointWorkTree(root: string, t: WorkTree & { branch: string }, sha: string, opts: { files: boolean }, identity: GitIdentity): Promise<void> {
  const env = writeEnv(identity);
  const explicit = ["--git-dir", t.gitDir, "--work-tree", t.worktree];
  const steps: [string[], string][] = [
    [["update-ref", "--no-deref", "-m", "dgov: task commit", `refs/heads/${t.branch}`, sha], root],
    [[...explicit, "symbolic-ref", "HEAD", `refs/heads/${t.branch}`], t.worktree],
    [[...explicit, "read-tree", ...(opts.files ? ["-u", "--reset"] : []), sha], t.worktree],
  ];
  for (const [args, cwd] of steps) {
    const result = await git(args, cwd, { env });
    if (result.code !== 0) throw new DgovError({ code: "E_GIT", message: `git ${args.filter((a) => !explicit.includes(a)).join(" ")} failed in ${cwd}: ${result.stderr.trim()}`, exitCode: 1 });
  }
}
