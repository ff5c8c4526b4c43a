import { join } from "node:path";
import { commonDir, currentBranch, revParse } from "./repo.ts";
import { withLock } from "./lock.ts";
import { type GitIdentity, git, writeEnv } from "./run.ts";

export type Landing =
  | { ok: true; checkout: "updated" | "not-checked-out" | "left-dirty" }
  | { ok: false; current: string | null };

/**
 * Moves `refs/heads/<branch>` from `expected` to `sha` with a compare-and-swap ref update,
 * under a repository lock so no other dgov lands at the same time. When the project checkout
 * is on that branch, its index and files are brought along (a two-tree merge that refuses to
 * overwrite local edits; then the checkout is left as it was and reported).
 */
export async function land(root: string, branch: string, sha: string, expected: string, identity: GitIdentity): Promise<Landing> {
  const ref = `refs/heads/${branch}`;
  const env = writeEnv(identity);
  return withLock(join(await commonDir(root), "dgov-land.lock"), async () => {
    const moved = await git(["update-ref", "-m", `dgov: land ${sha.slice(0, 12)}`, ref, sha, expected], root, { env });
    if (moved.code !== 0) return { ok: false, current: await revParse(root, ref) };
    if ((await currentBranch(root)) !== branch) return { ok: true, checkout: "not-checked-out" };
    const sync = await git(["read-tree", "-m", "-u", expected, sha], root, { env });
    return { ok: true, checkout: sync.code === 0 ? "updated" : "left-dirty" };
  });
}
