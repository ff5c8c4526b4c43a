import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { DgovError } from "../errors.ts";
import { gitDirsAt, OBJECT_ID, readGitFile } from "./dirs.ts";
import { withLock } from "./lock.ts";
import { branchHead, commonDir } from "./repo.ts";
import { type GitIdentity, git, gitOut, writeEnv } from "./run.ts";
import { noteIndexAt } from "./snapshot.ts";
import { isSparse, makeSparse } from "./sparse.ts";

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
  return configuredDirs.get(root) ?? join(dirname(root), `.dgov-worktrees-${basename(root)}`);
}

const configuredDirs = new Map<string, string>();

/**
 * Takes a project's `[git] worktrees_dir` ("" = the default, beside the project): relative to
 * the root, `~/` expanded. The project's worktrees go in a folder of their own inside it, named
 * for the project and its path (`<dir>/<name>-<hash>`), so projects can share the setting
 * (`~/.cache/dgov`) without one taking another's task folders for its own leftovers. A folder
 * inside the repository is refused: git would see the worktrees as the project's own files.
 */
export function useWorktreesDir(root: string, setting: string): void {
  if (!setting) return void configuredDirs.delete(root);
  const dir = resolve(root, setting.startsWith("~/") ? join(homedir(), setting.slice(2)) : setting);
  if (dir === root || dir.startsWith(`${root}/`)) {
    throw new DgovError({
      code: "E_CONFIG",
      message: `[git] worktrees_dir = ${JSON.stringify(setting)} is inside the repository (${dir})`,
      hint: "Point it at a folder outside the project, e.g. \"../worktrees\" or \"~/.cache/dgov/<project>\".",
    });
  }
  // The real path names the project: reached through a link it is the same project.
  const real = existsSync(root) ? realpathSync(root) : root;
  configuredDirs.set(root, join(dir, `${basename(real)}-${new Bun.CryptoHasher("sha256").update(real).digest("hex").slice(0, 8)}`));
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

/**
 * The git dir registered for a worktree at `path` (the folder under `<common dir>/worktrees/`
 * whose `gitdir` file names `path/.git`), read from git's files; null when none is, undefined
 * when a registration cannot be read (half made or half removed: prune decides about it).
 */
async function registration(root: string, path: string): Promise<string | null | undefined> {
  const dotGit = join(path, ".git");
  const admin = join(await commonDir(root), "worktrees");
  // The registration the folder's `.git` names, when it names the folder back: two reads, not
  // one per registration (a long run keeps many). Anything else (no `.git`, a pointer elsewhere,
  // one the worker rewrote) is settled by reading them all.
  const named = gitDirsAt(path)?.gitDir;
  if (named && dirname(named) === admin && readGitFile(join(named, "gitdir"))?.trim() === dotGit) return named;
  for (const r of await registrations(root)) {
    if (r.dotGit === null) return undefined;
    if (r.dotGit === dotGit) return r.gitDir;
  }
  return null;
}

/** Every registration git keeps (`<common dir>/worktrees/<name>`): its git dir and the `.git` it names (null: unreadable). */
async function registrations(root: string): Promise<{ gitDir: string; dotGit: string | null }[]> {
  const admin = join(await commonDir(root), "worktrees");
  return (existsSync(admin) ? readdirSync(admin) : []).map((name) => {
    try {
      return { gitDir: join(admin, name), dotGit: readFileSync(join(admin, name, "gitdir"), "utf8").trim() };
    } catch {
      return { gitDir: join(admin, name), dotGit: null };
    }
  });
}

/** Removes one worktree folder (registered or not) and, when named, its branch, under the administration lock. */
async function removeUnlocked(root: string, path: string, branch: string | null, env: Record<string, string | undefined>): Promise<void> {
  // A registration a crash left locked (git's own `worktree add` locks while it works) would
  // survive both remove and prune.
  const registered = await registration(root, path);
  if (typeof registered === "string") rmSync(join(registered, "locked"), { force: true });
  const removed = existsSync(path) && (await git(["worktree", "remove", "--force", path], root, { env })).code === 0;
  if (!removed) {
    rmSync(path, { recursive: true, force: true });
    // A folder deleted behind git's back leaves its registration: prune it.
    if (registered !== null) await git(["worktree", "prune"], root, { env });
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

/*
 * The pool: checkouts dgov is done with (a merged task's worktree, a settlement's checkout)
 * are parked next to the task worktrees as `pool-<hex>`, detached and off any branch, instead of
 * deleted; the next worktree or checkout takes one and moves it to its commit by the diff
 * (`checkout --force`, a few files where a fresh checkout writes every file), then removes
 * everything untracked, ignored files included (`clean -ffdx`). What a worker left there
 * cannot reach the next task: tracked files are reset, the rest is deleted, and the folder's
 * `.git` file is written anew. git finds the changed tracked files by the stat data in the
 * index, which only dgov writes when the worker is sandboxed (the git dir is outside its
 * reach): a file written after the index differs in ctime, or in the same second is racily
 * clean and compared by content. Without the sandbox nothing is parked (the runner's pool size
 * is then 0): a worker could have written the index too.
 */

const POOL = /^pool-[0-9a-f]{8}$/;
/** git's own parallel checkout, one worker per core, for the files a checkout writes. */
const PARALLEL_CHECKOUT = ["-c", "checkout.workers=0"];

/** The parked checkouts: folder and git dir. */
async function parked(root: string): Promise<{ path: string; gitDir: string }[]> {
  const dir = worktreesDir(root);
  const found: { path: string; gitDir: string }[] = [];
  for (const name of existsSync(dir) ? readdirSync(dir).filter((n) => POOL.test(n)).sort() : []) {
    const gitDir = await registration(root, join(dir, name));
    if (typeof gitDir === "string") found.push({ path: join(dir, name), gitDir });
  }
  return found;
}

/** Moves a registered worktree's folder as `git worktree move` does: the folder, git's record of it, and its `.git` file, written anew. */
function moveRegistered(from: string, to: string, gitDir: string): void {
  renameSync(from, to);
  rmSync(join(to, ".git"), { recursive: true, force: true });
  writeFileSync(join(to, ".git"), `gitdir: ${gitDir}\n`);
  writeFileSync(join(gitDir, "gitdir"), `${join(to, ".git")}\n`);
}

/** Takes a parked checkout (under the administration lock): moved to `path`, its git dir returned; null when none is parked. */
async function takeParked(root: string, path: string): Promise<string | null> {
  const [free] = await parked(root);
  if (!free) return null;
  moveRegistered(free.path, path, free.gitDir);
  return free.gitDir;
}

/**
 * Writes the files of a worktree registered at `path` (outside the administration lock: the
 * folder is this caller's alone now): checked out at `sha`, on `branch` (created or reset
 * there) or detached. A parked one moves by the diff and loses everything untracked; a new one
 * (registered without files) gets every file. A failure removes the worktree and throws.
 */
async function populate(root: string, path: string, gitDir: string, sha: string, branch: string | null, reused: boolean, env: Record<string, string | undefined>): Promise<void> {
  const explicit = ["--git-dir", gitDir, "--work-tree", path, ...PARALLEL_CHECKOUT];
  const checkout = ["checkout", "--quiet", "--force", "--no-recurse-submodules", ...(branch ? ["-B", branch] : ["--detach"]), sha];
  for (const args of reused ? [checkout, ["clean", "-ffdxq"]] : [checkout]) {
    const result = await git([...explicit, ...args], path, { env });
    if (result.code === 0) continue;
    await administering(root, () => removeUnlocked(root, path, branch, env));
    throw new DgovError({ code: "E_GIT", message: `cannot check out ${sha.slice(0, 8)} at ${path}: git ${args[0]} failed: ${result.stderr.trim()}`, exitCode: 1 });
  }
  noteIndexAt(gitDir, sha);
}

/**
 * Registers a new worktree at `path` (which must not exist), detached at commit `sha`, as
 * `git worktree add --no-checkout --detach` does but without its two git processes: git's
 * documented layout (gitrepository-layout(5): `worktrees/<name>/` with `commondir`, `HEAD` and
 * `gitdir`, and the worktree's `.git` file naming it), sparse with `cone`. The folder is made exclusively and its
 * `gitdir` written last, in one rename: a crash before that leaves a registration git's prune
 * removes (no `gitdir`), never a locked one nothing removes. Under the administration lock;
 * returns the worktree's git dir.
 */
async function register(root: string, path: string, sha: string, cone: readonly string[] | null = null): Promise<string> {
  if (!OBJECT_ID.test(sha)) sha = (await gitOut(["rev-parse", "--verify", "--quiet", `${sha}^{commit}`], root)).trim();
  const admin = join(await commonDir(root), "worktrees");
  mkdirSync(admin, { recursive: true });
  const name = basename(path).replace(/[^A-Za-z0-9._-]+/g, "-");
  let gitDir = join(admin, name);
  for (let n = 1; ; n++) {
    try {
      mkdirSync(gitDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      gitDir = join(admin, `${name}${n}`);
    }
  }
  writeFileSync(join(gitDir, "commondir"), "../..\n");
  writeFileSync(join(gitDir, "HEAD"), `${sha}\n`);
  if (cone) makeSparse(gitDir, cone);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, ".git"), `gitdir: ${gitDir}\n`);
  writeFileSync(join(gitDir, "gitdir.tmp"), `${join(path, ".git")}\n`);
  renameSync(join(gitDir, "gitdir.tmp"), join(gitDir, "gitdir"));
  return gitDir;
}

/**
 * Points a linked worktree's HEAD at commit `sha`, detached, as `update-ref --no-deref HEAD`
 * does (git's lock protocol: `HEAD.lock` made exclusively, then renamed over HEAD) but without
 * a process. False when git holds the lock.
 */
function detachHead(gitDir: string, sha: string): boolean {
  const lock = join(gitDir, "HEAD.lock");
  try {
    writeFileSync(lock, `${sha}\n`, { flag: "wx" });
  } catch {
    return false;
  }
  try {
    renameSync(lock, join(gitDir, "HEAD"));
    return true;
  } catch {
    rmSync(lock, { force: true });
    return false;
  }
}

/**
 * Parks the worktree at `path` (its branch, when named, deleted), or removes it when `keep` are
 * parked already, it is not a registered worktree, or it is sparse (a few files: cheap to make
 * again, and a checkout taken from the pool must hold every file).
 */
async function park(root: string, path: string, branch: string | null, env: Record<string, string | undefined>, keep: number): Promise<void> {
  const gitDir = existsSync(path) ? await registration(root, path) : null;
  if (typeof gitDir !== "string" || isSparse(gitDir) || (await parked(root)).length >= keep) return removeUnlocked(root, path, branch, env);
  if (branch) {
    // Detached where the branch is, so the branch can go.
    const at = await branchHead(root, branch);
    if (!at || !detachHead(gitDir, at)) return removeUnlocked(root, path, branch, env);
    await deleteBranch(root, branch, env);
  }
  moveRegistered(path, join(worktreesDir(root), `pool-${crypto.randomUUID().slice(0, 8)}`), gitDir);
}

/**
 * What a crash in the middle of parking or taking a checkout can leave, put right: a parked
 * folder git no longer has registered is deleted, and registrations of folders that are gone
 * are pruned (a run's recovery does this first).
 */
export async function tidyPool(root: string, identity: GitIdentity): Promise<void> {
  await administering(root, async () => {
    const dir = worktreesDir(root);
    for (const name of existsSync(dir) ? readdirSync(dir).filter((n) => POOL.test(n)) : []) {
      if ((await registration(root, join(dir, name))) === null) rmSync(join(dir, name), { recursive: true, force: true });
    }
    const dangling = (await registrations(root)).some((r) => r.dotGit === null || !existsSync(r.dotGit));
    if (dangling) await git(["worktree", "prune"], root, { env: writeEnv(identity) });
  });
}

/** Parks a merged task's worktree for the next one (see the pool above), at most `keep` parked. */
export async function parkWorktree(root: string, id: string, identity: GitIdentity, keep: number): Promise<void> {
  const { path, branch } = taskWorktree(root, id);
  await administering(root, () => park(root, path, branch, writeEnv(identity), keep));
}

/** Parks a checkout made by createCheckout (at most `keep` parked); a missing one is not an error. */
export async function parkCheckout(root: string, path: string, identity: GitIdentity, keep: number): Promise<void> {
  await administering(root, () => park(root, path, null, writeEnv(identity), keep));
}

/**
 * A fresh worktree for a task at `base`, on branch `dgov/<id>`. A leftover worktree, folder or
 * branch of the same task (an earlier attempt, a crash) is removed first; a clean worktree
 * elsewhere holding the branch is freed (`notice` says so). `gitDir` is the worktree's own git
 * dir, read now, while dgov alone has touched it: later git calls of settlement name it
 * instead of following the worktree's `.git` file. With `cone` the worktree is sparse
 * (sparse.ts): made new, never taken from the pool, so it holds exactly the cone's files.
 */
export async function createWorktree(root: string, id: string, base: string, identity: GitIdentity, cone: readonly string[] | null = null): Promise<{ path: string; branch: string; gitDir: string; notice: string | null }> {
  const target = taskWorktree(root, id);
  const env = writeEnv(identity);
  const made = await administering(root, async () => {
    mkdirSync(worktreesDir(root), { recursive: true });
    const pooled = existsSync(target.path) || cone ? null : await takeParked(root, target.path);
    if (pooled) return { gitDir: pooled, reused: true, notice: null };
    let notice: string | null = null;
    if (existsSync(target.path) || (await registration(root, target.path)) !== null || (await branchHead(root, target.branch)) !== null) {
      // An earlier attempt, a crash or dgov-py left this task's worktree, folder or branch.
      notice = await freeBranch(root, target.branch, target.path, env);
      await removeUnlocked(root, target.path, target.branch, env);
    }
    // Registered here, filled outside the lock: other worktrees need not wait for its files.
    return { gitDir: await register(root, target.path, base, cone), reused: false, notice };
  });
  await populate(root, target.path, made.gitDir, base, target.branch, made.reused, env);
  return { ...target, gitDir: made.gitDir, notice: made.notice };
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
  const made = await administering(root, async () => {
    await removeUnlocked(root, path, null, env);
    mkdirSync(worktreesDir(root), { recursive: true });
    const pooled = await takeParked(root, path);
    if (pooled) return { gitDir: pooled, reused: true };
    return { gitDir: await register(root, path, sha), reused: false };
  });
  await populate(root, path, made.gitDir, sha, null, made.reused, env);
  return path;
}

/** Removes a checkout made by createCheckout; a missing one is not an error. */
export async function removeCheckout(root: string, path: string, identity: GitIdentity): Promise<void> {
  await removeWorktreeAt(root, path, null, identity);
}

/** Prunes stale worktree registrations (under the administration lock). */
export async function pruneWorktrees(root: string, identity: GitIdentity): Promise<void> {
  await administering(root, async () => void (await git(["worktree", "prune"], root, { env: writeEnv(identity) })));
}
