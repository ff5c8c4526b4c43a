import { relative } from "node:path";
import type { RunStatus } from "../kernel/types.ts";
import { errorMessage } from "../errors.ts";
import type { GitIdentity } from "../git/run.ts";
import { log } from "../log.ts";
import { type AutoArchive, archiveAfterRun, isDurablePlanDir } from "../plan/archive.ts";
import { appendRunsLog } from "../store/runs-log.ts";

/** What a finished run's summary says about it, as after-run bookkeeping needs it. */
export interface FinishedRun {
  root: string;
  dir: string;
  plan: string;
  run: string;
  target: string;
  identity: GitIdentity;
  status: RunStatus;
  durationS: number;
  halted: string | null;
  only: boolean;
  /** `[project] archive_completed`. */
  archive: boolean;
  tasks: { id: string; state: string; error: string | null; unverified?: string | null }[];
  tokens: { prompt: number; completion: number };
}

/**
 * After a run: its block in `.dgov/runs.log`, then — a complete run of a plan under
 * .dgov/plans/ whose every task landed, not an `--only` run — the plan archived (spec
 * core-engine §2.13 steps 4–5) by a commit on the target. Returns the archive, if any.
 */
export async function afterRun(r: FinishedRun): Promise<AutoArchive | { error: string } | null> {
  const failed = appendRunsLog(r.root, {
    at: new Date(), plan: r.plan, dir: relative(r.root, r.dir) || ".", run: r.run, status: r.status, durationS: r.durationS, halted: r.halted,
    tasks: r.tasks, promptTokens: r.tokens.prompt, completionTokens: r.tokens.completion,
  });
  if (failed) log.warn(`could not append to .dgov/runs.log: ${failed}`);
  if (!r.archive || r.status !== "complete" || r.only || !isDurablePlanDir(r.root, r.dir) || !r.tasks.every((t) => t.state === "merged")) return null;
  try {
    const archived = await archiveAfterRun(r.root, r.dir, r.target, r.identity);
    if (archived.commit) log.info(`Archived plan '${r.plan}' to ${archived.to} (commit ${archived.commit.slice(0, 8)} on ${r.target})${archived.note ? `; ${archived.note}` : ""}`);
    else log.warn(`plan '${r.plan}' was not archived: ${archived.note}`);
    return archived;
  } catch (error) {
    log.warn(`plan '${r.plan}' was not archived: ${errorMessage(error)}`);
    return { error: errorMessage(error) };
  }
}
