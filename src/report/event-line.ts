import type { StoredEvent } from "../store/events.ts";
import { gateRun } from "./gate-runs.ts";

/*
 * One event as a line for a debrief (`plan review --events`): time, event, and its telling
 * fields; a gate run says its status and duration and the first line of each finding.
 */

const FIELDS = ["attempt", "inPlace", "phase", "status", "gate", "sha", "reason", "error", "run_status", "duration_s"];

function value(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(2);
  return typeof v === "string" ? v.split("\n")[0]! : JSON.stringify(v);
}

/** The line of one event; worker output and tool telemetry are left to `dgov log`. */
export function eventLine(e: StoredEvent): string {
  const head = `${e.ts.slice(11, 19)}  ${e.event}`;
  const run = gateRun(e);
  if (run) {
    const findings = run.findings.map((f) => `${f.file ? `${f.file}: ` : ""}${f.message.split("\n")[0]}`);
    return [`${head}  ${run.gate} (${run.phase}) ${run.status} ${(run.durationMs / 1000).toFixed(2)}s${run.reason ? `: ${run.reason}` : ""}`, ...findings.map((f) => `          ${f}`)].join("\n");
  }
  if (e.event === "worker_log") return `${head}  ${e.data.log_type}`;
  const detail = FIELDS.filter((k) => e.data[k] !== undefined && e.data[k] !== null).map((k) => `${k}=${value(e.data[k])}`);
  return [head, ...detail].join("  ");
}

/** The events a debrief lists: everything but per-turn telemetry (worker lines, usage, gate starts). */
export const DEBRIEF_NOISE: ReadonlySet<string> = new Set(["worker_log", "llm_usage", "gate_started", "settlement_phase_started"]);
