import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { DgovError } from "../errors.ts";
import { withLock } from "./lock.ts";
import { commonDir } from "./repo.ts";
import { type GitIdentity, git, gitOut, writeEnv } from "./run.ts";

/**
 * A unit id as one file name (`.dgov/out/<name>`): `%` and `/` escaped, reversible. Not for
 * folders toolchains work in: some cannot handle `%` in a path (see taskFolder).
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

/**
 * A task's worktree folder name: plain characters only (`[A-Za-z0-9._-]`: `%` breaks rust-lld
 * and vitest, `/` nested dgov-py's folders), at most 57 long, and unique per id by a hash of it:
 * `tasks/main.add-fn` → `tasks-main.add-fn-1b4f0e9a`. Not reversible: the store records which
 * task a folder is (artifacts), and `dgov clean` goes by git's own list of worktrees.
 */
export function taskFolder(id: string): string {
  const readable = id.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+/, "").slice(0, 48) || "task";
  return `${readable}-${new Bun.CryptoHasher("sha256").update(id).digest("hex").slice(0, 8)}`;
}

/** The worktree folder and branch of a task (branch `dgov/<id>`, as dgov-py). */
export function taskWorktree(root: string, id: string): { path: string; branch: string } {
  return { path: join(worktreesDir(root), taskFolder(id)), branch: `dgov/${id}` };
}

/**
 * Git's worktree administration (`worktree add/remove/prune`, deleting a worktree's branch)
 * one at a time across every dgov process of the repository: concurrent ones race on
 * `.git/worktrees/` ("failed to read …/commondir"), and a prune can remove another's
 * half-made registration.
 */
async function administering<T>(root: string, fn: () => Promise<T>): Promise<T> {
  return withLock(join(await commonDir(root), "dgov-worktrees.lock"), fn, { what: "worktree administration" });
}

const DELETE_ATTEMPTS = 3;

/**
 * Deletes a branch (ref and reflog), retried; still there afterwards is an error naming git's
 * reason. `update-ref -d`, not `branch -D`: dgov's branches have no config section to remove,
 * and `branch -D` rewrites the repository's config file every time (which every later git
 * call then lists again, see neutral.ts).
 */
async function deleteBranch(root: string, branch: string, env: Record<string, string | undefined>): Promise<void> {
  let reason = "";
  for (let attempt = 1; attempt <= DELETE_ATTEMPTS; attempt++) {
    const deleted = await git(["update-ref", "-d", `refs/heads/${branch}`], root, { env });
    if (deleted.code === 0 || (await git(["show-ref", "--verify", "--quiet", `refs/heads/${branch}`], root)).code !== 0) return;
    reason = deleted.stderr.trim();
    await Bun.sleep(20 * attempt);
  }
  throw new DgovError({ code: "E_GIT", message: `cannot delete branch ${branch}: ${reason}`, exitCode: 1 });
}

/** Is a worktree registered at `path` (a `gitdir` file under `<common dir>/worktrees/` names its `.git`)? Read from git's files. */
async function registered(root: string, path: string): Promise<boolean> {
  const admin = join(await commonDir(root), "worktrees");
  const dotGit = join(path, ".git");
  for (const name of existsSync(admin) ? readdirSync(admin) : []) {
    try {
      if (readFileSync(join(admin, name, "gitdir"), "utf8").trim() === dotGit) return true;
    } catch {
      // A half-made or half-removed registration: prune decides about it.
      return true;
    }
  }
  return false;
}

/** Removes one worktree folder (registered or not) and, when named, its branch, under the administration lock. */
async function removeUnlocked(root: string, path: string, branch: string | null, env: Record<string, string | undefined>): Promise<void> {
  const removed = existsSync(path) && (await git(["worktree", "remove", "--force", path], root, { env })).code === 0;
  if (!removed) {
    rmSync(path, { recursive: true, force: true });
    // A folder deleted behind git's back leaves its registration: prune it.
    if (await registered(root, path)) await git(["worktree", "prune"], root, { env });
  }
  if (branch) await deleteBranch(root, branch, env);
}

/** Removes a worktree at `path` and its branch; throws when the branch cannot be deleted. */
export async function removeWorktreeAt(root: string, path: string, branch: string | null, identity: GitIdentity): Promise<void> {
  await administering(root, () => removeUnlocked(root, path, branch, writeEnv(identity)));
}

