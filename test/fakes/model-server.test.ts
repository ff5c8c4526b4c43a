import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import OpenAI, { APIConnectionTimeoutError, APIError } from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import {
  type ModelServer,
  type ModelServerOptions,
  call,
  calls,
  delayed,
  done,
  hang,
  rateLimited,
  serverError,
  startModelServer,
  text,
  write,
} from "./model-server.ts";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: ModelServerOptions = {}): Promise<ModelServer> {
  server = await startModelServer(options);
  return server;
}

const client = (s: ModelServer, extra: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) =>
  new OpenAI({ baseURL: s.url, apiKey: "k", maxRetries: 0, ...extra });

/** A conversation so far: the goal, then `assistantTurns` assistant messages each followed by a tool result. */
function history(goal: string, assistantTurns = 0): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: "You are a worker." },
    { role: "user", content: goal },
  ];
  for (let i = 0; i < assistantTurns; i++) {
    const id = `call_${i}_0`;
    messages.push({ role: "assistant", content: null, tool_calls: [{ id, type: "function", function: { name: "read_file", arguments: "{}" } }] });
    messages.push({ role: "tool", tool_call_id: id, content: "ok" });
  }
  return messages;
}

const tools: ChatCompletionTool[] = [
  { type: "function", function: { name: "done", description: "finish", parameters: { type: "object", properties: { summary: { type: "string" } } } } },
];

const ask = (s: ModelServer, goal: string, assistantTurns = 0) =>
  client(s).chat.completions.create({ model: "m-1", messages: history(goal, assistantTurns), tools, tool_choice: "auto" });

/** Streams a request and assembles content and tool calls from the deltas, keeping each call's argument fragments. */
async function stream(s: ModelServer, goal: string, includeUsage = false) {
  const chunks = await client(s).chat.completions.create({
    model: "m-1",
    messages: history(goal),
    stream: true,
    ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
  });
  let content = "";
  let finish: string | null = null;
  let usage: unknown = null;
  const byIndex = new Map<number, { id?: string; name?: string; fragments: string[] }>();
  for await (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) continue;
    content += choice.delta.content ?? "";
    finish = choice.finish_reason ?? finish;
    for (const delta of choice.delta.tool_calls ?? []) {
      const entry = byIndex.get(delta.index) ?? { fragments: [] };
      entry.id ??= delta.id;
      entry.name ??= delta.function?.name;
      if (delta.function?.arguments) entry.fragments.push(delta.function.arguments);
      byIndex.set(delta.index, entry);
    }
  }
  const toolCalls = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, c]) => ({ ...c, arguments: c.fragments.join("") }));
  return { content, finish, usage, toolCalls };
}

