/** Event and transcript rows for report tests: a task's history as the runner records it. */
import type { StoredEvent } from "../../src/store/events.ts";
import type { TranscriptEntry, TranscriptKind } from "../../src/store/transcripts.ts";

let id = 0;

/** One event of task `task` (default `t/m.a`), `s` seconds into the run. */
export function ev(event: string, data: Record<string, unknown> = {}, opts: { task?: string; pane?: string | null; s?: number; run?: string } = {}): StoredEvent {
  return { id: ++id, ts: new Date(Date.UTC(2026, 0, 1, 0, 0, opts.s ?? 0)).toISOString(), event, plan: "p", task: opts.task ?? "t/m.a", run: opts.run ?? "r1", pane: opts.pane ?? null, data };
}

export function entry(kind: TranscriptKind, pane: string, data: Record<string, unknown>, attempt = 1): TranscriptEntry {
  return { id: ++id, plan: "p", task: "t/m.a", attempt, run: "r1", pane, ts: "2026-01-01T00:00:00.000Z", kind, data };
}

/** A gate run as `gate_completed` records it. */
export function gate(name: string, phase: string, status: "pass" | "fail" | "skip" | "error", extra: { level?: string; findings?: unknown[]; reason?: string; pane?: string; s?: number; commands?: unknown[] } = {}): StoredEvent {
  const outcome = { status, ...(extra.findings ? { findings: extra.findings } : {}), ...(extra.reason ? { reason: extra.reason } : {}) };
  return ev("gate_completed", { gate: name, phase, level: extra.level ?? "block", outcome, status, durationMs: 120, commands: extra.commands ?? [] }, { pane: extra.pane ?? "p1", s: extra.s ?? 0 });
}
