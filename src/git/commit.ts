import { DgovError } from "../errors.ts";
import { type GitIdentity, git, writeEnv } from "./run.ts";

/**
 * Commits exactly `paths` (every change under them: additions, edits, deletions) with the
 * task's message and dgov's identity, hooks disabled. Other changes stay uncommitted. Paths
 * go to git on stdin, NUL-separated, so no file name can be read as an option or be split.
 */
export async function commitPaths(dir: string, paths: readonly string[], message: string, identity: GitIdentity): Promise<string> {
  const env = writeEnv(identity);
  const add = await git(["add", "--all", "--pathspec-from-file=-", "--pathspec-file-nul"], dir, { env, stdin: paths.join("\0") });
  if (add.code !== 0) throw new DgovError({ code: "E_GIT", message: `git add failed in ${dir}: ${add.stderr.trim()}`, exitCode: 1 });
  const commit = await git(["-c", "core.hooksPath=/dev/null", "commit", "--quiet", "--no-verify", "--file=-"], dir, { env, stdin: message });
  if (commit.code !== 0) {
    throw new DgovError({ code: "E_GIT", message: `git commit failed in ${dir}: ${(commit.stderr || commit.stdout).trim()}`, exitCode: 1 });
  }
  const head = await git(["rev-parse", "HEAD"], dir);
  return head.stdout.trim();
}
