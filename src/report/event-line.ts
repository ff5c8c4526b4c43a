import type { StoredEvent } from "../store/events.ts";
import { gateRunLines } from "./findings.ts";
import { blocked, gateRun, type VerdictRecord } from "./gate-runs.ts";
import { workerLogText } from "./worker-line.ts";

/*
 * Events as lines people read while a run happens (`dgov watch`, `dgov run --stream`): a
 * headline, and for a failure what it says — a failed gate's findings (`file:line: message`,
 * hint), a rejected or failed task's error lines. Read from the event alone, never re-derived.
 */

/** How a line reads: the writer turns it into colours where they are shown. */
export type Mood = "good" | "bad" | "warn" | "plain";

/** What an event says: its headline, the lines under it, and how it reads. */
export interface EventText {
  head: string;
  body: string[];
  mood: Mood;
}

/** The part of an event a description needs (what `onEvent` of a live run gets too). */
export type EventLike = Pick<StoredEvent, "event" | "task" | "data">;

export interface DescribeOptions {
  /** The task's verdict, for `merge_completed`: which checks verified it. */
  verdict?: VerdictRecord;
  /** At most this many lines of each finding's message or error (default 6). */
  maxLines?: number;
}

const str = (x: unknown): string => (typeof x === "string" ? x : x === undefined || x === null ? "" : JSON.stringify(x));

/** The first `max` non-empty lines of a text, the rest counted. */
export function leadingLines(text: string, max: number): string[] {
  const lines = text.replace(/\s+$/, "").split("\n").filter((l) => l.trim() !== "");
  return lines.length > max ? [...lines.slice(0, max), `… ${lines.length - max} more line(s)`] : lines;
}

function withError(head: string, error: unknown, mood: Mood, max: number): EventText {
  const [first = "", ...rest] = leadingLines(str(error), max);
  return { head: head && first ? `${head}: ${first}` : head || first, body: rest, mood };
}

function gateText(e: EventLike, max: number): EventText {
  const r = gateRun({ id: 0, ts: "", plan: null, run: null, pane: null, ...e });
  if (!r) return { head: fieldsText(e.data), body: [], mood: "plain" };
  const [head = "", ...body] = gateRunLines(r, { indent: "", maxMessageLines: max });
  const mood: Mood = blocked(r) ? "bad" : r.status === "fail" ? "warn" : r.status === "pass" ? "good" : "plain";
  return { head: head.split("\n")[0]!, body, mood };
}

/** A phase's end; a failure's details are in its gate's and the rejection's lines, so only its first line here. */
function phaseText(d: Record<string, unknown>): EventText {
  const took = typeof d.duration_s === "number" ? ` in ${d.duration_s.toFixed(1)}s` : "";
  if (d.status === "failed") return { head: `phase ${str(d.phase)} failed${took}: ${leadingLines(str(d.error), 1)[0] ?? ""}`, body: [], mood: "bad" };
  return { head: `phase ${str(d.phase)} passed${took}`, body: [], mood: "plain" };
}

/** The settlement's verdict on a task; its error names the phase and gate already when a gate rejected it. */
function rejectedText(d: Record<string, unknown>, max: number): EventText {
  const error = str(d.error);
  return withError(/^settlement rejected/.test(error) ? "" : `settlement rejected at ${str(d.phase)}`, error, "bad", max);
}

function runStartText(d: Record<string, unknown>): string {
  const tasks = Array.isArray(d.tasks) ? d.tasks.length : 0;
  return `run ${str(d.run)} started: ${tasks} task(s) onto ${str(d.target) || "?"}${d.resume ? " (--continue)" : ""}`;
}

function mergedText(d: Record<string, unknown>, verdict: VerdictRecord | undefined): EventText {
  const sha = str(d.sha).slice(0, 12);
  if (verdict?.unverified) return { head: `merged ${sha} (unverified: ${verdict.unverified})`, body: [], mood: "warn" };
  const checks = verdict?.verified.length ? ` · verified by ${verdict.verified.join(", ")}` : "";
  return { head: `merged ${sha}${checks}`, body: [], mood: "good" };
}

/** The fields of an event no description knows, as `key=value` (first lines). */
function fieldsText(d: Record<string, unknown>): string {
  return Object.entries(d)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${k}=${typeof v === "string" ? v.split("\n")[0] : JSON.stringify(v)}`)
    .join(" ");
}

/** What one event says, for people. */
export function describeEvent(e: EventLike, opts: DescribeOptions = {}): EventText {
  const d = e.data;
  const max = opts.maxLines ?? 6;
  const plain = (head: string, mood: Mood = "plain"): EventText => ({ head, body: [], mood });
  switch (e.event) {
    case "gate_started":
      return plain(`${str(d.gate)} (${str(d.phase)}) started`);
    case "gate_completed":
      return gateText(e, max);
    case "settlement_phase_started":
      return plain(`phase ${str(d.phase)} started`);
    case "settlement_phase_completed":
      return phaseText(d);
    case "task_merge_failed":
      return rejectedText(d, max);
    case "task_failed":
      return withError(`worker failed (${str(d.kind) || "error"}${d.retryable === false ? ", not retryable" : ""})`, d.error, "bad", max);
    case "dispatch_failed":
      return withError("dispatch failed", d.error, "bad", max);
    case "merge_completed":
      return mergedText(d, opts.verdict);
    case "task_abandoned":
      return plain(`abandoned: ${str(d.reason)}`, "warn");
    case "dag_task_dispatching":
      return plain(`dispatching attempt ${str(d.attempt)}${d.inPlace ? " (in place)" : ""}`);
    case "dag_task_dispatched":
      return plain(`worker started (${str(d.pane)})`);
    case "task_done":
      return plain("worker finished");
    case "settlement_started":
      return plain("settlement started");
    case "run_start":
      return plain(runStartText(d));
    case "run_halted":
      return plain(`halted: ${str(d.reason)}`, "warn");
    case "run_completed":
      return plain(`run ${str(d.run_status)}`, d.run_status === "complete" ? "good" : "warn");
    case "worker_log":
      return plain(workerLogText(d), d.log_type === "retry" ? "warn" : d.log_type === "error" ? "bad" : "plain");
    default:
      return plain(fieldsText(d));
  }
}

/** Where each part of a watch line sits, for a writer that colours them. */
export type Part = Mood | "dim" | "name";

export interface EventLinesOptions extends DescribeOptions {
  /** Colours a part (default: none). */
  style?(part: Part, text: string): string;
}

/** A stored event as `dgov watch` prints it: `time  plan  task  event  headline`, then its lines indented. */
export function eventLines(e: StoredEvent, opts: EventLinesOptions = {}): string[] {
  const style = opts.style ?? ((_, t) => t);
  const text = describeEvent(e, opts);
  const head = [style("dim", e.ts.slice(11, 19)), e.plan ?? "-", style("name", e.task ?? "-"), style("dim", e.event), text.head ? style(text.mood, text.head) : ""];
  return [head.filter(Boolean).join("  "), ...text.body.map((l) => `          ${l}`)];
}
