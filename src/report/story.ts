import type { StoredEvent } from "../store/events.ts";
import type { TranscriptEntry } from "../store/transcripts.ts";
import { blocked, gateRun, type GateRunRecord, type VerdictRecord, verdicts } from "./gate-runs.ts";

/*
 * A task's story as its events tell it: every launch of a worker (a dispatch, an in-place retry
 * after a rejected settlement, a fork with fresh context), how that worker ended, and the
 * settlement that judged its work — phases, gate runs, the outcome. One fold, read by `show`,
 * `plan review`, `diagnose` and `plan remediate`, so they never tell different stories.
 */

export type LaunchKind = "dispatch" | "retry" | "fork";
export type WorkerEnd = "done" | "failed" | "timed_out" | "exhausted" | "dispatch_failed" | "abandoned";

export interface PhaseRecord {
  phase: string;
  status: string;
  durationS: number;
  error: string | null;
}

export type SettlementOutcome =
  | { status: "merged"; sha: string }
  | { status: "rejected"; phase: string; error: string; retryable: boolean }
  | { status: "abandoned"; reason: string };

export interface SettlementRecord {
  startedAt: string;
  phases: PhaseRecord[];
  gates: GateRunRecord[];
  /** Null while it runs (or when a crash cut it off). */
  outcome: SettlementOutcome | null;
  verdict: VerdictRecord | null;
}

/** One worker launch and what followed it. */
export interface LaunchRecord {
  attempt: number;
  kind: LaunchKind;
  run: string | null;
  pane: string | null;
  startedAt: string;
  endedAt: string | null;
  end: { status: WorkerEnd; error: string | null } | null;
  /** The worker's `done` summary (from the transcript). */
  summary: string | null;
  toolCalls: number;
  /** The worker's own errors (transcript `error` entries): kind and message. */
  errors: { kind: string; message: string }[];
  settlement: SettlementRecord | null;
}

const str = (x: unknown): string | null => (typeof x === "string" ? x : null);
const num = (x: unknown): number => (typeof x === "number" && Number.isFinite(x) ? x : 0);

function newLaunch(e: StoredEvent, kind: LaunchKind, attempt: number): LaunchRecord {
  return { attempt, kind, run: e.run, pane: null, startedAt: e.ts, endedAt: null, end: null, summary: null, toolCalls: 0, errors: [], settlement: null };
}

/** The fold's state: the launches so far; the last one is current. */
class Fold {
  readonly launches: LaunchRecord[] = [];
  start(e: StoredEvent, kind: LaunchKind, attempt: number): LaunchRecord {
    const launch = newLaunch(e, kind, attempt);
    this.launches.push(launch);
    return launch;
  }
  /** The current launch; events before any dispatch (a history cut short) get one of their own. */
  current(e: StoredEvent): LaunchRecord {
    return this.launches.at(-1) ?? this.start(e, "dispatch", 1);
  }
  settlement(e: StoredEvent): SettlementRecord {
    const launch = this.current(e);
    launch.settlement ??= { startedAt: e.ts, phases: [], gates: [], outcome: null, verdict: null };
    return launch.settlement;
  }
}

function ended(status: WorkerEnd) {
  return (f: Fold, e: StoredEvent) => {
    const launch = f.current(e);
    launch.end = { status, error: str(e.data.error) ?? str(e.data.reason) };
    launch.endedAt = e.ts;
  };
}

const FAILURE_END: Record<string, WorkerEnd> = { timeout: "timed_out", exhausted: "exhausted" };

