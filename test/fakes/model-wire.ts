/**
 * The OpenAI Chat Completions wire format as the fake model server writes it: completion objects,
 * streamed chunks (tool-call arguments deliberately fragmented), and error bodies.
 */
import type { CallTurn, ChatRequest, TextTurn } from "./model-script.ts";

interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** One assistant reply, ready to encode either way. */
export interface Reply {
  id: string;
  created: number;
  model: string;
  content: string | null;
  toolCalls: ToolCall[];
  finish: "stop" | "length" | "tool_calls";
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

const estimate = (chars: number): number => Math.ceil(chars / 4);

/** The reply for a model turn; tool-call ids default to `call_<turn>_<i>`, usage to chars/4 estimates. */
export function toReply(turn: CallTurn | TextTurn, body: ChatRequest, index: number, id: string, created: number): Reply {
  const toolCalls: ToolCall[] =
    "calls" in turn
      ? turn.calls.map((c, i) => ({
          id: c.id ?? `call_${index}_${i}`,
          type: "function",
          function: { name: c.name, arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments) },
        }))
      : [];
  const content = turn.text ?? null;
  const finish = "calls" in turn ? "tool_calls" : (turn.finish ?? "stop");
  const completionChars = (content ?? "").length + toolCalls.reduce((n, c) => n + c.function.name.length + c.function.arguments.length, 0);
  const prompt = turn.usage?.prompt_tokens ?? estimate(JSON.stringify(body.messages).length + JSON.stringify(body.tools ?? []).length);
  const completion = turn.usage?.completion_tokens ?? estimate(completionChars);
  return {
    id,
    created,
    model: body.model,
    content,
    toolCalls,
    finish,
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

/** A non-streaming `chat.completion` object. */
export function completion(reply: Reply): Record<string, unknown> {
  const message: Record<string, unknown> = { role: "assistant", content: reply.content };
  if (reply.toolCalls.length > 0) message.tool_calls = reply.toolCalls;
  return {
    id: reply.id,
    object: "chat.completion",
    created: reply.created,
    model: reply.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.finish }],
    usage: reply.usage,
  };
}

/** `text` in up to `parts` non-empty pieces, so clients must join fragments. */
export function split(text: string, parts = 3): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}

/** The `chat.completion.chunk` objects of a streamed reply, usage last when asked for. */
export function chunks(reply: Reply, includeUsage: boolean): Array<Record<string, unknown>> {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id: reply.id,
    object: "chat.completion.chunk",
    created: reply.created,
    model: reply.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const out = [chunk({ role: "assistant", content: "" })];
  for (const piece of split(reply.content ?? "")) out.push(chunk({ content: piece }));
  reply.toolCalls.forEach((call, index) => {
    const head = { index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } };
    out.push(chunk({ tool_calls: [head] }));
    for (const piece of split(call.function.arguments)) out.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  out.push(chunk({}, reply.finish));
  if (includeUsage) out.push({ ...chunk({}), choices: [], usage: reply.usage } as ReturnType<typeof chunk>);
  return out;
}

/** A `text/event-stream` body sending each chunk as its own event, then `[DONE]`. */
export function eventStream(events: Array<Record<string, unknown>>): ReadableStream<Uint8Array> {
  const lines = [...events.map((e) => `data: ${JSON.stringify(e)}\n\n`), "data: [DONE]\n\n"];
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      const line = lines.shift();
      if (line === undefined) controller.close();
      else controller.enqueue(encoder.encode(line));
    },
  });
}

/** An OpenAI-style error body. */
export function errorBody(status: number, message: string): { error: Record<string, unknown> } {
  const type = status === 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
  const code = status === 429 ? "rate_limit_exceeded" : status === 401 ? "invalid_api_key" : null;
  return { error: { message, type, param: null, code } };
}
