import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/*
 * Where a work tree's git dirs are, read from git's own files (gitrepository-layout(5)) with
 * no git process: its `.git` folder, or the `gitdir:` its `.git` file names (a linked
 * worktree), and the common dir its `commondir` names.
 */

/** A full object id: SHA-1 or SHA-256 hex. */
export const OBJECT_ID = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

/** A git file's text; null when it cannot be read. */
export const readGitFile = (path: string): string | null => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
};

/** The git dir of the work tree at `dir` (its own `.git`, not a parent's); undefined when it has none, null when its `.git` file does not parse. */
function ownGitDir(dir: string): string | null | undefined {
  const dotGit = join(dir, ".git");
  const stat = statSync(dotGit, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return dotGit;
  if (!stat?.isFile()) return undefined;
  const m = /^gitdir: (.+)$/m.exec(readGitFile(dotGit) ?? "");
  return m ? resolve(dir, m[1]!.trim()) : null;
}

/** The common dir of a git dir: the one its `commondir` names, else itself. */
export function commonOf(gitDir: string): string {
  const common = readGitFile(join(gitDir, "commondir"))?.trim();
  return common ? resolve(gitDir, common) : gitDir;
}

/** The git dir and common dir of the work tree whose top level is `root`; null when it has no readable `.git`. */
export function gitDirsAt(root: string): { gitDir: string; common: string } | null {
  const gitDir = ownGitDir(root);
  return gitDir ? { gitDir, common: commonOf(gitDir) } : null;
}

/**
 * The git dir of a git call: the `--git-dir` it names (`gitDir`, as passed on its command
 * line), else the git dir of `cwd` or of the nearest folder above; null when none is.
 */
export function callGitDir(cwd: string, gitDir: readonly string[]): string | null {
  if (gitDir.length === 2) return resolve(cwd, gitDir[1]!);
  for (let at = resolve(cwd); ; at = dirname(at)) {
    const own = ownGitDir(at);
    if (own !== undefined) return own;
    if (dirname(at) === at) return null;
  }
}

/** The common git dir of a git call (see callGitDir). */
export function commonGitDir(cwd: string, gitDir: readonly string[]): string | null {
  const own = callGitDir(cwd, gitDir);
  return own && commonOf(own);
}
