/** The agent loop with a scripted model (no HTTP) and small real tools. */
import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { defineTool } from "../../src/plugin/api.ts";
import type { RegisteredTool, Registry } from "../../src/plugin/registry.ts";
import type { ToolContext, ToolDef } from "../../src/plugin/types.ts";
import type { ChatReply, ChatRequest } from "../../src/worker/client.ts";
import type { WorkerBody } from "../../src/worker/emit.ts";
import { type LoopSettings, runAgentLoop } from "../../src/worker/loop.ts";
import { toolsForRole } from "../../src/worker/tools.ts";

const echo = defineTool({
  name: "echo",
  description: "Echoes",
  args: v.strictObject({ text: v.string() }),
  roles: ["worker", "researcher"],
  effect: "read",
  run: (args) => ({ ok: true, output: `echo: ${args.text}`, writes: args.text === "w" ? ["w.txt"] : [] }),
});
const edit = defineTool({ name: "edit", description: "Edits", args: v.strictObject({}), roles: ["worker"], effect: "write", run: () => ({ ok: true, output: "edited" }) });
const done = defineTool({
  name: "done",
  description: "Finishes",
  args: v.strictObject({ summary: v.string() }),
  roles: ["worker", "researcher"],
  effect: "read",
  run: (args) => ({ ok: true, output: args.summary }),
});

const registry = { tools: [echo, edit, done].map((def) => ({ def: def as ToolDef, plugin: { def: { name: "t" } }, options: undefined })) } as unknown as Registry;

const calls = (...list: [string, unknown][]): ChatReply => ({
  content: "",
  toolCalls: list.map(([name, args], i) => ({ id: `c${i}`, name, arguments: typeof args === "string" ? args : JSON.stringify(args) })),
  finishReason: "tool_calls",
  usage: null,
});
const say = (content: string, finishReason = "stop"): ChatReply => ({ content, toolCalls: [], finishReason, usage: null });

function harness(replies: ChatReply[], settings: Partial<LoopSettings> = {}) {
  const requests: ChatRequest[] = [];
  const events: WorkerBody[] = [];
  const session = new Map<string, unknown>([["writes", new Set<string>()]]);
  const s: LoopSettings = { role: "worker", model: "m", budget: 50, warnAt: 40, system: "SYSTEM", goal: "GOAL", contextChars: 1_000_000, ...settings };
  const run = runAgentLoop(s, {
    request: async (req) => {
      requests.push(structuredClone(req));
      return replies.shift() ?? say("nothing left", "length");
    },
    table: toolsForRole(registry, s.role === "researcher" ? "researcher" : "worker"),
    contextFor: (_tool: RegisteredTool) => ({}) as ToolContext,
    session,
    emit: (e) => events.push(e),
    diffSummary: async () => " a.txt | 1 +",
  });
  return { run, requests, events, session };
}

const toolContents = (req: ChatRequest) => req.messages.filter((m) => m.role === "tool").map((m) => m.content);

