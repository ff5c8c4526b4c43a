import { isAncestor } from "../git/repo.ts";
import { parkWorktree } from "../git/worktree.ts";
import { appendDeployRecord, deployTimestamp, readDeployLog } from "../store/deploy-log.ts";
import { deleteArtifact } from "../store/runtime.ts";
import type { RunContext } from "./context.ts";
import { cleanupFailed } from "./recover.ts";

const KILL_GRACE_MS = 2_000;

/** Checkouts kept parked for reuse: as many as tasks may run at once; none without the sandbox (see git/worktree.ts). */
export const poolSize = (ctx: RunContext) => (ctx.confinement.sandbox ? ctx.config.project.max_parallel : 0);

/**
 * After a crash during landing: did the written-ahead commit reach the target? If so, the
 * deploy record is completed (it may be what the crash cut off) and the task is merged.
 */
export async function verifyLanding(ctx: RunContext, task: string, sha: string): Promise<void> {
  const landed = await isAncestor(ctx.root, sha, `refs/heads/${ctx.target}`);
  if (landed && !readDeployLog(ctx.root, ctx.plan).records.some((r) => r.unit === task && r.sha === sha)) {
    appendDeployRecord(ctx.root, { plan: ctx.plan, unit: task, sha, ts: deployTimestamp(Date.now()) });
  }
  await ctx.post({ type: "landing_verified", task, landed });
}

/**
 * A merged task's branch is removed and its worktree parked for the next task (failed ones
 * stay for inspection). A cleanup that fails is reported and its artifact kept: the next run
 * retries it.
 */
export async function cleanup(ctx: RunContext, task: string): Promise<void> {
  ctx.live.delete(task);
  ctx.ports.free(task);
  try {
    await parkWorktree(ctx.root, task, ctx.identity, poolSize(ctx));
    deleteArtifact(ctx.store, ctx.plan, task);
  } catch (error) {
    cleanupFailed(ctx.store, ctx.plan, task, error);
  }
}

/** Shutdown: stops the task's worker (its process group), or aborts its setup or settlement. */
export function kill(ctx: RunContext, task: string, reason?: string): void {
  const live = ctx.live.get(task);
  if (!live) return;
  if (reason) live.stopReason = reason;
  const worker = live.worker;
  if (worker) {
    live.killed = true;
    worker.kill("SIGTERM");
    setTimeout(() => worker.kill("SIGKILL"), KILL_GRACE_MS).unref();
  } else live.abort.abort();
}
