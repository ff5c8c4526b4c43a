import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { DgovError } from "../errors.ts";
import { type GitIdentity, git, gitOut, writeEnv } from "./run.ts";

/**
 * A unit id as one path-safe folder name: `%` and `/` escaped (reversible; ids also hold `.`).
 * dgov-py nested folders per `/`, which `dgov clean` then mistook for stray directories.
 */
export function flattenId(id: string): string {
  return id.replace(/%/g, "%25").replace(/\//g, "%2F");
}

export function unflattenId(name: string): string {
  return name.replace(/%2F/g, "/").replace(/%25/g, "%");
}

/** Where task worktrees live: a sibling of the project, never inside it. */
export function worktreesDir(root: string): string {
  return join(dirname(root), `.dgov-worktrees-${basename(root)}`);
}

/** The worktree folder and branch of a task (branch `dgov/<id>`, as dgov-py). */
export function taskWorktree(root: string, id: string): { path: string; branch: string } {
  return { path: join(worktreesDir(root), flattenId(id)), branch: `dgov/${id}` };
}

/** Removes a task's worktree and branch if present; a missing one is not an error. */
export async function removeWorktree(root: string, id: string, identity: GitIdentity): Promise<void> {
  const { path, branch } = taskWorktree(root, id);
  const env = writeEnv(identity);
  const removed = existsSync(path) && (await git(["worktree", "remove", "--force", path], root, { env })).code === 0;
  // A folder deleted behind git's back leaves its registration: prune it.
  if (!removed) await git(["worktree", "prune"], root, { env });
  await git(["branch", "-D", branch], root, { env });
}

/**
 * A fresh worktree for a task at `base`, on branch `dgov/<id>`. A leftover worktree or branch
 * of the same task (an earlier attempt, a crash) is removed first. `gitDir` is the worktree's
 * own git dir, read now, while dgov alone has touched it: later git calls of settlement name
 * it instead of following the worktree's `.git` file.
 */
export async function createWorktree(root: string, id: string, base: string, identity: GitIdentity): Promise<{ path: string; branch: string; gitDir: string }> {
  const target = taskWorktree(root, id);
  mkdirSync(worktreesDir(root), { recursive: true });
  const add = () => git(["worktree", "add", "--quiet", "-b", target.branch, target.path, base], root, { env: writeEnv(identity) });
  let result = await add();
  if (result.code !== 0) {
    // An earlier attempt or a crash left this task's worktree or branch: replace them.
    await removeWorktree(root, id, identity);
    result = await add();
  }
  if (result.code !== 0) {
    throw new DgovError({ code: "E_GIT", message: `cannot create the worktree of '${id}' at ${target.path}: ${result.stderr.trim()}`, exitCode: 1 });
  }
  return { ...target, gitDir: linkedGitDir(target.path) };
}

/** A linked worktree's own git dir, from the `.git` file git just wrote (`gitdir: <path>`). */
function linkedGitDir(worktree: string): string {
  const text = readFileSync(join(worktree, ".git"), "utf8");
  const m = /^gitdir: (.+)$/m.exec(text);
  if (!m) throw new DgovError({ code: "E_GIT", message: `${worktree}/.git does not name a git dir: ${text.slice(0, 200)}`, exitCode: 1 });
  return resolve(worktree, m[1]!.trim());
}

/** Worktrees git knows about (`git worktree list --porcelain`): path and branch. */
export async function listWorktrees(root: string): Promise<{ path: string; branch: string | null }[]> {
  const out = await gitOut(["worktree", "list", "--porcelain", "-z"], root);
  const list: { path: string; branch: string | null }[] = [];
  for (const field of out.split("\0")) {
    if (field.startsWith("worktree ")) list.push({ path: field.slice(9), branch: null });
    else if (field.startsWith("branch ") && list.length) list[list.length - 1]!.branch = field.slice(7).replace(/^refs\/heads\//, "");
  }
  return list;
}

/**
 * A detached checkout of `sha` for settlement (the integration candidate, the task's base),
 * next to the task worktrees: `<flat id>@<label>`. Any leftover of the same name is replaced.
 */
export async function createCheckout(root: string, id: string, label: string, sha: string, identity: GitIdentity): Promise<string> {
  const path = join(worktreesDir(root), `${flattenId(id)}@${label}`);
  await removeCheckout(root, path, identity);
  mkdirSync(worktreesDir(root), { recursive: true });
  const result = await git(["worktree", "add", "--quiet", "--detach", path, sha], root, { env: writeEnv(identity) });
  if (result.code !== 0) throw new DgovError({ code: "E_GIT", message: `cannot check out ${sha.slice(0, 8)} at ${path}: ${result.stderr.trim()}`, exitCode: 1 });
  return path;
}

/** Removes a checkout made by createCheckout; a missing one is not an error. */
export async function removeCheckout(root: string, path: string, identity: GitIdentity): Promise<void> {
  const env = writeEnv(identity);
  if (existsSync(path) && (await git(["worktree", "remove", "--force", path], root, { env })).code === 0) return;
  rmSync(path, { recursive: true, force: true });
  await git(["worktree", "prune"], root, { env });
}
