import OpenAI from "openai";
import type { JsonSchema } from "./json-schema.ts";
import type { ProviderSpec } from "./spec.ts";

/*
 * The one module that speaks to an OpenAI-compatible endpoint (through the `openai` SDK).
 * One call = one HTTP request: retries are the caller's (retry.ts), so they are bounded
 * and reported the same way whatever the SDK would do.
 */

export interface ToolCall {
  id: string;
  name: string;
  /** The raw JSON text the model produced (may be malformed). */
  arguments: string;
}

export type Message =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface ToolSpec {
  type: "function";
  function: { name: string; description: string; parameters: JsonSchema };
}

export interface ChatRequest {
  model: string;
  messages: Message[];
  tools: ToolSpec[];
  /** "auto", or the one tool the model must call now. */
  toolChoice: "auto" | { name: string };
}

export interface ChatReply {
  content: string;
  toolCalls: ToolCall[];
  finishReason: string;
  usage: { prompt_tokens: number; completion_tokens: number } | null;
}

/** A failed request, reduced to what retry decisions need. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly headers: Headers | null,
  ) {
    super(message);
  }
}

export interface ChatClient {
  complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatReply>;
}

function body(request: ChatRequest) {
  return {
    model: request.model,
    messages: request.messages as OpenAI.ChatCompletionMessageParam[],
    ...(request.tools.length ? { tools: request.tools as OpenAI.ChatCompletionTool[] } : {}),
    ...(request.tools.length
      ? { tool_choice: request.toolChoice === "auto" ? ("auto" as const) : { type: "function" as const, function: { name: request.toolChoice.name } } }
      : {}),
  };
}

function fromSdkError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof OpenAI.APIError) {
    const status = typeof error.status === "number" ? error.status : null;
    return new ProviderError(error.message, status, (error.headers as Headers | undefined) ?? null);
  }
  return new ProviderError((error as Error)?.message ?? String(error), null, null);
}

function usageOf(usage: OpenAI.CompletionUsage | null | undefined): ChatReply["usage"] {
  return usage ? { prompt_tokens: usage.prompt_tokens ?? 0, completion_tokens: usage.completion_tokens ?? 0 } : null;
}

/** Assembles a streamed reply: content deltas, and tool calls from fragments by index. */
async function collectStream(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<ChatReply> {
  const reply: ChatReply = { content: "", toolCalls: [], finishReason: "", usage: null };
  const calls = new Map<number, ToolCall>();
  for await (const chunk of stream) {
    if (chunk.usage) reply.usage = usageOf(chunk.usage);
    for (const choice of chunk.choices ?? []) {
      if (choice.delta?.content) reply.content += choice.delta.content;
      for (const fragment of choice.delta?.tool_calls ?? []) {
        const call = calls.get(fragment.index) ?? { id: "", name: "", arguments: "" };
        if (fragment.id) call.id = fragment.id;
        // Assigned, not appended (as the openai SDK does): Fireworks and others resend the
        // whole name with every fragment, which appending turned into `read_fileread_file`.
        if (fragment.function?.name) call.name = fragment.function.name;
        if (fragment.function?.arguments) call.arguments += fragment.function.arguments;
        calls.set(fragment.index, call);
      }
      if (choice.finish_reason) reply.finishReason = choice.finish_reason;
    }
  }
  reply.toolCalls = [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  return reply;
}

function fromCompletion(completion: OpenAI.ChatCompletion): ChatReply {
  const choice = completion.choices?.[0];
  if (!choice?.message) throw new ProviderError("the provider's reply has no choices[0].message", null, null);
  const toolCalls = (choice.message.tool_calls ?? []).flatMap((c) =>
    c.type === "function" ? [{ id: c.id ?? "", name: c.function.name ?? "", arguments: c.function.arguments ?? "" }] : [],
  );
  return { content: choice.message.content ?? "", toolCalls, finishReason: choice.finish_reason ?? "", usage: usageOf(completion.usage) };
}

/** A client for one provider; `apiKey` comes from the provider's `api_key_env`. */
export function createChatClient(provider: ProviderSpec, apiKey: string): ChatClient {
  const sdk = new OpenAI({ baseURL: provider.base_url, apiKey, maxRetries: 0, timeout: provider.request_timeout_s * 1000 });
  return {
    async complete(request, signal) {
      try {
        if (!provider.stream) return fromCompletion(await sdk.chat.completions.create({ ...body(request), stream: false }, { signal }));
        const stream = await sdk.chat.completions.create(
          { ...body(request), stream: true, stream_options: { include_usage: true } },
          { signal },
        );
        return await collectStream(stream);
      } catch (error) {
        throw fromSdkError(error);
      }
    },
  };
}
