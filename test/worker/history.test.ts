import { describe, expect, test } from "bun:test";
import type { Message } from "../../src/worker/client.ts";
import { trimHistory } from "../../src/worker/history.ts";

const SYSTEM = "S".repeat(2000);
const GOAL = "G".repeat(1000);

const assistant = (id: string, name: string, args: string): Message => ({
  role: "assistant",
  content: null,
  tool_calls: [{ id, type: "function", function: { name, arguments: args } }],
});
const tool = (id: string, content: string): Message => ({ role: "tool", tool_call_id: id, content });

/** system, goal, then `rounds` pairs of (read_file call, `outputChars` of output). */
function conversation(rounds: number, outputChars = 1000): Message[] {
  const messages: Message[] = [
    { role: "system", content: SYSTEM },
    { role: "user", content: GOAL },
  ];
  for (let i = 0; i < rounds; i++) {
    messages.push(assistant(`c${i}`, "read_file", JSON.stringify({ path: `f${i}.py` })));
    messages.push(tool(`c${i}`, String(i % 10).repeat(outputChars)));
  }
  return messages;
}

const size = (messages: Message[]) =>
  messages.reduce((n, m) => {
    let k = typeof m.content === "string" ? m.content.length : 0;
    if (m.role === "assistant") for (const c of m.tool_calls ?? []) k += c.function.arguments.length + c.function.name.length;
    return n + k;
  }, 0);

const isTrimmed = (m: Message) => m.role === "tool" && m.content.startsWith("[trimmed: 1000 chars of earlier tool output");

describe("trimHistory", () => {
  test("under the limit nothing changes", () => {
    const messages = conversation(10);
    const before = structuredClone(messages);
    expect(trimHistory(messages, size(messages))).toBe(0);
    expect(messages).toEqual(before);
  });

  test("trims the oldest tool outputs first, only until under the limit", () => {
    const messages = conversation(10);
    const total = size(messages);
    const trimmed = trimHistory(messages, total - 1500);
    expect(trimmed).toBe(2);
    expect(messages.map(isTrimmed)).toEqual([false, false, false, true, false, true, ...Array(16).fill(false)]);
    expect((messages[3] as { content: string }).content).toBe("[trimmed: 1000 chars of earlier tool output; run the tool again if you still need it]");
    expect(size(messages)).toBeLessThanOrEqual(total - 1500);
  });

  test("the system prompt, the goal and the latest 8 messages stay whole", () => {
    const messages = conversation(10);
    const original = structuredClone(messages);
    trimHistory(messages, 0);
    expect(messages.slice(0, 2)).toEqual(original.slice(0, 2));
    expect(messages.slice(-8)).toEqual(original.slice(-8));
    // every tool output before the latest 8 messages was replaced
    expect(messages.slice(2, -8).filter((m) => m.role === "tool").every(isTrimmed)).toBe(true);
    expect(messages.length).toBe(original.length);
  });

  test("long tool-call arguments are shortened and stay valid JSON", () => {
    const content = "x".repeat(5000);
    const messages: Message[] = [
      { role: "system", content: SYSTEM },
      { role: "user", content: GOAL },
      assistant("w", "write_file", JSON.stringify({ path: "a.py", content, mode: 1 })),
      tool("w", "OK"),
      ...conversation(4).slice(2),
    ];
    expect(trimHistory(messages, 0)).toBe(1);
    const call = messages[2]!.role === "assistant" ? messages[2]!.tool_calls![0]! : null;
    const args = JSON.parse(call!.function.arguments);
    expect(args.path).toBe("a.py");
    expect(args.mode).toBe(1);
    expect(args.content).toBe(`${"x".repeat(300)}… [4700 chars trimmed from history]`);
    expect(call!.id).toBe("w");
  });

  test("malformed or non-object long arguments become {}; short ones are kept", () => {
    const messages: Message[] = [
      { role: "system", content: SYSTEM },
      { role: "user", content: GOAL },
      assistant("a", "write_file", `{"content": "${"y".repeat(400)}`),
      tool("a", "Error: invalid JSON"),
      assistant("b", "write_file", '{"path": '),
      tool("b", "Error: invalid JSON"),
      assistant("c", "write_file", JSON.stringify("q".repeat(400))),
      tool("c", "Error: arguments must be a JSON object"),
      ...conversation(4).slice(2),
    ];
    trimHistory(messages, 0);
    const args = (i: number) => (messages[i]!.role === "assistant" ? messages[i]!.tool_calls![0]!.function.arguments : null);
    expect(args(2)).toBe("{}");
    expect(args(4)).toBe('{"path": ');
    expect(args(6)).toBe("{}");
  });

  test("short tool outputs are never replaced by a longer note", () => {
    const messages = conversation(10, 5);
    const before = size(messages);
    trimHistory(messages, 0);
    expect(size(messages)).toBeLessThanOrEqual(before);
    expect(messages.slice(2, -8).filter((m) => m.role === "tool").map((m) => m.content)).toEqual(["00000", "11111", "22222", "33333", "44444", "55555"]);
  });

  test("idempotent: a second pass changes nothing, even when still over the limit", () => {
    const messages = conversation(10);
    messages.splice(2, 0, assistant("w", "write_file", JSON.stringify({ path: "a.py", content: "z".repeat(3000) })), tool("w", "OK"));
    trimHistory(messages, 0);
    const once = structuredClone(messages);
    expect(trimHistory(messages, 0)).toBe(0);
    expect(messages).toEqual(once);
  });
});
