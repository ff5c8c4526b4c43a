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

/** Lines that say what failed, in the output of the test runners and checkers dgov runs. */
const SALIENT = /\b(error|errors|fail|failed|failure|expected|received|assert\w*|panic\w*|traceback|exception|mismatch|not ok|left|right|got|want)\b|^\s*E\s{2,}|✗|×/i;

/**
 * At most `max` lines of a long message, chosen so the failure shows: the headline, then the
 * lines that name what failed (with the line after each), gaps marked `…`.
 */
export function excerpt(lines: readonly string[], max: number): string[] {
  if (lines.length <= max) return [...lines];
  const keep = new Set([0]);
  for (let i = 1; i < lines.length && keep.size < max - 1; i++) {
    if (!SALIENT.test(lines[i]!)) continue;
    keep.add(i);
    if (i + 1 < lines.length && lines[i + 1]!.trim() !== "" && keep.size < max - 1) keep.add(i + 1);
  }
  const out: string[] = [];
  let last = -1;
  for (const i of [...keep].sort((a, b) => a - b)) {
    if (i > last + 1) out.push("…");
    out.push(lines[i]!);
    last = i;
  }
  if (last < lines.length - 1) out.push(`… ${lines.length - 1 - last} more line(s)`);
  return out;
}

/** The lines of one finding. */
export function findingLines(f: FindingRecord, opts: FindingLinesOptions = {}): string[] {
  const indent = opts.indent ?? "  ";
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ""}: ` : "";
  const message = f.message.replace(/\s+$/, "").split("\n");
  const shown = excerpt(message, opts.maxMessageLines ?? message.length);
  const lines = [`${indent}${where}${shown[0] ?? ""}`, ...shown.slice(1).map((l) => `${indent}  ${l}`)];
  if (f.hint) lines.push(`${indent}  hint: ${f.hint}`);
  return lines;
}

/** A gate run's headline: `tests (isolated) failed in 2.1s` and its findings' lines. */
export function gateRunLines(r: GateRunRecord, opts: FindingLinesOptions = {}): string[] {
  const took = r.durationMs ? ` in ${(r.durationMs / 1000).toFixed(r.durationMs < 1000 ? 2 : 1)}s` : "";
  const verb = { pass: "passed", fail: r.level === "warn" ? "failed (warn only)" : "failed", skip: "skipped", error: "errored" }[r.status];
  const head = `${r.gate} (${r.phase}) ${verb}${took}${r.reason && r.status !== "fail" ? `: ${r.reason}` : ""}`;
  return [head, ...r.findings.flatMap((f) => findingLines(f, opts))];
}
