import * as v from "valibot";

/*
 * The worker process protocol: one JSON object per stdout line, each with a sequence number
 * and a timestamp. The built-in `llm` worker speaks it; a `command` worker may (any other line
 * it prints is kept as plain output). The runner reads it; nothing else does.
 */

const base = { seq: v.pipe(v.number(), v.integer(), v.minValue(0)), ts: v.number() };
const str = v.string();
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const ERROR_KINDS = ["api", "auth", "quota", "config", "exhausted", "no_done", "internal"] as const;

const messageSchema = v.variant("type", [
  v.object({ ...base, type: v.literal("start"), agent: str, model: str, role: str }),
  v.object({ ...base, type: v.literal("heartbeat") }),
  v.object({ ...base, type: v.literal("thought"), text: str }),
  v.object({ ...base, type: v.literal("call"), tool: str, args: v.unknown(), call_id: str, turn: count, index: count }),
  v.object({
    ...base,
    type: v.literal("result"),
    tool: str,
    call_id: str,
    status: v.picklist(["success", "failed"]),
    chars: count,
    clipped: v.boolean(),
    duration_ms: v.number(),
    error_kind: v.optional(str),
    writes: v.optional(v.array(str)),
  }),
  v.object({ ...base, type: v.literal("usage"), prompt_tokens: count, completion_tokens: count, model: v.optional(str) }),
  v.object({ ...base, type: v.literal("done"), summary: str }),
  v.object({ ...base, type: v.literal("error"), kind: v.picklist(ERROR_KINDS), message: str, retryable: v.boolean() }),
]);

export type WorkerMessage = v.InferOutput<typeof messageSchema>;
export type WorkerErrorKind = (typeof ERROR_KINDS)[number];

/** A protocol message, or null for any other line (plain output of a command worker). */
export function parseWorkerLine(line: string): WorkerMessage | null {
  if (!line.startsWith("{")) return null;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = v.safeParse(messageSchema, json);
  return parsed.success ? parsed.output : null;
}

type Body = WorkerMessage extends infer M ? (M extends WorkerMessage ? Omit<M, "seq" | "ts"> : never) : never;

/** The one writer of protocol lines: numbers them and stamps the time. */
export function createProtocolWriter(write: (line: string) => void, now: () => number = Date.now): (message: Body) => void {
  let seq = 0;
  return (message) => write(`${JSON.stringify({ seq: seq++, ts: now(), ...message })}\n`);
}
