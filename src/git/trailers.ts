import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { appendDeployRecord, type DeployRecord, deployLogPath, deployTimestamp, readDeployLog } from "../store/deploy-log.ts";
import { writeFileAtomic } from "../write-file.ts";
import { OBJECT_ID } from "./dirs.ts";
import { branchHead } from "./repo.ts";
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
export async function historyRecords(root: string, target: string, since?: string): Promise<DeployRecord[] | null> {
  const format = [`%H`, `%(trailers:key=${PLAN_TRAILER},valueonly,separator=%x2C)`, `%(trailers:key=${TASK_TRAILER},valueonly,separator=%x2C)`, `%cI`].join("%x1f") + "%x1e";
  const range = since ? `${since}..refs/heads/${target}` : `refs/heads/${target}`;
  const listed = await git(["log", "--reverse", `--format=${format}`, `--grep=^${TASK_TRAILER}: `, range, "--"], root);
  if (listed.code !== 0) return null;
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
  const head = await branchHead(root, target);
  // The last import, while the log still holds what it learnt then.
  const last = readScanned(root, target);
  const since = last && logSize(root) >= last.logSize ? last.head : undefined;
  // Nothing landed since.
  if (head && since === head) return [];
  const known = new Set(readDeployLog(root).records.map((r) => `${r.plan}\0${r.unit}`));
  // Only the commits since the last import's head (git log A..B: history rewritten since is read whole).
  const history = (since ? await historyRecords(root, target, since) : null) ?? (await historyRecords(root, target)) ?? [];
  const latest = new Map<string, DeployRecord>();
  for (const r of history) if (!known.has(`${r.plan}\0${r.unit}`)) latest.set(`${r.plan}\0${r.unit}`, r);
  for (const r of latest.values()) appendDeployRecord(root, r);
  if (head) writeFileAtomic(scannedPath(root), `${JSON.stringify({ target, head, logSize: logSize(root) })}\n`);
  return [...latest.values()];
}

/**
 * Where the last import stopped: the target's head then, and the deploy log's size after it. A
 * log that is shorter now (removed, replaced) may lack what it learnt: history is read whole.
 */
const scannedPath = (root: string) => join(root, ".dgov", "runtime", "deploy-history.json");

const logSize = (root: string) => statSync(deployLogPath(root), { throwIfNoEntry: false })?.size ?? 0;

function readScanned(root: string, target: string): { head: string; logSize: number } | null {
  try {
    const s = JSON.parse(readFileSync(scannedPath(root), "utf8")) as { target?: unknown; head?: unknown; logSize?: unknown };
    return s.target === target && typeof s.head === "string" && OBJECT_ID.test(s.head) && typeof s.logSize === "number" ? { head: s.head, logSize: s.logSize } : null;
  } catch {
    return null;
  }
}
