import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { OBJECT_ID } from "../git/dirs.ts";

/** One landed unit: `.dgov/plans/deployed.jsonl`, dgov-py's line format. */
export interface DeployRecord {
  plan: string;
  unit: string;
  sha: string;
  /** UTC, `YYYY-MM-DDTHH:MM:SSZ`. */
  ts: string;
}

export function deployLogPath(root: string): string {
  return join(root, ".dgov", "plans", "deployed.jsonl");
}

/** `2026-11-24T00:51:27Z`: second resolution, as dgov-py writes it. */
export function deployTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Compact JSON with keys in dgov-py's order and non-ASCII escaped (Python's ensure_ascii). */
export function formatDeployRecord(record: DeployRecord): string {
  const json = JSON.stringify({ plan: record.plan, unit: record.unit, sha: record.sha, ts: record.ts });
  return json.replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * The records of one plan (all plans when `plan` is undefined), in file order. Blank and
 * malformed lines are skipped and counted: the log is append-only and may end in a torn line.
 */
export function readDeployLog(root: string, plan?: string): { records: DeployRecord[]; skipped: number } {
  const path = deployLogPath(root);
  if (!existsSync(path)) return { records: [], skipped: 0 };
  const records: DeployRecord[] = [];
  let skipped = 0;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const raw = JSON.parse(line) as Record<string, unknown>;
      const str = (key: string) => (typeof raw[key] === "string" ? (raw[key] as string) : "");
      if (typeof raw !== "object" || raw === null || !str("unit")) throw new Error("not a record");
      const record = { plan: str("plan"), unit: str("unit"), sha: str("sha"), ts: str("ts") };
      if (plan === undefined || record.plan === plan) records.push(record);
    } catch {
      skipped++;
    }
  }
  return { records, skipped };
}

/** How many `inHistory` checks run at once: each is a git process, and a long plan has a record per task. */
const CHECKS_AT_ONCE = 8;

/**
 * The records whose commit is in `inHistory` (the target's history): a line anyone could have
 * appended (a worker without a sandbox, a stale copy) must not make a run skip a task. Each
 * dropped record is reported. `allInHistory` answers for all at once when it can (the usual
 * case: every record holds); else each is asked, at most CHECKS_AT_ONCE together: hundreds of
 * git processes at once would run the machine out of file descriptors, and a failed check
 * drops a record that holds.
 */
export async function verifiedRecords(
  records: readonly DeployRecord[],
  inHistory: (sha: string) => Promise<boolean>,
  allInHistory?: (shas: string[]) => Promise<boolean>,
): Promise<{ records: DeployRecord[]; dropped: DeployRecord[] }> {
  if (allInHistory && records.length > 1 && records.every((r) => OBJECT_ID.test(r.sha)) && (await allInHistory(records.map((r) => r.sha)))) return { records: [...records], dropped: [] };
  const ok: boolean[] = [];
  let next = 0;
  const checker = async () => {
    for (let i = next++; i < records.length; i = next++) ok[i] = OBJECT_ID.test(records[i]!.sha) && (await inHistory(records[i]!.sha));
  };
  await Promise.all(Array.from({ length: Math.min(CHECKS_AT_ONCE, records.length) }, checker));
  return { records: records.filter((_, i) => ok[i]), dropped: records.filter((_, i) => !ok[i]) };
}

/** The latest record of each unit (a re-deploy replaces the earlier one). */
export function latestByUnit(records: readonly DeployRecord[]): Map<string, DeployRecord> {
  return new Map(records.map((r) => [r.unit, r]));
}

/** Appends one record and syncs it to disk before returning: a merge is never unrecorded. */
export function appendDeployRecord(root: string, record: DeployRecord): void {
  const path = deployLogPath(root);
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "a");
  try {
    writeSync(fd, `${formatDeployRecord(record)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
