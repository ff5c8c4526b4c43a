import * as v from "valibot";
import type { WorkerEmit } from "./emit.ts";
import { jsonDepth, MAX_JSON_DEPTH } from "./json-depth.ts";

/*
 * The worker process protocol: one JSON object per stdout line, each with a sequence number
 * and a timestamp. The built-in `llm` worker speaks it; a `command` worker may (any other line
 * it prints is kept as plain output). The runner reads it; nothing else does.
 */

const base = { seq: v.pipe(v.number(), v.integer(), v.minValue(0)), ts: v.number() };
const str = v.string();
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const ERROR_KINDS = ["api", "auth", "quota", "config", "exhausted", "no_done", "internal"] as const;

const role = v.picklist(["worker", "researcher", "reviewer", "planner"]);
/** Where a tool call sits: its LLM turn (1-based) and position in that turn (1-based). */
const placed = { tool: str, call_id: str, role, turn: count, index: count };

const messageSchema = v.variant("type", [
  v.object({ ...base, type: v.literal("start"), agent: str, model: str, role: str, provider: v.optional(str) }),
  v.object({ ...base, type: v.literal("heartbeat") }),
  /** The tools offered to the model, and those withheld because they cannot work here (and why). */
  v.object({ ...base, type: v.literal("tools"), role, offered: v.array(str), withheld: v.array(v.object({ name: str, reason: str })) }),
  v.object({ ...base, type: v.literal("thought"), text: str }),
  v.object({ ...base, type: v.literal("call"), ...placed, args: v.unknown(), arg_keys: v.optional(v.array(str)) }),
  v.object({
    ...base,
    type: v.literal("result"),
    ...placed,
    status: v.picklist(["success", "failed"]),
    /** Characters the model received (after clipping), and the tool's full output length. */
    chars: count,
    raw_chars: v.optional(count),
    clipped: v.boolean(),
    duration_ms: v.number(),
    error_kind: v.optional(str),
    /** A shell-running tool's exit code (its result ends `EXIT:<code>`): what a person following the run sees. */
    exit_code: v.optional(v.number()),
    /** Files the call created, changed, deleted or reverted (worktree-relative). */
    writes: v.optional(v.array(str)),
    /** What the model received, bounded (the transcript keeps it; `dgov log` shows it). */
    output: v.optional(str),
  }),
  /** One LLM request: its token usage, latency and how many retries it took. */
  v.object({
    ...base,
    type: v.literal("usage"),
    prompt_tokens: count,
    completion_tokens: count,
    model: v.optional(str),
    latency_ms: v.optional(v.number()),
    retries: v.optional(count),
  }),
  /** A provider request failed and will be retried after `delay_ms`. */
  v.object({ ...base, type: v.literal("retry"), status: v.nullable(v.number()), attempt: count, delay_ms: v.number(), reason: str, max_retries: v.optional(count) }),
  v.object({ ...base, type: v.literal("done"), summary: str }),
  /** The interactive planner asks the user; the answer comes back as one line on stdin. */
  v.object({ ...base, type: v.literal("question"), text: str }),
  /** The plan the planner emitted and dgov's compiler accepted (`emit_plan`'s arguments). */
  v.object({ ...base, type: v.literal("plan"), plan: v.record(str, v.unknown()) }),
  v.object({ ...base, type: v.literal("error"), kind: v.picklist(ERROR_KINDS), message: str, retryable: v.boolean() }),
]);

export type WorkerMessage = v.InferOutput<typeof messageSchema>;
export type WorkerErrorKind = (typeof ERROR_KINDS)[number];

/**
 * A protocol message, or null for any other line (plain output of a command worker). A line
 * nested deeper than any message is (arguments are capped at MAX_JSON_DEPTH by the agent) is
 * not one: it stays plain output, never a value that would overflow the stack of its readers.
 */
export function parseWorkerLine(line: string): WorkerMessage | null {
  if (!line.startsWith("{") || jsonDepth(line, MAX_JSON_DEPTH + 8) > MAX_JSON_DEPTH + 8) return null;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = v.safeParse(messageSchema, json);
  return parsed.success ? parsed.output : null;
}

/** The one writer of protocol lines: numbers them and stamps the time. */
export function createProtocolWriter(write: (line: string) => void, now: () => number = Date.now): WorkerEmit {
  let seq = 0;
  return (message) => write(`${JSON.stringify({ seq: seq++, ts: now(), ...message })}\n`);
}
