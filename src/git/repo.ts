import { statSync } from "node:fs";
import { join } from "node:path";
import { DgovError } from "../errors.ts";
import { gitDirsAt, OBJECT_ID, readGitFile } from "./dirs.ts";
import { git, gitOut } from "./run.ts";

/** The commit a ref or revision names, or null when it does not resolve. */
export async function revParse(root: string, rev: string): Promise<string | null> {
  const result = await git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], root);
  return result.code === 0 ? result.stdout.trim() : null;
}

/*
 * The two reads every landing and dispatch makes — the target's head and the branch checked
 * out — are read from git's files in-process, as git itself reads them (a loose ref, else
 * packed-refs; HEAD's `ref:` line), instead of a process each. Anything unusual (a reftable
 * repository, a symbolic branch, a file that does not parse) goes to git.
 */

/** The git dir and common dir of the work tree at `root`, from its `.git`; null when unusual (no `.git`, a reftable). */
function gitDirs(root: string): { gitDir: string; common: string } | null {
  const dirs = gitDirsAt(root);
  return dirs && !statSync(join(dirs.common, "reftable"), { throwIfNoEntry: false }) ? dirs : null;
}

/** A ref's commit from git's files: the loose ref, else packed-refs; `undefined` when git must say. */
function refFromFiles(common: string, ref: string): string | null | undefined {
  const loose = readGitFile(join(common, ref));
  if (loose !== null) {
    const id = loose.trim();
    return OBJECT_ID.test(id) ? id : undefined;
  }
  const packed = readGitFile(join(common, "packed-refs"));
  if (packed === null) return null;
  for (const line of packed.split("\n")) {
    if (line.endsWith(` ${ref}`)) {
      const id = line.slice(0, line.indexOf(" "));
      return OBJECT_ID.test(id) ? id : undefined;
    }
  }
  return null;
}

/** The commit branch `name` points at, or null when there is no such branch. */
export async function branchHead(root: string, name: string): Promise<string | null> {
  const dirs = gitDirs(root);
  const id = dirs ? refFromFiles(dirs.common, `refs/heads/${name}`) : undefined;
  return id === undefined ? revParse(root, `refs/heads/${name}`) : id;
}

/** The branch checked out in `root` (`main`), or null when HEAD is detached. */
export async function currentBranch(root: string): Promise<string | null> {
  const dirs = gitDirs(root);
  const head = dirs ? readGitFile(join(dirs.gitDir, "HEAD"))?.trim() : undefined;
  if (head && OBJECT_ID.test(head)) return null;
  const m = head ? /^ref: refs\/heads\/(.+)$/.exec(head) : null;
  if (m && m[1] !== ".invalid") return m[1]!;
  const result = await git(["symbolic-ref", "--quiet", "--short", "HEAD"], root);
  return result.code === 0 ? result.stdout.trim() : null;
}

/** Is `ancestor` reachable from `descendant`? */
export async function isAncestor(root: string, ancestor: string, descendant: string): Promise<boolean> {
  return (await git(["merge-base", "--is-ancestor", ancestor, descendant], root)).code === 0;
}

/**
 * Whether every commit of `shas` is in the history of `branch`, in one git call per 500: `git
 * merge-base --independent <tip> shas…` leaves none of them when each is reachable from the tip
 * or from another of them, and the latter only holds if the ones no other reaches are reachable
 * from the tip (the tip itself, given twice, would be left: it is taken out first). False as
 * well when git cannot say (a commit it does not have): ask one by one then.
 */
export async function allAncestors(root: string, shas: readonly string[], branch: string): Promise<boolean> {
  const tip = await branchHead(root, branch);
  if (!tip) return false;
  const unique = [...new Set(shas)].filter((sha) => sha !== tip);
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const result = await git(["merge-base", "--independent", tip, ...chunk], root);
    if (result.code !== 0) return false;
    const independent = new Set(result.stdout.split("\n").map((l) => l.trim()));
    if (chunk.some((sha) => independent.has(sha))) return false;
  }
  return true;
}

const commonDirs = new Map<string, string>();

/** The directory git keeps shared state in (also for linked worktrees); it never moves. */
export async function commonDir(root: string): Promise<string> {
  let dir = commonDirs.get(root);
  if (!dir) {
    dir = gitDirs(root)?.common ?? (await gitOut(["rev-parse", "--path-format=absolute", "--git-common-dir"], root)).trim();
    commonDirs.set(root, dir);
  }
  return dir;
}

/** The commit's message, as written. */
export async function commitMessage(root: string, sha: string): Promise<string> {
  return gitOut(["log", "-1", "--format=%B", sha], root);
}

/** The git dir of the work tree at `dir`, as an absolute path. */
export async function absoluteGitDir(dir: string): Promise<string> {
  const result = await git(["rev-parse", "--absolute-git-dir"], dir);
  if (result.code !== 0) throw new DgovError({ code: "E_GIT", message: `${dir} is not a git work tree: ${result.stderr.trim()}`, exitCode: 1 });
  return result.stdout.trim();
}
