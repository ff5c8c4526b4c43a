import { appendDeployRecord, type DeployRecord, deployTimestamp, readDeployLog } from "../store/deploy-log.ts";
import { git } from "./run.ts";

/*
 * Deploy state that travels with the repository: every commit dgov lands carries trailers
 * naming its plan, task and run, so a teammate's clone or CI sees what landed (the local
 * `.dgov/plans/deployed.jsonl` is gitignored and stays on the machine that ran the plan).
 */

export const PLAN_TRAILER = "Dgov-Plan";
export const TASK_TRAILER = "Dgov-Task";
export const RUN_TRAILER = "Dgov-Run";

/** A landed task's commit message: its subject (the task's commit_message, else its summary), then the trailers. */
export function landedMessage(subject: string, trailers: { plan: string; task: string; run: string }): string {
  return `${subject.trim()}\n\n${PLAN_TRAILER}: ${trailers.plan}\n${TASK_TRAILER}: ${trailers.task}\n${RUN_TRAILER}: ${trailers.run}\n`;
}

const FIELD = "\u001f";
const RECORD = "\u001e";

/**
 * The deploy records the target's history holds: each commit with dgov's trailers, as the
 * record its landing wrote (plan, unit, commit, commit time); oldest first, like the log.
 */
export async function historyRecords(root: string, target: string): Promise<DeployRecord[]> {
  const format = [`%H`, `%(trailers:key=${PLAN_TRAILER},valueonly,separator=%x2C)`, `%(trailers:key=${TASK_TRAILER},valueonly,separator=%x2C)`, `%cI`].join("%x1f") + "%x1e";
  const listed = await git(["log", "--reverse", `--format=${format}`, `--grep=^${TASK_TRAILER}: `, `refs/heads/${target}`, "--"], root);
  if (listed.code !== 0) return [];
  const records: DeployRecord[] = [];
  for (const entry of listed.stdout.split(RECORD)) {
    const [sha, plan, unit, date] = entry.trim().split(FIELD).map((f) => f.trim());
    // One value each: a commit that names two plans or tasks is not one dgov wrote.
    if (!sha || !plan || !unit || !date || plan.includes(",") || unit.includes(",")) continue;
    records.push({ plan, unit, sha, ts: deployTimestamp(Date.parse(date)) });
  }
  return records;
}

/**
 * Brings the local deploy log up to what the target's history says landed: a unit the log has
 * no record of (a fresh clone, CI, another machine ran the plan) gets the record of its latest
 * commit with dgov's trailers. Units the log knows are left as the log has them. Returns the
 * records added.
 */
export async function importDeployHistory(root: string, target: string): Promise<DeployRecord[]> {
  const known = new Set(readDeployLog(root).records.map((r) => `${r.plan}\0${r.unit}`));
  const latest = new Map<string, DeployRecord>();
  for (const r of await historyRecords(root, target)) if (!known.has(`${r.plan}\0${r.unit}`)) latest.set(`${r.plan}\0${r.unit}`, r);
  for (const r of latest.values()) appendDeployRecord(root, r);
  return [...latest.values()];
}