describe("fake model server, through the openai client", () => {
  test("non-streaming tool call round trip with default ids, echoed model and usage", async () => {
    const s = await start({ conversations: [{ match: /add a file/, turns: [write("a.txt", "hi\n"), done("all good")] }] });
    const first = await ask(s, "please add a file");
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(first.object).toBe("chat.completion");
    expect(first.model).toBe("m-1");
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    expect(first.choices[0]?.message.tool_calls).toEqual([
      { id: "call_0_0", type: "function", function: { name: "write_file", arguments: JSON.stringify({ path: "a.txt", content: "hi\n" }) } },
    ]);
    expect(first.usage?.prompt_tokens).toBeGreaterThan(0);
    const second = await ask(s, "please add a file", 1);
    const doneCall = second.choices[0]?.message.tool_calls?.[0];
    expect(doneCall?.type === "function" ? JSON.parse(doneCall.function.arguments) : null).toEqual({ summary: "all good" });
    expect(doneCall?.id).toBe("call_1_0");
    // past the end of the script: the default `after`, a done call
    const third = await ask(s, "please add a file", 5);
    expect(third.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: "done", arguments: '{"summary":"done"}' } });
  });

  test("streamed tool calls arrive in fragments that assemble to the scripted arguments", async () => {
    const args = { path: "src/long-name.ts", content: "export const x = 1;\n".repeat(5) };
    const s = await start({ conversations: [{ match: /go/, turns: [{ ...calls(write("src/long-name.ts", args.content), call("done", { summary: "s" }, "my-id")), text: "Writing it now." }] }] });
    const got = await stream(s, "go");
    expect(got.finish).toBe("tool_calls");
    expect(got.content).toBe("Writing it now.");
    expect(got.toolCalls.map((c) => [c.id, c.name])).toEqual([["call_0_0", "write_file"], ["my-id", "done"]]);
    expect(JSON.parse(got.toolCalls[0]?.arguments ?? "")).toEqual(args);
    expect(got.toolCalls[1]?.arguments).toBe('{"summary":"s"}');
    for (const c of got.toolCalls) expect(c.fragments.length).toBeGreaterThanOrEqual(2);
    expect(got.usage).toBeNull();
  });

  test("stream_options.include_usage adds a usage chunk with the scripted counts", async () => {
    const s = await start({ conversations: [{ match: /go/, turns: [{ text: "hello there", usage: { prompt_tokens: 11, completion_tokens: 7 } }] }] });
    const got = await stream(s, "go", true);
    expect(got).toMatchObject({ content: "hello there", finish: "stop", toolCalls: [] });
    expect(got.usage).toEqual({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
  });

  test("plain text with finish length, streamed and not", async () => {
    const s = await start({ conversations: [{ match: /go/, turns: [text("cut off mid", "length")] }] });
    const plain = await ask(s, "go");
    expect(plain.choices[0]?.message.content).toBe("cut off mid");
    expect(plain.choices[0]?.message.tool_calls).toBeUndefined();
    expect(plain.choices[0]?.finish_reason).toBe("length");
    expect(await stream(s, "go")).toMatchObject({ content: "cut off mid", finish: "length" });
  });

  test("malformed arguments are passed through verbatim", async () => {
    const s = await start({ conversations: [{ match: /go/, turns: [call("write_file", '{"path": ')] }] });
    const plain = await ask(s, "go");
    expect(plain.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { arguments: '{"path": ' } });
    expect((await stream(s, "go")).toolCalls[0]?.arguments).toBe('{"path": ');
  });
});

const statusOf = (p: Promise<unknown>) => p.then(() => 200, (e: unknown) => (e instanceof APIError ? e.status : -1));

describe("errors and counting", () => {
  test("429 carries Retry-After to the client; re-sending the same request then succeeds", async () => {
    const s = await start({ conversations: [{ match: /go/, turns: [rateLimited("2"), done()] }] });
    const error = await ask(s, "go").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(429);
    expect((error as APIError).headers?.get("retry-after")).toBe("2");
    const retried = await ask(s, "go");
    expect(retried.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: "done" } });
    expect(s.requests.map((r) => r.turn)).toEqual([0, 0]);
  });

  test("times counts requests at one turn; error entries are not assistant turns; script() resets counters", async () => {
    const conversations = [{ match: /go/, turns: [rateLimited("0", 2), write("a", "b"), serverError(503), done()] }];
    const s = await start({ conversations });
    const statuses = [await statusOf(ask(s, "go")), await statusOf(ask(s, "go"))];
    const third = await ask(s, "go");
    expect(statuses).toEqual([429, 429]);
    expect(third.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: "write_file" } });
    expect(await statusOf(ask(s, "go", 1))).toBe(503);
    expect((await ask(s, "go", 1)).choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: "done" } });
    expect(await statusOf(ask(s, "go"))).toBe(200); // turn 0's errors stay used up
    s.script({ conversations });
    expect(await statusOf(ask(s, "go"))).toBe(429);
  });

  test("500 with an OpenAI-style error body, also when streaming was requested", async () => {
    const s = await start({ conversations: [{ match: /go/, turns: [serverError(500, 2), done()] }] });
    const error = (await ask(s, "go").catch((e: unknown) => e)) as APIError;
    expect(error.status).toBe(500);
    expect(error.error).toMatchObject({ type: "server_error" });
    expect(await statusOf(stream(s, "go"))).toBe(500);
  });

  test("requireKey answers 401 to a wrong key and records the Authorization header", async () => {
    const s = await start({ requireKey: "secret", conversations: [{ match: /go/, turns: [done()] }] });
    expect(await statusOf(ask(s, "go"))).toBe(401);
    const ok = await client(s, { apiKey: "secret" }).chat.completions.create({ model: "m", messages: history("go") });
    expect(ok.choices[0]?.finish_reason).toBe("tool_calls");
    expect(s.requests.map((r) => r.headers.authorization)).toEqual(["Bearer k", "Bearer secret"]);
  });
});