/** Removes a task's worktree and branch if present; a missing one is not an error, a branch that stays is. */
export async function removeWorktree(root: string, id: string, identity: GitIdentity): Promise<void> {
  const { path, branch } = taskWorktree(root, id);
  await removeWorktreeAt(root, path, branch, identity);
}

/**
 * Frees `branch` when another worktree has it checked out (a dgov-py worktree of the same
 * task, `…/tasks/main.x`): that worktree is removed if it holds no uncommitted work, else the
 * dispatch stops with what to do. Returns a notice when it freed one.
 */
async function freeBranch(root: string, branch: string, mine: string, env: Record<string, string | undefined>): Promise<string | null> {
  const holder = (await listWorktrees(root)).find((w) => w.branch === branch && w.path !== mine);
  if (!holder) return null;
  const status = await git(["status", "--porcelain", "--untracked-files=all"], holder.path);
  if (status.code !== 0 || status.stdout.trim() !== "") {
    throw new DgovError({
      code: "E_BRANCH_HELD",
      message: `branch ${branch} is checked out in ${holder.path}, which holds uncommitted work`,
      hint: `Commit or move that work, then remove the worktree (git worktree remove ${holder.path}), or run \`dgov clean --force\`.`,
      exitCode: 1,
    });
  }
  await removeUnlocked(root, holder.path, null, env);
  return `removed the worktree ${holder.path}, which had ${branch} checked out and no uncommitted work (a dgov-py worktree?)`;
}

/**
 * A fresh worktree for a task at `base`, on branch `dgov/<id>`. A leftover worktree, folder or
 * branch of the same task (an earlier attempt, a crash) is removed first; a clean worktree
 * elsewhere holding the branch is freed (`notice` says so). `gitDir` is the worktree's own git
 * dir, read now, while dgov alone has touched it: later git calls of settlement name it
 * instead of following the worktree's `.git` file.
 */
export async function createWorktree(root: string, id: string, base: string, identity: GitIdentity): Promise<{ path: string; branch: string; gitDir: string; notice: string | null }> {
  const target = taskWorktree(root, id);
  const env = writeEnv(identity);
  return administering(root, async () => {
    mkdirSync(worktreesDir(root), { recursive: true });
    const add = () => git(["worktree", "add", "--quiet", "-b", target.branch, target.path, base], root, { env });
    let result = await add();
    let notice: string | null = null;
    if (result.code !== 0) {
      // An earlier attempt, a crash or dgov-py left this task's worktree, folder or branch.
      notice = await freeBranch(root, target.branch, target.path, env);
      await removeUnlocked(root, target.path, target.branch, env);
      result = await add();
    }
    if (result.code !== 0) {
      throw new DgovError({ code: "E_GIT", message: `cannot create the worktree of '${id}' at ${target.path}: ${result.stderr.trim()}`, exitCode: 1 });
    }
    return { ...target, gitDir: linkedGitDir(target.path), notice };
  });
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
 * next to the task worktrees: `<task folder>.<label>` (`<label>` alone without a task). Any
 * leftover of the same name is replaced.
 */
export async function createCheckout(root: string, id: string, label: string, sha: string, identity: GitIdentity): Promise<string> {
  const path = join(worktreesDir(root), id ? `${taskFolder(id)}.${label}` : label);
  const env = writeEnv(identity);
  return administering(root, async () => {
    await removeUnlocked(root, path, null, env);
    mkdirSync(worktreesDir(root), { recursive: true });
    const result = await git(["worktree", "add", "--quiet", "--detach", path, sha], root, { env });
    if (result.code !== 0) throw new DgovError({ code: "E_GIT", message: `cannot check out ${sha.slice(0, 8)} at ${path}: ${result.stderr.trim()}`, exitCode: 1 });
    return path;
  });
}

/** Removes a checkout made by createCheckout; a missing one is not an error. */
export async function removeCheckout(root: string, path: string, identity: GitIdentity): Promise<void> {
  await removeWorktreeAt(root, path, null, identity);
}

/** Prunes stale worktree registrations (under the administration lock). */
export async function pruneWorktrees(root: string, identity: GitIdentity): Promise<void> {
  await administering(root, async () => void (await git(["worktree", "prune"], root, { env: writeEnv(identity) })));
}
