import { DEMO_SCRIPTS } from "./project.ts";

/*
 * The demo's model: an OpenAI-compatible chat-completions endpoint on 127.0.0.1 that plays
 * a fixed script per task, so `dgov demo` shows a real run — worker processes, tool calls,
 * settlement, merges — with no network and no API key.
 */

interface Request {
  model: string;
  messages: { role: string; content?: unknown }[];
}

/** The task a conversation is about: the `- Task: <id>` line of the system prompt. */
function taskOf(body: Request): string {
  const system = String(body.messages[0]?.content ?? "");
  const id = /^- Task: (.+)$/m.exec(system)?.[1] ?? "";
  return id.slice(id.lastIndexOf(".") + 1);
}

/** A settlement retry's prompt starts by saying the previous attempt was rejected. */
const isRetry = (body: Request) => String(body.messages.find((m) => m.role === "user")?.content ?? "").includes("REJECTED by settlement");

function reply(body: Request) {
  const task = taskOf(body);
  const script = (isRetry(body) ? DEMO_SCRIPTS[`${task}:retry`] : undefined) ?? DEMO_SCRIPTS[task] ?? [[["done", { summary: "Nothing to do in the demo script for this task." }]]];
  const turn = body.messages.filter((m) => m.role === "assistant").length;
  const calls = script[Math.min(turn, script.length - 1)]!;
  return {
    id: `demo-${turn}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        finish_reason: "tool_calls",
        message: {
          role: "assistant",
          content: null,
          tool_calls: calls.map(([name, args], i) => ({ id: `call_${turn}_${i}`, type: "function", function: { name, arguments: JSON.stringify(args) } })),
        },
      },
    ],
    usage: { prompt_tokens: Math.ceil(JSON.stringify(body.messages).length / 4), completion_tokens: 40 },
  };
}

/** Starts the demo model; `url` is the base URL for `[providers.demo]`. */
export function startDemoModel(): { url: string; stop(): void } {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      if (request.method !== "POST" || !new URL(request.url).pathname.endsWith("/chat/completions")) return new Response("not found", { status: 404 });
      return Response.json(reply((await request.json()) as Request));
    },
  });
  return { url: `http://127.0.0.1:${server.port}/v1`, stop: () => void server.stop(true) };
}
