/**
 * Scripts for the fake model server: what a scripted model answers, builders for common replies,
 * and the stateless turn selection that maps a request to the entry of its script.
 */

/** One tool call the scripted model makes; a string `arguments` is sent verbatim (may be malformed JSON). */
export interface ScriptedCall {
  name: string;
  arguments: string | Record<string, unknown>;
  id?: string;
}

/** Token counts reported for one reply. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** An assistant message with tool calls (finish_reason "tool_calls"). */
export interface CallTurn {
  calls: ScriptedCall[];
  text?: string;
  usage?: Usage;
}
/** A plain text reply without tool calls. */
export interface TextTurn {
  text: string;
  finish?: "stop" | "length";
  usage?: Usage;
}
/** An HTTP error for the next `times` requests at this turn (default 1); extra `headers` are sent as-is. */
export interface ErrorTurn {
  status: number;
  retryAfter?: string;
  body?: unknown;
  times?: number;
  headers?: Record<string, string>;
}
/** Never answers until the client gives up or the server closes. */
export interface HangTurn {
  hang: true;
}
/** Answers `then` after `delayMs`. */
export interface DelayTurn {
  delayMs: number;
  then: Turn;
}
/** One reply of the model, or one failure of the endpoint. */
export type Turn = CallTurn | TextTurn | ErrorTurn | HangTurn | DelayTurn;

type Content = string | Array<{ type: string; text?: string }> | null;

/** One message of a chat request, as clients send it. */
export interface ChatMessage {
  role: string;
  content?: Content;
  tool_calls?: Array<{ id: string; type: "function"; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
  name?: string;
  [key: string]: unknown;
}

/** The body of `POST /chat/completions`. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: Array<{ type: "function"; function: { name: string; description?: string; parameters?: Record<string, unknown> } }>;
  tool_choice?: "auto" | "none" | "required" | { type: "function"; function: { name: string } };
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

/** A script for the requests whose first user message (or body) matches. */
export interface Conversation {
  /** Which requests belong to this script: a RegExp tested against the text of the FIRST user message, or a predicate on the request body. */
  match: RegExp | ((body: ChatRequest) => boolean);
  turns: Turn[];
  /** What to answer once `turns` is used up (default: a `done` tool call with summary "done"). */
  after?: Turn;
}

/** What the server answers; `script()` replaces all of it. */
export interface ModelServerOptions {
  conversations?: Conversation[];
  /** reply when no conversation matches; default: HTTP 400 with an error naming the first user message */
  fallback?: Turn;
  /** when set, requests without `Authorization: Bearer <requireKey>` get 401 */
  requireKey?: string;
}

/** A single tool call turn; combine several with `calls`. */
export function call(name: string, args: string | Record<string, unknown> = {}, id?: string): CallTurn {
  return { calls: [id === undefined ? { name, arguments: args } : { name, arguments: args, id }] };
}
/** One assistant message carrying the calls of all `turns`, in order. */
export function calls(...turns: CallTurn[]): CallTurn {
  return { calls: turns.flatMap((t) => t.calls) };
}
/** The worker's terminal tool call. */
export function done(summary = "done"): CallTurn {
  return call("done", { summary });
}
/** A `write_file` tool call. */
export function write(path: string, content: string): CallTurn {
  return call("write_file", { path, content });
}
/** A plain text reply. */
export function text(content: string, finish: "stop" | "length" = "stop"): TextTurn {
  return { text: content, finish };
}
/** HTTP 429, optionally with a Retry-After header, for `times` consecutive requests. */
export function rateLimited(retryAfter?: string | number, times = 1): ErrorTurn {
  return retryAfter === undefined ? { status: 429, times } : { status: 429, retryAfter: String(retryAfter), times };
}
/** An HTTP 5xx (or any status) for `times` consecutive requests. */
export function serverError(status = 500, times = 1): ErrorTurn {
  return { status, times };
}
/** A reply that never comes. */
export function hang(): HangTurn {
  return { hang: true };
}
/** `then`, answered after `delayMs`. */
export function delayed(delayMs: number, then: Turn): DelayTurn {
  return { delayMs, then };
}

/** The text of the first user message ("" when there is none). */
export function firstUserText(body: ChatRequest): string {
  const content = body.messages.find((m) => m.role === "user")?.content;
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => part.text ?? "").join("");
}

/** The turn index of a request: how many assistant messages it already carries (retry-safe). */
export function turnIndex(body: ChatRequest): number {
  return body.messages.filter((m) => m.role === "assistant").length;
}

/** How many requests an error entry answers, or null for entries that answer as the model. */
function errorTimes(turn: Turn): number | null {
  if ("status" in turn) return turn.times ?? 1;
  if ("delayMs" in turn) return errorTimes(turn.then);
  return null;
}

/** The error due for the `seen`-th request at a turn whose preceding error entries are `errors`. */
function dueError(errors: Turn[], seen: number): Turn | undefined {
  let left = seen;
  for (const error of errors) {
    const times = errorTimes(error) ?? 1;
    if (left < times) return error;
    left -= times;
  }
  return undefined;
}

/**
 * The entry answering the `seen`-th request (0-based) at assistant-turn `index`: the index-th
 * non-error entry, preceded by the error entries just before it, each given `times` requests.
 */
export function resolveTurn(conversation: Conversation, index: number, seen: number): Turn {
  let answers = 0;
  let errors: Turn[] = [];
  for (const turn of conversation.turns) {
    if (errorTimes(turn) !== null) {
      errors.push(turn);
      continue;
    }
    if (answers === index) return dueError(errors, seen) ?? turn;
    answers += 1;
    errors = [];
  }
  const trailing = answers === index ? dueError(errors, seen) : undefined;
  return trailing ?? conversation.after ?? done();
}

/** The index of the first conversation matching the request, or null. */
export function matchConversation(conversations: Conversation[], body: ChatRequest): number | null {
  const first = firstUserText(body);
  const index = conversations.findIndex((c) => (c.match instanceof RegExp ? first.search(c.match) >= 0 : c.match(body)));
  return index < 0 ? null : index;
}
