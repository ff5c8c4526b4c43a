import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { errorMessage } from "../errors.ts";
import { killGroup } from "../exec/exec.ts";
import { git, type GitIdentity } from "../git/run.ts";
import { removeCheckout, removeWorktree, taskFolder, tidyPool, worktreesDir } from "../git/worktree.ts";
import type { KernelState } from "../kernel/types.ts";
import { log } from "../log.ts";
import type { Store } from "../store/db.ts";
import { appendEvent } from "../store/events.ts";
import { forgetGroup, orphanGroups } from "../store/processes.ts";
import { artifacts, deleteArtifact, liveRuns } from "../store/runtime.ts";
import { postRunOwner } from "./settle/post-run.ts";

/*
 * What a run does first, holding its plan's run slot: stop what a killed run left running, and
 * remove what a crash kept its cleanup from removing. Nothing here touches a task that is not
 * finished, nor anything of another plan's live run.
 */

/**
 * Kills the process groups a killed run left behind: its workers (they outlive it: own
 * sessions), and every recorded gate, setup and tool group of a run that is no longer live.
 */
export function killOrphans(store: Store, plan: string): void {
  for (const a of artifacts(store, plan)) if (a.pid) killGroup(a.pid, "SIGKILL");
  const live = new Set(liveRuns(store).map((r) => r.id));
  for (const pid of orphanGroups(store, live)) {
    killGroup(pid, "SIGKILL");
    forgetGroup(store, pid);
  }
}

/** A cleanup that failed is reported (event and warning) and left for the next run to retry. */
export function cleanupFailed(store: Store, plan: string, task: string, error: unknown): void {
  const message = errorMessage(error);
  appendEvent(store, { event: "cleanup_failed", plan, task, data: { error: message } });
  log.warn(`[${task}] cleanup failed, the next run retries it: ${message}`);
}

/**
 * Merged tasks whose cleanup a crash cut off (the deploy log says merged; the worktree, its
 * branch or a settlement checkout is still there) are cleaned as their cleanup would have, and
 * every task's leftover settlement checkouts removed (no settlement of this plan is running).
 */
export async function removeLeftovers(store: Store, root: string, plan: string, state: KernelState, identity: GitIdentity): Promise<void> {
  await tidyPool(root, identity);
  const merged = state.order.filter((id) => state.tasks[id]?.state === "merged");
  const branches = new Set((await git(["for-each-ref", "--format=%(refname:short)", "refs/heads/dgov/"], root)).stdout.split("\n").filter(Boolean));
  const withArtifact = new Set(artifacts(store, plan).map((a) => a.task));
  for (const id of merged) {
    if (!withArtifact.has(id) && !branches.has(`dgov/${id}`)) continue;
    try {
      await removeWorktree(root, id, identity);
      deleteArtifact(store, plan, id);
    } catch (error) {
      cleanupFailed(store, plan, id, error);
    }
  }
  const dir = worktreesDir(root);
  const names = existsSync(dir) ? readdirSync(dir) : [];
  // A killed run's post-run checkouts too.
  for (const id of [...state.order, postRunOwner(plan)]) {
    const prefix = `${taskFolder(id)}.`;
    for (const name of names.filter((n) => n.startsWith(prefix))) await removeCheckout(root, join(dir, name), identity);
  }
}