describe("routing, recording and timing", () => {
  test("routes by first user message or predicate; unmatched requests get a 400 naming the message", async () => {
    const s = await start({
      conversations: [
        { match: /^task A/, turns: [done("A")] },
        { match: (body) => body.model === "special", turns: [done("special")] },
        { match: /task B/, turns: [done("B")] },
      ],
    });
    const summary = async (p: Promise<OpenAI.ChatCompletion>) => {
      const c = (await p).choices[0]?.message.tool_calls?.[0];
      return c?.type === "function" ? JSON.parse(c.function.arguments).summary : undefined;
    };
    expect(await summary(ask(s, "task B: the second"))).toBe("B");
    expect(await summary(ask(s, "task A: the first"))).toBe("A");
    expect(await summary(client(s).chat.completions.create({ model: "special", messages: history("x") }))).toBe("special");
    const error = (await ask(s, "nobody scripted this").catch((e: unknown) => e)) as APIError;
    expect(error.status).toBe(400);
    expect(error.message).toContain("nobody scripted this");
    expect(s.requests.map((r) => r.conversation)).toEqual([2, 0, 1, null]);
  });

  test("records the body with tools and tool_choice", async () => {
    const s = await start({ conversations: [{ match: /go/, turns: [done()] }] });
    const forced = { type: "function" as const, function: { name: "done" } };
    await client(s).chat.completions.create({ model: "m-2", messages: history("go", 2), tools, tool_choice: forced });
    const [recorded] = s.requests;
    expect(recorded?.body.tools).toEqual(tools as never);
    expect(recorded?.body.tool_choice).toEqual(forced);
    expect(recorded?.body.messages).toHaveLength(6);
    expect(recorded?.turn).toBe(2);
    expect(recorded?.headers["content-type"]).toContain("application/json");
  });

  test("a delayed reply arrives after the delay", async () => {
    const s = await start({ conversations: [{ match: /go/, turns: [delayed(150, done())] }] });
    const started = performance.now();
    await ask(s, "go");
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  test("a hang times the client out; close() releases a request still hanging", async () => {
    const s = await start({ conversations: [{ match: /go/, turns: [hang()] }] });
    const timedOut = await client(s, { timeout: 200 }).chat.completions.create({ model: "m", messages: history("go") }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(APIConnectionTimeoutError);
    const pending = ask(s, "go").then(() => "answered", () => "failed");
    await Bun.sleep(50);
    await s.close();
    expect(await pending).toBe("failed");
  });

  test("a process with a hanging and a long-delayed request exits promptly after close()", async () => {
    const script = `
      const { startModelServer, hang, delayed, done } = await import(${JSON.stringify(join(import.meta.dir, "model-server.ts"))});
      const s = await startModelServer({ conversations: [{ match: /go/, turns: [hang()] }, { match: /wait/, turns: [delayed(60000, done())] }] });
      const post = (goal) => fetch(s.url + "/chat/completions", { method: "POST", body: JSON.stringify({ model: "m", messages: [{ role: "user", content: goal }] }) })
        .then((r) => r.status, () => "reset");
      const pending = [post("go"), post("wait")];
      await Bun.sleep(50);
      await s.close();
      console.log((await Promise.all(pending)).join(" "));`;
    const proc = Bun.spawn(["bun", "-e", script], { stdout: "pipe", stderr: "pipe" });
    const exited = await Promise.race([proc.exited, Bun.sleep(5000).then(() => "stuck" as const)]);
    if (exited === "stuck") proc.kill();
    expect(exited).toBe(0);
    expect((await new Response(proc.stdout).text()).trim()).toMatch(/^(503|reset) (503|reset)$/);
  });
});
