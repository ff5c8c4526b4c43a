import type { Store } from "./db.ts";

/*
 * Each attempt's transcript: what its worker did, in order — the model's text, every tool call
 * and what it returned (as the model received it, bounded), a command worker's output lines,
 * its errors and its summary. `dgov log` and `dgov show` read it; gate runs are events.
 */

export type TranscriptKind = "thought" | "call" | "result" | "output" | "retry" | "error" | "done" | "question" | "plan";

export interface TranscriptEntry {
  id: number;
  plan: string;
  task: string;
  attempt: number;
  run: string;
  pane: string;
  ts: string;
  kind: TranscriptKind;
  data: Record<string, unknown>;
}

export type NewTranscriptEntry = Omit<TranscriptEntry, "id" | "ts">;

export function appendTranscript(store: Store, e: NewTranscriptEntry, now: Date = new Date()): void {
  store.db
    .query("INSERT INTO transcripts (plan, task, attempt, run, pane, ts, kind, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .run(e.plan, e.task, e.attempt, e.run, e.pane, now.toISOString(), e.kind, JSON.stringify(e.data));
}

/** A task's transcript, oldest first: every attempt, or one. */
export function readTranscript(store: Store, plan: string, task: string, attempt?: number): TranscriptEntry[] {
  const rows = (
    attempt === undefined
      ? store.db.query("SELECT * FROM transcripts WHERE plan = ? AND task = ? ORDER BY id").all(plan, task)
      : store.db.query("SELECT * FROM transcripts WHERE plan = ? AND task = ? AND attempt = ? ORDER BY id").all(plan, task, attempt)
  ) as (Omit<TranscriptEntry, "data"> & { data: string })[];
  return rows.map((r) => {
    let data: Record<string, unknown> = {};
    try {
      data = JSON.parse(r.data) as Record<string, unknown>;
    } catch {
      data = { unreadable: r.data };
    }
    return { ...r, data };
  });
}
