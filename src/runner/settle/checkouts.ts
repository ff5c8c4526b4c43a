import { exec } from "../../exec/exec.ts";
import { createCheckout, removeCheckout } from "../../git/worktree.ts";
import type { LiveTask, RunContext } from "../context.ts";

/**
 * The extra trees one settlement may need: a checkout of the task's base (gates compare with
 * it, e.g. type-check diagnostics that were already there) and of the integration candidate.
 * Made on first use, with the project's setup_cmd run in them, and all removed at the end.
 */
export interface Checkouts {
  /** A checkout of what a change is measured against (the task's base; the target for the candidate), made once per sha. */
  baseline(sha: string): Promise<string>;
  /** A fresh checkout of the candidate; a later call replaces it. */
  candidate(sha: string): Promise<string>;
  dispose(): Promise<void>;
}

export function createCheckouts(ctx: RunContext, task: string, live: LiveTask): Checkouts {
  const made = new Set<string>();
  const baselines = new Map<string, Promise<string>>();
  const setUp = async (dir: string) => {
    const setup = ctx.config.project.setup_cmd;
    if (!setup) return;
    const timeoutS = ctx.config.project.bootstrap_timeout;
    const result = await exec(["sh", "-c", setup], { cwd: dir, env: ctx.toolEnv, timeoutMs: timeoutS * 1000, signal: live.abort.signal });
    if (result.code !== 0) {
      throw new Error(`setup_cmd ${result.timedOut ? `timed out after ${timeoutS}s` : `failed (exit ${result.code})`} in ${dir}:\n${(result.stdout + result.stderr).slice(-500)}`);
    }
  };
  const checkout = async (label: string, sha: string) => {
    const dir = await createCheckout(ctx.root, task, label, sha, ctx.identity);
    made.add(dir);
    await setUp(dir);
    return dir;
  };
  return {
    baseline(sha) {
      let dir = baselines.get(sha);
      if (!dir) baselines.set(sha, (dir = checkout(`base-${sha.slice(0, 12)}`, sha)));
      return dir;
    },
    candidate: (sha) => checkout("candidate", sha),
    async dispose() {
      for (const dir of made) await removeCheckout(ctx.root, dir, ctx.identity);
      made.clear();
      baselines.clear();
    },
  };
}
