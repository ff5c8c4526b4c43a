import type { Message } from "./client.ts";
import { jsonDepth, MAX_JSON_DEPTH } from "./json-depth.ts";

/** The latest messages are never trimmed: the model needs what it just did. */
const KEEP_RECENT = 8;
const KEEP_ARGUMENT_CHARS = 300;
const TRIMMED_ARGUMENT = /… \[\d+ chars trimmed from history\]$/;

function size(message: Message): number {
  let n = typeof message.content === "string" ? message.content.length : 0;
  if (message.role === "assistant") for (const call of message.tool_calls ?? []) n += call.function.arguments.length + call.function.name.length;
  return n;
}

/** Shortens long string values inside a tool call's JSON arguments, keeping them valid JSON. */
function shrinkArguments(raw: string): string {
  if (jsonDepth(raw) > MAX_JSON_DEPTH) return "{}";
  try {
    const args: unknown = JSON.parse(raw);
    if (!args || typeof args !== "object" || Array.isArray(args)) return raw.length > KEEP_ARGUMENT_CHARS ? "{}" : raw;
    // A value shortened by an earlier pass is left alone, so trimming twice changes nothing.
    const long = (v: unknown): v is string => typeof v === "string" && v.length > KEEP_ARGUMENT_CHARS && !TRIMMED_ARGUMENT.test(v);
    const short = Object.fromEntries(
      Object.entries(args).map(([k, v]) => [k, long(v) ? `${v.slice(0, KEEP_ARGUMENT_CHARS)}… [${v.length - KEEP_ARGUMENT_CHARS} chars trimmed from history]` : v]),
    );
    return JSON.stringify(short);
  } catch {
    return raw.length > KEEP_ARGUMENT_CHARS ? "{}" : raw;
  }
}

/**
 * Keeps the conversation under `limit` characters (dgov-py resent everything until the
 * provider refused the context). Oldest first, outside the latest messages: tool outputs are
 * replaced by a note, then long tool-call arguments are shortened. The system prompt and the
 * task stay whole. Mutates `messages`; returns how many messages were trimmed.
 */
export function trimHistory(messages: Message[], limit: number): number {
  let total = messages.reduce((n, m) => n + size(m), 0);
  let trimmed = 0;
  const end = messages.length - KEEP_RECENT;
  for (let i = 2; i < end && total > limit; i++) {
    const m = messages[i]!;
    const before = size(m);
    if (m.role === "tool" && !m.content.startsWith("[trimmed")) {
      const note = `[trimmed: ${m.content.length} chars of earlier tool output; run the tool again if you still need it]`;
      // A short output stays: the note would make the history longer, not shorter.
      if (note.length >= m.content.length) continue;
      messages[i] = { ...m, content: note };
    } else if (m.role === "assistant" && m.tool_calls?.length) {
      messages[i] = { ...m, tool_calls: m.tool_calls.map((c) => ({ ...c, function: { ...c.function, arguments: shrinkArguments(c.function.arguments) } })) };
    } else continue;
    const after = size(messages[i]!);
    if (after < before) trimmed++;
    total -= before - after;
  }
  return trimmed;
}
