import { isDgovState } from "../config/ignore.ts";
import { DgovError } from "../errors.ts";
import { revParse } from "./repo.ts";
import { git, writeEnv } from "./run.ts";
import { type StatusEntry, touchedPaths } from "./status.ts";


/** Paths with uncommitted changes that would make a worktree differ from what the user sees. */
export function dirtyPaths(entries: readonly StatusEntry[]): string[] {
  // dgov's runtime files never make a checkout dirty (spec §1.3).
  return touchedPaths(entries).filter((p) => !isDgovState(p));
}

/**
 * A repository without commits gets one snapshot commit of its working tree, so worktrees
 * have something to branch from. Returns the number of files committed, or 0 when there was
 * already a HEAD.
 */
export async function ensureHead(root: string): Promise<number> {
  if (await revParse(root, "HEAD")) return 0;
  const env = writeEnv({ name: "dgov-bootstrap", email: "bootstrap@dgov.local" });
  await git(["add", "--all"], root, { env });
  const staged = await git(["diff", "--cached", "--name-only", "-z"], root);
  const count = staged.stdout.split("\0").filter(Boolean).length;
  if (count === 0) {
    throw new DgovError({ code: "E_EMPTY_REPO", message: "repository has no commits and nothing to snapshot for dgov", hint: "Add the project's files and commit them, then run again." });
  }
  const commit = await git(["-c", "core.hooksPath=/dev/null", "commit", "--quiet", "--no-verify", "-m", "chore: bootstrap repo for dgov"], root, { env });
  if (commit.code !== 0) throw new DgovError({ code: "E_GIT", message: `bootstrap commit failed: ${commit.stderr.trim()}`, exitCode: 1 });
  return count;
}
