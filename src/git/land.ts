import { join } from "node:path";
import { beforeMove, type CheckoutLeft, moveFailed, syncCheckout } from "./checkout-sync.ts";
import { withLock } from "./lock.ts";
import { branchHead, commonDir } from "./repo.ts";
import { type GitIdentity, git, writeEnv } from "./run.ts";

export type Landing =
  | { ok: true; checkout: "updated" | "not-checked-out" }
  | ({ ok: true; checkout: "left" } & CheckoutLeft)
  | { ok: false; current: string | null };

/** The lock every landing on a repository holds (and the checkout sync of every dgov command). */
export async function withLandingLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  return withLock(join(await commonDir(root), "dgov-land.lock"), fn, { what: "landing" });
}

/**
 * Moves `refs/heads/<branch>` from `expected` to `sha` with a compare-and-swap ref update,
 * under the repository's landing lock so no other dgov lands at the same time. When the
 * project checkout is on that branch, it is brought along (checkout-sync.ts): crash-safe, and
 * the user's uncommitted edits are never overwritten or turned into a staged revert.
 */
export async function land(root: string, branch: string, sha: string, expected: string, identity: GitIdentity, onMoved: () => void = () => {}): Promise<Landing> {
  const ref = `refs/heads/${branch}`;
  return withLandingLock(root, async () => {
    const marker = await beforeMove(root, branch, expected, sha);
    const moved = await git(["update-ref", "-m", `dgov: land ${sha.slice(0, 12)}`, ref, sha, expected], root, { env: writeEnv(identity) });
    if (moved.code !== 0) {
      if (marker) moveFailed(root);
      return { ok: false, current: await branchHead(root, branch) };
    }
    onMoved();
    if (!marker) return { ok: true, checkout: "not-checked-out" };
    const synced = await syncCheckout(root, identity, marker);
    if (synced?.state !== "left") return { ok: true, checkout: "updated" };
    const { state: _, ...left } = synced;
    return { ok: true, checkout: "left", ...left };
  });
}

/**
 * A checkout sync a crash left pending, finished (every dgov command does this first, so a
 * task that landed is never undone by a checkout still at the tree before it).
 */
export async function finishPendingSync(root: string, identity: GitIdentity): Promise<Awaited<ReturnType<typeof syncCheckout>>> {
  return withLandingLock(root, () => syncCheckout(root, identity));
}
