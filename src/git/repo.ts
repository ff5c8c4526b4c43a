import { DgovError } from "../errors.ts";
import { git, gitOut } from "./run.ts";

/** The commit a ref or revision names, or null when it does not resolve. */
export async function revParse(root: string, rev: string): Promise<string | null> {
  const result = await git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], root);
  return result.code === 0 ? result.stdout.trim() : null;
}

/** The branch checked out in `root` (`main`), or null when HEAD is detached. */
export async function currentBranch(root: string): Promise<string | null> {
  const result = await git(["symbolic-ref", "--quiet", "--short", "HEAD"], root);
  return result.code === 0 ? result.stdout.trim() : null;
}

/** Is `ancestor` reachable from `descendant`? */
export async function isAncestor(root: string, ancestor: string, descendant: string): Promise<boolean> {
  return (await git(["merge-base", "--is-ancestor", ancestor, descendant], root)).code === 0;
}

const commonDirs = new Map<string, string>();

/** The directory git keeps shared state in (also for linked worktrees); it never moves. */
export async function commonDir(root: string): Promise<string> {
  let dir = commonDirs.get(root);
  if (!dir) {
    dir = (await gitOut(["rev-parse", "--path-format=absolute", "--git-common-dir"], root)).trim();
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