const HANDLERS: Record<string, (f: Fold, e: StoredEvent) => void> = {
  dag_task_dispatching: (f, e) => void f.start(e, e.data.inPlace === true ? "retry" : "dispatch", num(e.data.attempt) || 1),
  dag_task_dispatched: (f, e) => void (f.current(e).pane = e.pane ?? str(e.data.pane)),
  worker_log: (f, e) => {
    const launch = f.current(e);
    // A fork continues the attempt in a new process: its first line comes from a new pane.
    if (launch.pane && e.pane && e.pane !== launch.pane) f.start(e, "fork", launch.attempt).pane = e.pane;
    else launch.pane ??= e.pane;
  },
  dispatch_failed: ended("dispatch_failed"),
  task_done: ended("done"),
  task_failed: (f, e) => ended(FAILURE_END[String(e.data.kind)] ?? "failed")(f, e),
  task_abandoned: (f, e) => {
    const s = f.current(e).settlement;
    if (s && !s.outcome) s.outcome = { status: "abandoned", reason: str(e.data.reason) ?? "" };
    else ended("abandoned")(f, e);
  },
  settlement_started: (f, e) => void f.settlement(e),
  settlement_phase_completed: (f, e) =>
    void f.settlement(e).phases.push({ phase: str(e.data.phase) ?? "?", status: str(e.data.status) ?? "?", durationS: num(e.data.duration_s), error: str(e.data.error) }),
  gate_completed: (f, e) => {
    const run = gateRun(e);
    if (run) f.settlement(e).gates.push(run);
  },
  task_merge_failed: (f, e) =>
    void (f.settlement(e).outcome = { status: "rejected", phase: str(e.data.phase) ?? "?", error: str(e.data.error) ?? "", retryable: e.data.retryable === true }),
  merge_completed: (f, e) => void (f.settlement(e).outcome = { status: "merged", sha: str(e.data.sha) ?? "" }),
  task_verdict: (f, e) => void (f.settlement(e).verdict = verdicts([e]).get(e.task!) ?? null),
};

/** What each launch's transcript says: its summary, its tool calls, its errors. */
function attachTranscript(launches: LaunchRecord[], transcript: readonly TranscriptEntry[]): void {
  const byPane = new Map(launches.filter((l) => l.pane).map((l) => [l.pane!, l]));
  for (const entry of transcript) {
    const launch = byPane.get(entry.pane);
    if (!launch) continue;
    if (entry.kind === "done") launch.summary = str(entry.data.summary);
    else if (entry.kind === "call") launch.toolCalls++;
    else if (entry.kind === "error") launch.errors.push({ kind: str(entry.data.kind) ?? "error", message: str(entry.data.message) ?? "" });
  }
}

/** The launches of one task, from its events (in id order) and its transcript. */
export function launches(events: readonly StoredEvent[], transcript: readonly TranscriptEntry[] = []): LaunchRecord[] {
  const fold = new Fold();
  for (const e of events) HANDLERS[e.event]?.(fold, e);
  attachTranscript(fold.launches, transcript);
  return fold.launches;
}

/** Seconds from a launch to its worker's end (null while it runs). */
export function workerSeconds(l: LaunchRecord): number | null {
  return l.endedAt ? (Date.parse(l.endedAt) - Date.parse(l.startedAt)) / 1000 : null;
}

/**
 * How long the task's latest attempt took: from its first launch (retries in place and forks
 * belong to it) to the task's last event. Null before any launch.
 */
export function attemptSeconds(all: readonly LaunchRecord[], events: readonly StoredEvent[]): number | null {
  const last = all.at(-1);
  const first = last && all.find((l) => l.attempt === last.attempt && l.run === last.run);
  const end = events.at(-1);
  return first && end ? (Date.parse(end.ts) - Date.parse(first.startedAt)) / 1000 : null;
}

/** A settlement that rejected the change: where, why, and the gate runs that blocked it. */
export interface Failure {
  attempt: number;
  phase: string;
  error: string;
  retryable: boolean;
  /** The blocking runs (failures at block level, errors); empty when no gate rejected it (e.g. a text conflict). */
  gates: GateRunRecord[];
}

/**
 * The latest rejected settlement of `task` in these events (any events: they are filtered),
 * with its blocking gate runs; `sinceAttempt` ignores earlier attempts. Null when none was
 * rejected. For every view that says why a task did not land (run summary, status, show).
 */
export function lastFailure(events: readonly StoredEvent[], task: string, sinceAttempt = 0): Failure | null {
  const mine = events.filter((e) => e.task === task);
  for (const l of launches(mine).reverse()) {
    if (l.attempt < sinceAttempt) break;
    const o = l.settlement?.outcome;
    if (o?.status === "rejected") return { attempt: l.attempt, phase: o.phase, error: o.error, retryable: o.retryable, gates: l.settlement!.gates.filter(blocked) };
  }
  return null;
}
