import type { FindingRecord, GateRunRecord } from "./gate-runs.ts";

/*
 * Findings as people read them: `file:line: message` then the hint, the message's own lines
 * kept (a test failure's assertion lines are in it), bounded so a summary stays a summary.
 */

export interface FindingLinesOptions {
  /** At most this many lines per finding's message (default: all). */
  maxMessageLines?: number;
  /** Prefix of every line (default two spaces). */
  indent?: string;
}

/** The lines of one finding. */
export function findingLines(f: FindingRecord, opts: FindingLinesOptions = {}): string[] {
  const indent = opts.indent ?? "  ";
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ""}: ` : "";
  const message = f.message.replace(/\s+$/, "").split("\n");
  const max = opts.maxMessageLines ?? message.length;
  const shown = message.slice(0, max);
  if (message.length > max) shown.push(`… ${message.length - max} more line(s)`);
  const lines = [`${indent}${where}${shown[0] ?? ""}`, ...shown.slice(1).map((l) => `${indent}  ${l}`)];
  if (f.hint) lines.push(`${indent}  hint: ${f.hint}`);
  return lines;
}

/** A gate run's headline: `tests (isolated) failed in 2.1s` and its findings' lines. */
export function gateRunLines(r: GateRunRecord, opts: FindingLinesOptions = {}): string[] {
  const took = r.durationMs ? ` in ${(r.durationMs / 1000).toFixed(1)}s` : "";
  const verb = { pass: "passed", fail: r.level === "warn" ? "failed (warn only)" : "failed", skip: "skipped", error: "errored" }[r.status];
  const head = `${r.gate} (${r.phase}) ${verb}${took}${r.reason && r.status !== "fail" ? `: ${r.reason}` : ""}`;
  return [head, ...r.findings.flatMap((f) => findingLines(f, opts))];
}
