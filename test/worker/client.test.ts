import { afterEach, describe, expect, test } from "bun:test";
import { type ModelServer, type Turn, call, calls, done, hang, rateLimited, serverError, startModelServer, text, write } from "../fakes/model-server.ts";
import { type ChatRequest, ProviderError, createChatClient } from "../../src/worker/client.ts";
import { isRetryable } from "../../src/worker/retry.ts";
import type { ProviderSpec } from "../../src/worker/spec.ts";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(...turns: Turn[]): Promise<ModelServer> {
  server = await startModelServer({ conversations: [{ match: /^go/, turns }] });
  return server;
}

const provider = (url: string, stream: boolean, extra: Partial<ProviderSpec> = {}): ProviderSpec => ({
  name: "fake",
  base_url: url,
  api_key_env: "FAKE_KEY",
  stream,
  max_retries: 0,
  retry_base_s: 0,
  retry_max_s: 0,
  request_timeout_s: 10,
  ...extra,
});

const tools: ChatRequest["tools"] = [
  { type: "function", function: { name: "write_file", description: "write", parameters: { type: "object", properties: { path: { type: "string" } } } } },
  { type: "function", function: { name: "done", description: "finish", parameters: { type: "object", properties: { summary: { type: "string" } } } } },
];

const request = (toolChoice: ChatRequest["toolChoice"] = "auto"): ChatRequest => ({
  model: "m-1",
  messages: [
    { role: "system", content: "You are a worker." },
    { role: "user", content: "go: do the task" },
  ],
  tools,
  toolChoice,
});

const complete = (s: ModelServer, stream: boolean, req = request(), extra: Partial<ProviderSpec> = {}) =>
  createChatClient(provider(s.url, stream, extra), "sk-test").complete(req);

const failure = (p: Promise<unknown>): Promise<ProviderError> =>
  p.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (e: unknown) => e as ProviderError,
  );

/** A bare SSE endpoint sending `chunks` as they are (shapes the scripted server never produces). */
function rawStream(chunks: unknown[]) {
  const body = [...chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`), "data: [DONE]\n\n"].join("");
  const raw = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(body, { headers: { "content-type": "text/event-stream" } }) });
  return { url: `http://127.0.0.1:${raw.port}/v1`, stop: () => raw.stop(true) };
}

describe("createChatClient replies", () => {
  test("streaming and non-streaming give the same reply: content, calls in order, finish, usage", async () => {
    const content = "export const x = 1;\n".repeat(6);
    const turn = { ...calls(write("src/a.ts", content), call("done", { summary: "ok" }, "my-id")), text: "Writing.", usage: { prompt_tokens: 21, completion_tokens: 9 } };
    const s = await serve(turn);
    const expected = {
      content: "Writing.",
      toolCalls: [
        { id: "call_0_0", name: "write_file", arguments: JSON.stringify({ path: "src/a.ts", content }) },
        { id: "my-id", name: "done", arguments: '{"summary":"ok"}' },
      ],
      finishReason: "tool_calls",
      usage: { prompt_tokens: 21, completion_tokens: 9 },
    };
    expect(await complete(s, false)).toEqual(expected);
    expect(await complete(s, true)).toEqual(expected);
  });

  test("malformed argument JSON is passed through verbatim in both modes", async () => {
    const s = await serve(call("write_file", '{"path": "a.txt", "content": '));
    for (const stream of [false, true]) {
      const reply = await complete(s, stream);
      expect(reply.toolCalls).toEqual([{ id: "call_0_0", name: "write_file", arguments: '{"path": "a.txt", "content": ' }]);
    }
  });

  test("a text reply has no calls; usage is reported in both modes", async () => {
    const s = await serve(text("cut off mid", "length"));
    const plain = await complete(s, false);
    const streamed = await complete(s, true);
    expect(plain).toEqual(streamed);
    expect(plain.content).toBe("cut off mid");
    expect(plain.toolCalls).toEqual([]);
    expect(plain.finishReason).toBe("length");
    expect(plain.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(plain.usage?.completion_tokens).toBe(Math.ceil("cut off mid".length / 4));
  });

  test("a provider resending id, type and name with every fragment (Fireworks) still gives one clean call", async () => {
    const delta = (args: string, finish: string | null = null) => ({
      id: "chatcmpl-1",
      object: "chat.completion.chunk",
      created: 1,
      model: "m-1",
      choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: "call-aa62", type: "function", function: { name: "read_file", arguments: args } }] }, finish_reason: finish }],
    });
    const raw = rawStream([delta(""), delta('{"path":'), delta(' "a.py"}'), { ...delta("", "tool_calls"), choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] }]);
    try {
      const reply = await createChatClient(provider(raw.url, true), "k").complete(request());
      expect(reply.toolCalls).toEqual([{ id: "call-aa62", name: "read_file", arguments: '{"path": "a.py"}' }]);
      expect(reply.finishReason).toBe("tool_calls");
    } finally {
      await raw.stop();
    }
  });
});

describe("request shape", () => {
  test("non-streaming: tools, tool_choice auto, bearer key, no stream options", async () => {
    const s = await serve(done());
    await complete(s, false);
    const [recorded] = s.requests;
    expect(recorded!.headers.authorization).toBe("Bearer sk-test");
    expect(recorded!.body.model).toBe("m-1");
    expect(recorded!.body.tools).toEqual(tools);
    expect(recorded!.body.tool_choice).toBe("auto");
    expect(recorded!.body.stream).toBeFalsy();
    expect(recorded!.body.stream_options).toBeUndefined();
    expect(recorded!.body.messages).toEqual(request().messages);
  });

  test("streaming with a forced tool asks for usage and names the function", async () => {
    const s = await serve(done());
    await complete(s, true, request({ name: "done" }));
    const body = s.requests[0]!.body;
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "done" } });
  });

  test("no tools: neither tools nor tool_choice are sent", async () => {
    const s = await serve(text("hi"));
    await complete(s, false, { ...request(), tools: [] });
    expect(s.requests[0]!.body.tools).toBeUndefined();
    expect(s.requests[0]!.body.tool_choice).toBeUndefined();
  });
});

describe("failures are ProviderErrors, one request each", () => {
  test("429 with Retry-After keeps status and headers", async () => {
    const s = await serve(rateLimited("7"), done());
    for (const stream of [false, true]) {
      s.script({ conversations: [{ match: /^go/, turns: [rateLimited("7"), done()] }] });
      const error = await failure(complete(s, stream));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error.status).toBe(429);
      expect(error.headers?.get("retry-after")).toBe("7");
    }
    expect(s.requests.length).toBe(2);
  });

  test("500 surfaces as status 500 without an SDK retry", async () => {
    const s = await serve(serverError(500, 5), done());
    const error = await failure(complete(s, true));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.status).toBe(500);
    expect(s.requests.length).toBe(1);
  });

  test("a hang past request_timeout_s is a ProviderError with status null", async () => {
    const s = await serve(hang());
    const started = Date.now();
    const error = await failure(complete(s, false, request(), { request_timeout_s: 0.3 }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.status).toBeNull();
    expect(error.headers).toBeNull();
    expect(isRetryable(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("an aborted signal ends the request as a ProviderError with status null", async () => {
    const s = await serve(hang());
    const controller = new AbortController();
    const pending = createChatClient(provider(s.url, true), "k").complete(request(), controller.signal);
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.status).toBeNull();
    expect(error.message.toLowerCase()).toContain("abort");
    expect(isRetryable(error)).toBe(false);
  });
});
