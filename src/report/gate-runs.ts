import type { StoredEvent } from "../store/events.ts";

/*
 * Gate runs and verdicts as the event log holds them (`gate_completed`, `task_verdict`), typed
 * once for every view: the run summary, `status`, `show`, `plan review`, `diagnose`, `watch`.
 * Reports read these records; they never re-run or re-derive a check.
 */

export interface FindingRecord {
  rule: string;
  message: string;
  file?: string;
  line?: number;
  files?: string[];
  hint?: string;
}

export interface CommandRecord {
  argv: string[];
  cwd: string;
  code: number;
  timedOut: boolean;
  durationMs: number;
}

/** One `gate_completed` event. */
export interface GateRunRecord {
  id: number;
  ts: string;
  /** Null for a post-run gate: it judged the run's whole change. */
  task: string | null;
  pane: string | null;
  gate: string;
  phase: string;
  level: string;
  status: "pass" | "fail" | "skip" | "error";
  findings: FindingRecord[];
  /** A skip's reason or an error's message. */
  reason: string | null;
  durationMs: number;
  commands: CommandRecord[];
  details: Record<string, unknown>;
}

/** One `task_verdict` event: which checks ran before the task landed. */
export interface VerdictRecord {
  checks: { gate: string; phase: string; status: string; reason?: string }[];
  verified: string[];
  /** Why no verifying check (tests, typecheck, lint) passed; null when one did. */
  unverified: string | null;
}

const obj = (x: unknown): Record<string, unknown> => (x && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, unknown>) : {});
const str = (x: unknown): string | undefined => (typeof x === "string" ? x : undefined);

function finding(x: unknown): FindingRecord | null {
  const f = obj(x);
  if (typeof f.rule !== "string" || typeof f.message !== "string") return null;
  const line = typeof f.line === "number" ? f.line : undefined;
  const files = Array.isArray(f.files) ? f.files.filter((p): p is string => typeof p === "string") : [];
  return { rule: f.rule, message: f.message, ...(str(f.file) ? { file: str(f.file) } : {}), ...(line ? { line } : {}), ...(files.length ? { files } : {}), ...(str(f.hint) ? { hint: str(f.hint) } : {}) };
}

/** A `gate_completed` event as a record: a task's, or a post-run gate's (no task); null for any other event. */
export function gateRun(e: StoredEvent): GateRunRecord | null {
  if (e.event !== "gate_completed" || (!e.task && e.data.phase !== "post-run")) return null;
  const d = e.data;
  const outcome = obj(d.outcome);
  const status = (str(outcome.status) ?? str(d.status) ?? "error") as GateRunRecord["status"];
  const findings = Array.isArray(outcome.findings) ? outcome.findings.map(finding).filter((f): f is FindingRecord => f !== null) : [];
  return {
    id: e.id, ts: e.ts, task: e.task, pane: e.pane,
    gate: str(d.gate) ?? "?", phase: str(d.phase) ?? "?", level: str(d.level) ?? "block", status, findings,
    reason: str(outcome.reason) ?? str(outcome.error) ?? null,
    durationMs: typeof d.durationMs === "number" ? d.durationMs : 0,
    commands: Array.isArray(d.commands) ? (d.commands as CommandRecord[]) : [],
    details: obj(outcome.details),
  };
}

/** The post-run gates' runs in these events (they judged a run's whole change, no task). */
export function postRunGates(events: readonly StoredEvent[]): GateRunRecord[] {
  return events.filter((e) => !e.task).map(gateRun).filter((r): r is GateRunRecord => r !== null);
}

/** A run that blocked settlement: a failure at block level, or an error (always blocks). */
export const blocked = (r: GateRunRecord): boolean => r.status === "error" || (r.status === "fail" && r.level !== "warn");

/** The latest `task_verdict` of each task in these events. */
export function verdicts(events: readonly StoredEvent[]): Map<string, VerdictRecord> {
  const out = new Map<string, VerdictRecord>();
  for (const e of events) {
    if (e.event !== "task_verdict" || !e.task) continue;
    const d = e.data;
    out.set(e.task, {
      checks: Array.isArray(d.checks) ? (d.checks as VerdictRecord["checks"]) : [],
      verified: Array.isArray(d.verified) ? (d.verified as string[]) : [],
      unverified: str(d.unverified) ?? null,
    });
  }
  return out;
}

/** The label of a merged task no verifying check passed (none did: that is what unverified means). */
export const UNVERIFIED = "merged (unverified: no tests, typecheck or lint passed)";

/** How a task's state reads with its verdict: merged, or merged but unverified. */
export function stateLabel(state: string, verdict: Pick<VerdictRecord, "unverified"> | null | undefined): string {
  return state === "merged" && verdict?.unverified ? UNVERIFIED : state;
}
