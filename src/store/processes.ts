import { readFileSync } from "node:fs";
import type { Store } from "./db.ts";

/*
 * Process groups a run started (gate and setup commands, workers, the tools of its agents):
 * recorded while they live, so that the next run can stop what a killed one left running.
 * A group is identified by its leader's pid and start time, so a reused pid is never killed.
 */

/** The kernel's start time of a process (`/proc/<pid>/stat` field 22); "" where there is no /proc. */
export function processStart(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

export function recordGroup(store: Store, pid: number, run: string): void {
  store.db.query("INSERT OR REPLACE INTO process_groups (pid, run, started) VALUES (?, ?, ?)").run(pid, run, processStart(pid));
}

export function forgetGroup(store: Store, pid: number): void {
  store.db.query("DELETE FROM process_groups WHERE pid = ?").run(pid);
}

/**
 * The recorded groups of runs other than `live` (a run that is still going keeps its own),
 * whose leader still runs as the same process; every other row is forgotten.
 */
export function orphanGroups(store: Store, live: ReadonlySet<string>): number[] {
  const rows = store.db.query("SELECT pid, run, started FROM process_groups").all() as { pid: number; run: string; started: string }[];
  const orphans: number[] = [];
  for (const row of rows) {
    if (live.has(row.run)) continue;
    const now = processStart(row.pid);
    if (now !== "" && now === row.started) orphans.push(row.pid);
    else forgetGroup(store, row.pid);
  }
  return orphans;
}
