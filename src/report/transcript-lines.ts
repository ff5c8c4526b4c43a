import type { TranscriptEntry } from "../store/transcripts.ts";
import type { LaunchKind, LaunchRecord } from "./story.ts";

/*
 * `dgov log` as text: each launch's transcript in order — the model's text, every tool call
 * with its arguments (concise) and its result (bounded here; the cut says how much more is
 * stored), provider retries, errors and the done summary.
 */

export interface LogOptions {
  /** Print results and texts whole instead of bounded. */
  full: boolean;
}

/** One launch's transcript. */
export interface LaunchLog {
  attempt: number;
  kind: LaunchKind;
  pane: string;
  run: string;
  entries: TranscriptEntry[];
}

const MAX_LINES = 12;
const MAX_CHARS = 1_500;
const MAX_ARG = 60;
const KIND_LABEL: Record<LaunchKind, string> = { dispatch: "dispatch", retry: "retry in place", fork: "fork (fresh context)" };

/** The transcript split by launch (one pane each), with the kind the event log gives each. */
export function launchLogs(entries: readonly TranscriptEntry[], launches: readonly LaunchRecord[]): LaunchLog[] {
  const kinds = new Map(launches.filter((l) => l.pane).map((l) => [l.pane!, l.kind]));
  const out = new Map<string, LaunchLog>();
  for (const e of entries) {
    let log = out.get(e.pane);
    if (!log) out.set(e.pane, (log = { attempt: e.attempt, kind: kinds.get(e.pane) ?? "dispatch", pane: e.pane, run: e.run, entries: [] }));
    log.entries.push(e);
  }
  return [...out.values()];
}

/** `path="src/a.ts" content="export …" (412 chars)`: every argument, long values cut. */
export function conciseArgs(args: unknown): string {
  if (!args || typeof args !== "object" || Array.isArray(args)) return args === undefined ? "" : JSON.stringify(args);
  return Object.entries(args as Record<string, unknown>)
    .map(([k, v]) => {
      const text = JSON.stringify(v) ?? "null";
      return `${k}=${text.length > MAX_ARG ? `${text.slice(0, MAX_ARG)}…" (${typeof v === "string" ? v.length : text.length} chars)` : text}`;
    })
    .join(" ");
}

/** Text bounded to a few lines, the cut marked with what is left in the store. */
export function bounded(text: string, indent: string, opts: LogOptions): string[] {
  const all = text.replace(/\s+$/, "").split("\n");
  if (opts.full) return all.map((l) => indent + l);
  const lines: string[] = [];
  let chars = 0;
  for (const line of all) {
    if (lines.length >= MAX_LINES || chars + line.length > MAX_CHARS) break;
    lines.push(indent + line);
    chars += line.length + 1;
  }
  if (lines.length === 0 && all[0]) lines.push(`${indent}${all[0].slice(0, MAX_CHARS)}…`);
  const left = text.replace(/\s+$/, "").length - chars;
  if (left > 0) lines.push(`${indent}… ${all.length - lines.length} more line(s), ${left} chars stored (dgov log --full shows them)`);
  return lines;
}

const tag = (kind: string) => kind.padEnd(7);

function resultLines(d: Record<string, unknown>, time: string, opts: LogOptions): string[] {
  const ok = d.status === "success";
  const took = typeof d.duration_ms === "number" ? ` ${Math.round(d.duration_ms)}ms` : "";
  const head = `${time} ${tag("result")} ${d.tool} ${ok ? "ok" : `failed${d.error_kind ? ` (${d.error_kind})` : ""}`}${took}`;
  const lines = [head];
  if (d.clipped === true && typeof d.raw_chars === "number") lines.push(`           [the model received ${d.chars} of ${d.raw_chars} chars: the tool's output was clipped]`);
  if (typeof d.output === "string" && d.output) lines.push(...bounded(d.output, "           │ ", opts));
  return lines;
}

/** One transcript entry. */
export function entryLines(e: TranscriptEntry, opts: LogOptions): string[] {
  const time = e.ts.slice(11, 19);
  const d = e.data;
  switch (e.kind) {
    case "thought": {
      const [first = "", ...rest] = bounded(String(d.text ?? ""), "           ", opts);
      return [`${time} ${tag("model")} ${first.trimStart()}`, ...rest];
    }
    case "call":
      return [`${time} ${tag("call")} ${d.tool} ${conciseArgs(d.args)}`.trimEnd()];
    case "result":
      return resultLines(d, time, opts);
    case "output":
      return [`${time} ${tag("output")} ${d.stream === "stderr" ? "[stderr] " : ""}${d.text ?? ""}`];
    case "retry":
      return [`${time} ${tag("retry")} ${d.status === null ? "connection failed" : `HTTP ${d.status}`} · retry ${d.attempt} in ${d.delay_ms}ms: ${d.reason}`];
    case "error":
      return [`${time} ${tag("error")} ${d.kind}: ${d.message}`];
    case "done":
      return [`${time} ${tag("done")} ${d.summary}`];
    default:
      return [`${time} ${tag(e.kind)} ${JSON.stringify(d)}`];
  }
}

/** The whole of `dgov log`. */
export function logText(plan: string, task: string, logs: readonly LaunchLog[], opts: LogOptions): string {
  const lines = [`${task} — plan ${plan}`];
  for (const l of logs) {
    lines.push("", `attempt ${l.attempt} · ${KIND_LABEL[l.kind]} · run ${l.run} · ${l.pane}`);
    for (const e of l.entries) lines.push(...entryLines(e, opts).map((x) => `  ${x}`));
  }
  if (logs.length === 0) lines.push("", "(no transcript: the task's worker never ran, or this history predates transcripts)");
  return lines.join("\n");
}
