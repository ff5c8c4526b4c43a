import { createCheckout, parkCheckout } from "../../git/worktree.ts";
import type { RunContext } from "../context.ts";
import { poolSize } from "../housekeeping.ts";
import { setUpTree } from "../setup.ts";

/**
 * The trees one settlement judges besides the worker's worktree: the task commit (the
 * isolated gates judge exactly what was committed, never the worktree, whose ignored files —
 * installed tools, caches — the worker could have changed), the integration candidate, and the
 * baselines changes are measured against. Made on first use, prepared as a fresh tree is
 * (setup.ts), and all parked for reuse at the end (git/worktree.ts).
 */
export interface Checkouts {
  /** A checkout of what a change is measured against (the task's base; the target for the candidate), made once per sha. */
  baseline(sha: string): Promise<string>;
  /** A fresh checkout of the task commit; a later call replaces it. */
  task(sha: string): Promise<string>;
  /** A fresh checkout of the candidate; a later call replaces it. */
  candidate(sha: string): Promise<string>;
  dispose(): Promise<void>;
}

/** The checkouts of one settlement, named after `owner` (the task; for the post-run phase, the plan's post-run owner). */
export function createCheckouts(ctx: RunContext, owner: string, signal: AbortSignal): Checkouts {
  const made = new Set<string>();
  const baselines = new Map<string, Promise<string>>();
  const checkout = async (label: string, sha: string) => {
    const dir = await createCheckout(ctx.root, owner, label, sha, ctx.identity);
    made.add(dir);
    await setUpTree(dir, ctx.root, ctx.config, ctx.toolEnv, ctx.confinement, signal);
    return dir;
  };
  return {
    baseline(sha) {
      let dir = baselines.get(sha);
      if (!dir) baselines.set(sha, (dir = checkout(`base-${sha.slice(0, 12)}`, sha)));
      return dir;
    },
    task: (sha) => checkout("task", sha),
    candidate: (sha) => checkout("candidate", sha),
    async dispose() {
      for (const dir of made) await parkCheckout(ctx.root, dir, ctx.identity, poolSize(ctx));
      made.clear();
      baselines.clear();
    },
  };
}
