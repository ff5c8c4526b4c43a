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

const plain = (head: string, mood: Mood = "plain"): EventText => ({ head, body: [], mood });
const retryable = (d: Record<string, unknown>) => (d.retryable === false ? ", not retryable" : "");
const workerMood = (d: Record<string, unknown>): Mood => (d.log_type === "retry" ? "warn" : d.log_type === "error" ? "bad" : "plain");

type Describer = (e: EventLike, max: number, opts: DescribeOptions) => EventText;

/** The events a description knows; any other shows its fields. */
const DESCRIBE: Record<string, Describer> = {
  gate_started: ({ data: d }) => plain(`${str(d.gate)} (${str(d.phase)}) started`),
  gate_completed: (e, max) => gateText(e, max),
  settlement_phase_started: ({ data: d }) => plain(`phase ${str(d.phase)} started`),
  settlement_phase_completed: ({ data: d }) => phaseText(d),
  task_merge_failed: ({ data: d }, max) => rejectedText(d, max),
  task_failed: ({ data: d }, max) => withError(`worker failed (${str(d.kind) || "error"}${retryable(d)})`, d.error, "bad", max),
  dispatch_failed: ({ data: d }, max) => withError(`dispatch failed${retryable(d) ? " (not retryable)" : ""}`, d.error, "bad", max),
  merge_completed: ({ data: d }, _, opts) => mergedText(d, opts.verdict),
  task_abandoned: ({ data: d }) => plain(`abandoned: ${str(d.reason)}`, "warn"),
  dag_task_dispatching: ({ data: d }) => plain(`dispatching attempt ${str(d.attempt)}${d.inPlace ? " (in place)" : ""}`),
  dag_task_dispatched: ({ data: d }) => plain(`worker started (${str(d.pane)})`),
  task_done: () => plain("worker finished"),
  settlement_started: () => plain("settlement started"),
  run_start: ({ data: d }) => plain(runStartText(d)),
  landing: ({ data: d }) => plain(`landing ${str(d.sha).slice(0, 12)}`),
  task_verdict: ({ data: d }) => (typeof d.unverified === "string" ? plain(`unverified: ${d.unverified}`, "warn") : plain(`verified by ${(Array.isArray(d.verified) ? d.verified : []).join(", ")}`, "good")),
  run_halted: ({ data: d }) => plain(`halted: ${str(d.reason)}`, "warn"),
  post_run_failed: ({ data: d }, max) => withError("post-run gates could not run", d.error, "bad", max),
  run_completed: ({ data: d }) => plain(`run ${str(d.run_status)}`, d.run_status === "complete" ? "good" : "warn"),
  worker_log: ({ data: d }) => plain(workerLogText(d), workerMood(d)),
};

/** What one event says, for people. */
export function describeEvent(e: EventLike, opts: DescribeOptions = {}): EventText {
  const describe = Object.hasOwn(DESCRIBE, e.event) ? DESCRIBE[e.event] : undefined;
  return describe ? describe(e, opts.maxLines ?? 6, opts) : plain(fieldsText(e.data));
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

/** One event of a task's debrief (`plan review --events`): `time  event  headline`, then its lines. */
export function eventLine(e: StoredEvent): string {
  const text = describeEvent(e);
  return [[e.ts.slice(11, 19), e.event, text.head].filter(Boolean).join("  "), ...text.body.map((l) => `          ${l}`)].join("\n");
}

/** The events a debrief lists: everything but per-turn telemetry (worker lines, usage, gate starts). */
export const DEBRIEF_NOISE: ReadonlySet<string> = new Set(["worker_log", "llm_usage", "gate_started", "settlement_phase_started"]);
