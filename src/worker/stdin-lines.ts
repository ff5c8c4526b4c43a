/*
 * The agent's stdin as lines: the API key first (`--key-stdin`), then, for an interactive
 * planner, one answer per question. Read lazily: a worker whose stdin is closed after the key
 * reads exactly one line.
 */

export interface LineReader {
  /** The next line (without its newline); null at end of input. */
  next(): Promise<string | null>;
}

export function stdinLines(open: () => ReadableStream<Uint8Array> = () => Bun.stdin.stream()): LineReader {
  let reader: { read(): Promise<{ value?: Uint8Array; done: boolean }> } | null = null;
  const decoder = new TextDecoder();
  let buffered = "";
  let ended = false;
  return {
    async next() {
      for (;;) {
        const nl = buffered.indexOf("\n");
        if (nl >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          return line.replace(/\r$/, "");
        }
        if (ended) {
          const rest = buffered;
          buffered = "";
          return rest === "" ? null : rest;
        }
        const r = (reader ??= open().getReader() as unknown as NonNullable<typeof reader>);
        const { value, done } = await r.read();
        if (done) ended = true;
        else buffered += decoder.decode(value, { stream: true });
      }
    },
  };
}

/** An answer line as the planner sends it: `{"answer": "…"}`, else the line itself (spec workers-llm §6.1). */
export function answerOf(line: string | null): string {
  if (line === null || line.trim() === "") return "(no answer provided)";
  try {
    const value: unknown = JSON.parse(line);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const answer = (value as { answer?: unknown }).answer;
      return answer === undefined ? "(no answer)" : String(answer);
    }
  } catch {
    // Not JSON: the raw line is the answer.
  }
  return line;
}