describe("agent loop", () => {
  test("tools run in order; an accepted done ends the loop and skips the calls after it", async () => {
    const h = harness([calls(["echo", { text: "w" }]), calls(["done", { summary: "all done" }], ["echo", { text: "never" }])]);
    expect(await h.run).toEqual({ status: "done", summary: "all done" });
    expect(h.requests).toHaveLength(2);
    expect(toolContents(h.requests[1]!)).toEqual(["echo: w"]);
    expect([...(h.session.get("writes") as Set<string>)]).toEqual(["w.txt"]);
    expect(h.events.filter((e) => e.type === "call").map((e) => (e as { tool: string }).tool)).toEqual(["echo", "done"]);
    const result = h.events.find((e) => e.type === "result")!;
    expect(result).toMatchObject({ tool: "echo", call_id: "c0", role: "worker", turn: 1, index: 1, status: "success", chars: 7, raw_chars: 7, clipped: false, writes: ["w.txt"] });
  });

  test("malformed arguments, unknown tools and tools of another role come back as Error: and the loop goes on", async () => {
    const h = harness([calls(["echo", '{"text": '], ["echo", "[1]"], ["ecko", { text: "x" }], ["echo", { txt: "x" }]), calls(["done", { summary: "ok" }])], { role: "researcher" });
    const table = toolsForRole(registry, "researcher");
    expect(table.byName.has("edit")).toBe(false);
    expect((await h.run).status).toBe("done");
    const [bad, notObject, unknown, wrongKey] = toolContents(h.requests[1]!);
    expect(bad).toStartWith("Error: Tool echo arguments contain invalid JSON");
    expect(notObject).toBe("Error: Tool echo arguments must be a JSON object.");
    expect(unknown).toStartWith("Error: Tool ecko does not exist; did you mean 'echo'? Available tools: echo, done.");
    expect(wrongKey).toStartWith("Error: invalid arguments for echo");
    const kinds = h.events.filter((e) => e.type === "result").map((e) => (e as { error_kind?: string }).error_kind);
    expect(kinds).toEqual(["validation_failed", "validation_failed", "not_found", "validation_failed", undefined]);
  });

  test("a tool of another role is refused as not allowed", async () => {
    const h = harness([calls(["edit", {}]), calls(["done", { summary: "x" }])], { role: "researcher" });
    await h.run;
    expect(toolContents(h.requests[1]!)).toEqual(["Error: Tool edit is not allowed in this worker role."]);
    expect(h.events.find((e) => e.type === "result")).toMatchObject({ error_kind: "policy_blocked" });
  });

  test("one nudge after a text reply; a second text reply fails without calling done", async () => {
    const h = harness([say("I think it's fine."), say("Really fine.")]);
    expect(await h.run).toEqual({ status: "failed", kind: "no_done", message: "Agent stopped without calling 'done'", retryable: false });
    const last = h.requests[1]!.messages.at(-1)!;
    expect(last.role).toBe("user");
    expect(String(last.content)).toContain("You MUST call the `done` tool");
    expect(h.events.filter((e) => e.type === "thought")).toHaveLength(2);
  });

  test("a reply cut off by length is not nudged; it costs an iteration", async () => {
    const h = harness([say("partial", "length"), calls(["done", { summary: "x" }])]);
    expect((await h.run).status).toBe("done");
    expect(h.requests[1]!.messages).toHaveLength(2);
  });

  test("budget 10, warn at 8: finalization at 2 remaining… and done is forced on the last two turns", async () => {
    const h = harness(Array.from({ length: 10 }, () => calls(["echo", { text: "x" }])), { budget: 10, warnAt: 8 });
    const outcome = await h.run;
    expect(outcome).toEqual({ status: "failed", kind: "exhausted", message: "Exceeded max iterations (10). Worktree diff summary at exhaustion:\n a.txt | 1 +", retryable: true });
    expect(h.requests.map((r) => (r.toolChoice === "auto" ? "auto" : r.toolChoice.name))).toEqual([...Array(8).fill("auto"), "done", "done"]);
    const notices = (i: number) => h.requests[i]!.messages.filter((m) => m.role === "user").slice(1).map((m) => String(m.content).split(":")[0]);
    expect(notices(1)).toEqual([]);
    expect(notices(2)).toEqual(["FINALIZATION MODE"]);
    expect(notices(8)).toEqual(["FINALIZATION MODE", "WARNING", "HARD STOP"]);
    expect(notices(9)).toEqual(notices(8));
  });

  test("a researcher that runs out reports the bare limit", async () => {
    const h = harness([calls(["echo", { text: "a" }]), calls(["echo", { text: "b" }])], { role: "researcher", budget: 2, warnAt: 0 });
    expect(await h.run).toMatchObject({ status: "failed", kind: "exhausted", message: "Exceeded max iterations (2)" });
  });

  test("old tool output is trimmed once the conversation outgrows its bound; the latest stays whole", async () => {
    const big = "x".repeat(5_000);
    const replies = [...Array.from({ length: 12 }, () => calls(["echo", { text: big }])), calls(["done", { summary: "ok" }])];
    const h = harness(replies, { contextChars: 30_000 });
    expect((await h.run).status).toBe("done");
    const last = h.requests.at(-1)!;
    const size = last.messages.reduce((n, m) => n + JSON.stringify(m).length, 0);
    // Untrimmed it would be over 120,000; what remains is the bound plus the latest turns, kept whole.
    expect(size).toBeLessThan(50_000);
    const tools = toolContents(last);
    expect(tools[0]).toStartWith("[trimmed:");
    expect(tools.at(-1)).toBe(`echo: ${big}`);
  });
});
