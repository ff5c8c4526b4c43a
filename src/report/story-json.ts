import { usageJson } from "../cli/usage.ts";
import type { GateRunRecord, VerdictRecord } from "./gate-runs.ts";
import { type Failure, type LaunchRecord, type SettlementRecord, workerSeconds } from "./story.ts";
import type { TaskShow } from "./task-show.ts";

/** The `--json` forms of the story records: snake_case, as every other dgov document. */

export function gateJson(r: GateRunRecord) {
  return {
    gate: r.gate, phase: r.phase, level: r.level, status: r.status, duration_ms: Math.round(r.durationMs), reason: r.reason,
    commands: r.commands.map((c) => ({ argv: c.argv, cwd: c.cwd, code: c.code, timed_out: c.timedOut, duration_ms: c.durationMs })),
    findings: r.findings,
  };
}

export const verdictJson = (v: VerdictRecord | null) => (v ? { checks: v.checks, verified: v.verified, unverified: v.unverified } : null);

function settlementJson(s: SettlementRecord) {
  return {
    started_at: s.startedAt,
    phases: s.phases.map((p) => ({ phase: p.phase, status: p.status, duration_s: p.durationS, error: p.error })),
    gates: s.gates.map(gateJson),
    outcome: s.outcome,
    verdict: verdictJson(s.verdict),
  };
}

export function launchJson(l: LaunchRecord) {
  return {
    attempt: l.attempt, kind: l.kind, run: l.run, pane: l.pane, started_at: l.startedAt, ended_at: l.endedAt,
    worker: { status: l.end?.status ?? "running", error: l.end?.error ?? null, duration_s: workerSeconds(l), summary: l.summary, tool_calls: l.toolCalls, errors: l.errors },
    settlement: l.settlement ? settlementJson(l.settlement) : null,
  };
}

export const failureJson = (f: Failure | null) => (f ? { attempt: f.attempt, phase: f.phase, error: f.error, retryable: f.retryable, gates: f.gates.map(gateJson) } : null);

export function showJson(s: TaskShow) {
  return {
    plan: s.plan, task: s.task, state: s.state, label: s.label, attempts: s.attempts, sha: s.sha, error: s.error, duration_s: s.durationS,
    usage: usageJson(s.usage), verdict: verdictJson(s.verdict), worktree: s.worktree, failure: failureJson(s.failure), fix: s.fix,
    launches: s.launches.map(launchJson), next: s.next,
  };
}
