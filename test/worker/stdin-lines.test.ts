import { describe, expect, test } from "bun:test";
import { answerOf, stdinLines } from "../../src/worker/stdin-lines.ts";

/** A stream that delivers `chunks` one read at a time (lines split across chunks, as pipes do). */
const streamOf = (chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(next));
    },
  });

describe("the agent's stdin as lines", () => {
  test("the key first, then one answer per question; lines split across reads; CRLF; the last line without a newline", async () => {
    const input = stdinLines(() => streamOf(["sk-te", "st\n{\"answer\": \"Post", "gres\"}\r\nraw ans", "wer"]));
    expect(await input.next()).toBe("sk-test");
    expect(await input.next()).toBe('{"answer": "Postgres"}');
    expect(await input.next()).toBe("raw answer");
    expect(await input.next()).toBeNull();
  });

  test("nothing is read until a line is asked for", async () => {
    let opened = 0;
    const input = stdinLines(() => (opened++, streamOf(["k\n"])));
    expect(opened).toBe(0);
    expect(await input.next()).toBe("k");
    expect(opened).toBe(1);
  });

  test("answers as the planner protocol sends them", () => {
    expect(answerOf('{"answer": "yes"}')).toBe("yes");
    expect(answerOf('{"other": 1}')).toBe("(no answer)");
    expect(answerOf("just text")).toBe("just text");
    expect(answerOf('"a json string"')).toBe('"a json string"');
    expect(answerOf("")).toBe("(no answer provided)");
    expect(answerOf(null)).toBe("(no answer provided)");
  });
});
