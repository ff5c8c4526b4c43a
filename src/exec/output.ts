/*
 * Reading a child's output. What the program wrote before it exited is in the pipe and is
 * always read; after that, a read that waits longer than DRAIN_IDLE_MS, or reading past
 * DRAIN_MAX_MS, ends the output: a process that left the group (`setsid`, outside a sandbox)
 * may hold the pipes open forever.
 */

const DRAIN_IDLE_MS = 500;
const DRAIN_MAX_MS = 5_000;

/** When the program exited (set once), for the output readers' drain rule. */
export interface ExitWatch {
  exited: Promise<void>;
  /** `performance.now()` at the exit; null while it runs. */
  at: number | null;
  markExited(): void;
}

export function exitWatch(): ExitWatch {
  let resolve!: () => void;
  const watch: ExitWatch = {
    exited: new Promise<void>((r) => (resolve = r)),
    at: null,
    markExited() {
      watch.at = performance.now();
      resolve();
    },
  };
  return watch;
}

interface Reader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
  releaseLock(): void;
}
type ReadResult = { done: boolean; value?: Uint8Array };
const CUT = Symbol("cut");

function timeout(ms: number): { done: Promise<typeof CUT>; clear(): void } {
  let timer: Timer | undefined;
  const done = new Promise<typeof CUT>((resolve) => (timer = setTimeout(() => resolve(CUT), Math.max(0, ms))));
  return { done, clear: () => clearTimeout(timer) };
}

/** One read, bounded by the drain rule once the program has exited. */
async function boundedRead(reader: Reader, watch: ExitWatch): Promise<ReadResult | typeof CUT> {
  const read = reader.read();
  const first = await Promise.race([read, watch.exited.then((): typeof CUT => CUT)]);
  if (first !== CUT) return first;
  const left = DRAIN_MAX_MS - (performance.now() - watch.at!);
  const limit = timeout(Math.min(DRAIN_IDLE_MS, left));
  const second = await Promise.race([read, limit.done]);
  limit.clear();
  return second;
}

/** Chunks of a stream until it ends, or until the drain rule cuts it (`cut()` then says so). */
function chunksOf(stream: ReadableStream<Uint8Array>, watch: ExitWatch): { chunks: AsyncGenerator<Uint8Array>; cut(): boolean } {
  let wasCut = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const reader = stream.getReader() as unknown as Reader;
    try {
      for (;;) {
        const result = await boundedRead(reader, watch).catch(() => ({ done: true as const, value: undefined }));
        if (result === CUT) {
          wasCut = true;
          void reader.cancel().catch(() => {});
          return;
        }
        if (result.done || !result.value) return;
        yield result.value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  return { chunks: chunks(), cut: () => wasCut };
}

export async function readCapped(stream: ReadableStream<Uint8Array>, limit: number, watch: ExitWatch): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  let dropped = 0;
  const source = chunksOf(stream, watch);
  for await (const chunk of source.chunks) {
    if (size + chunk.length <= limit) {
      parts.push(chunk);
      size += chunk.length;
    } else dropped += chunk.length;
  }
  const text = Buffer.concat(parts).toString("utf8");
  const cut = source.cut() ? "\n… [output cut: a process that left the command's process group kept it open]" : "";
  return (dropped > 0 ? `${text}\n… [${dropped} bytes of output dropped]` : text) + cut;
}

export async function* splitLines(stream: ReadableStream<Uint8Array>, name: "stdout" | "stderr", watch: ExitWatch): AsyncGenerator<{ stream: "stdout" | "stderr"; line: string }> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of chunksOf(stream, watch).chunks) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf("\n");
    while (newline !== -1) {
      yield { stream: name, line: buffer.slice(0, newline) };
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
    }
  }
  buffer += decoder.decode();
  if (buffer) yield { stream: name, line: buffer };
}

export async function* merge<T>(...sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const pending = new Map(iterators.map((it, i) => [i, it.next().then((r) => ({ i, r }))]));
  while (pending.size > 0) {
    const { i, r } = await Promise.race(pending.values());
    if (r.done) pending.delete(i);
    else {
      pending.set(i, iterators[i]!.next().then((next) => ({ i, r: next })));
      yield r.value;
    }
  }
}

