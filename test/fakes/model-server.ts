/**
 * A real HTTP server on 127.0.0.1 speaking the OpenAI Chat Completions protocol, scripted per test.
 * Agents run in separate processes, so all scripting lives here and turn selection is stateless:
 * a request's turn is the number of assistant messages it carries; only error entries are counted.
 */
import {
  type ChatRequest,
  type ModelServerOptions,
  type Turn,
  firstUserText,
  matchConversation,
  resolveTurn,
  turnIndex,
} from "./model-script.ts";
import { chunks, completion, errorBody, eventStream, toReply } from "./model-wire.ts";

export * from "./model-script.ts";

/** One request as the server saw it; `turn` is its assistant-turn index. */
export interface RecordedRequest {
  body: ChatRequest;
  headers: Record<string, string>;
  conversation: number | null;
  turn: number;
  at: number;
}

/** A running fake endpoint. */
export interface ModelServer {
  /** base URL to put in [providers.x] base_url, ending in /v1 */
  url: string;
  requests: RecordedRequest[];
  /** replace the script (tests that reuse one server); resets the error counters */
  script(options: ModelServerOptions): void;
  /** stops the server; also ends hanging and delayed requests */
  close(): Promise<void>;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  Response.json(body, { status, headers });

const isChatRequest = (body: unknown): body is ChatRequest =>
  typeof body === "object" &&
  body !== null &&
  typeof (body as ChatRequest).model === "string" &&
  Array.isArray((body as ChatRequest).messages) &&
  (body as ChatRequest).messages.every((m) => typeof m === "object" && m !== null && typeof m.role === "string");

/** Starts a fake model server on a free port of 127.0.0.1. */
export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  let current = options;
  let counters = new Map<string, number>();
  let sequence = 0;
  const requests: RecordedRequest[] = [];
  /** Releases every request still waiting (hang or delay), so close() leaves nothing behind. */
  const pending = new Set<() => void>();

  /** Waits `ms` (forever when null) unless the client leaves or the server closes; true if the wait completed. */
  function wait(ms: number | null, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (completed: boolean) => {
        if (timer !== undefined) clearTimeout(timer);
        pending.delete(release);
        signal.removeEventListener("abort", release);
        resolve(completed);
      };
      const release = () => finish(false);
      const timer = ms === null ? undefined : setTimeout(() => finish(true), ms);
      pending.add(release);
      signal.addEventListener("abort", release);
      if (signal.aborted) release();
    });
  }

  async function answer(turn: Turn, body: ChatRequest, index: number, signal: AbortSignal): Promise<Response> {
    if ("hang" in turn) {
      await wait(null, signal);
      return json(503, errorBody(503, "fake model server closed while the request was hanging"));
    }
    if ("delayMs" in turn) {
      if (await wait(turn.delayMs, signal)) return answer(turn.then, body, index, signal);
      return json(503, errorBody(503, "fake model server closed during a delayed reply"));
    }
    if ("status" in turn) {
      const headers: Record<string, string> = { ...turn.headers };
      if (turn.retryAfter !== undefined) headers["retry-after"] = turn.retryAfter;
      return json(turn.status, turn.body ?? errorBody(turn.status, `scripted HTTP ${turn.status}`), headers);
    }
    sequence += 1;
    const reply = toReply(turn, body, index, `chatcmpl-fake-${sequence}`, Math.floor(Date.now() / 1000));
    if (body.stream !== true) return json(200, completion(reply));
    const stream = eventStream(chunks(reply, body.stream_options?.include_usage === true));
    return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
  }

  /** The script entry for a request, counting it against its (conversation, turn) error budget. */
  function select(body: ChatRequest, conversation: number | null, index: number): Turn {
    const script = conversation === null ? undefined : current.conversations?.[conversation];
    if (script === undefined) {
      const message = `no scripted conversation matches the first user message: ${JSON.stringify(firstUserText(body).slice(0, 200))}`;
      return current.fallback ?? { status: 400, body: errorBody(400, message) };
    }
    const key = `${conversation}:${index}`;
    const seen = counters.get(key) ?? 0;
    counters.set(key, seen + 1);
    return resolveTurn(script, index, seen);
  }

  async function handle(req: Request): Promise<Response> {
    const path = new URL(req.url).pathname;
    if (path !== "/v1/chat/completions") return json(404, errorBody(404, `unknown path ${path}`));
    if (req.method !== "POST") return json(405, errorBody(405, `method ${req.method} not allowed`));
    const body: unknown = await req.json().catch(() => undefined);
    if (!isChatRequest(body)) return json(400, errorBody(400, "request body must be JSON with a string model and a messages array"));
    const headers = Object.fromEntries(req.headers.entries());
    const index = turnIndex(body);
    if (current.requireKey !== undefined && headers.authorization !== `Bearer ${current.requireKey}`) {
      requests.push({ body, headers, conversation: null, turn: index, at: Date.now() });
      return json(401, errorBody(401, "Incorrect API key provided"));
    }
    const conversation = matchConversation(current.conversations ?? [], body);
    requests.push({ body, headers, conversation, turn: index, at: Date.now() });
    return answer(select(body, conversation, index), body, index, req.signal);
  }

  // idleTimeout 0: Bun drops connections idle for 10 s by default, and a hang must outlast that.
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, idleTimeout: 0, fetch: handle });
  return {
    url: `http://127.0.0.1:${server.port}/v1`,
    requests,
    script(options) {
      current = options;
      counters = new Map();
    },
    async close() {
      for (const release of [...pending]) release();
      await server.stop(true);
    },
  };
}
