import { constants } from "node:os";

/**
 * The one place dgov starts processes. Always an argv array (no shell string built from
 * data), an explicit cwd and environment, and a timeout that kills the whole process group:
 * every child runs in its own session (setsid), so `kill(-pid)` reaches its descendants too.
 */

export interface ExecOptions {
  cwd: string;
  /** The complete environment of the child; nothing is inherited implicitly. */
  env: Record<string, string | undefined>;
  /** Wall-clock limit; on expiry the process group gets SIGTERM, then SIGKILL after a grace. */
  timeoutMs?: number;
  /** Text written to stdin, which is then closed. Without it stdin is /dev/null. */
  stdin?: string;
  signal?: AbortSignal;
  /** Captured bytes per stream before truncation (default 16 MiB). */
  maxOutputBytes?: number;
  /** Runs the program inside this OS sandbox (see sandbox.ts); without it, as a plain child. */
  sandbox?: Wrapper | null;
}

/** Turns an argv into the argv that runs it confined (`bwrap … -- argv`), from `cwd`. */
export interface Wrapper {
  wrap(argv: readonly string[], cwd: string): string[];
}

export interface ExecResult {
  /** Exit code; 127 when the program was not found, 128+n when killed by signal n. */
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

const KILL_GRACE_MS = 2_000;
/**
 * Output is still read once the program and its process group are gone, but a process that
 * left the group (`setsid`, outside a sandbox) may hold the pipes open: a read that waits
 * longer than DRAIN_IDLE_MS after the exit, or reading past DRAIN_MAX_MS after it, ends the
 * output. What the program wrote before it exited is in the pipe and is always read first.
 */
const DRAIN_IDLE_MS = 500;
const DRAIN_MAX_MS = 5_000;
/** Process groups started here that have not been reaped: what a forced stop must kill. */
const live = new Set<number>();

/** Kills every process group started here that is still running (a forced stop). */
export function killAllGroups(signal: NodeJS.Signals = "SIGKILL"): void {
  for (const pid of live) killGroup(pid, signal);
}

/** Signals a child's whole process group; a group that is already gone is not an error. */
export function killGroup(pid: number, signal: NodeJS.Signals = "SIGKILL"): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group has exited.
  }
}

/**
 * What a child reads on stdin: `text` as a buffer Bun feeds and closes (a child that exits
 * without reading it is not an error), or nothing at all.
 */
function stdinOf(text: string | undefined): "ignore" | Uint8Array {
  return text === undefined ? "ignore" : new TextEncoder().encode(text);
}

/** When the program exited (set once), for the output readers' drain rule. */
interface ExitWatch {
  exited: Promise<void>;
  /** `performance.now()` at the exit; null while it runs. */
  at: number | null;
  markExited(): void;
}

function exitWatch(): ExitWatch {
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

async function readCapped(stream: ReadableStream<Uint8Array>, limit: number, watch: ExitWatch): Promise<string> {
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

function cleanEnv(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/** Runs argv to completion and captures its output. Never throws for a failing program. */
export async function exec(argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  const env = cleanEnv(options.env);
  let child: ReturnType<typeof Bun.spawn<"ignore", "pipe", "pipe">>;
  try {
    child = Bun.spawn(options.sandbox ? options.sandbox.wrap(argv, options.cwd) : [...argv], {
      cwd: options.cwd,
      env,
      stdin: stdinOf(options.stdin),
      stdout: "pipe",
      stderr: "pipe",
      detached: true,
    }) as unknown as typeof child;
  } catch (error) {
    const reason = (error as Error).message;
    return { code: 127, stdout: "", stderr: `${argv[0]}: ${reason}`, timedOut: false, durationMs: 0 };
  }
  const pid = child.pid;
  live.add(pid);
  let timedOut = false;
  const timers: Timer[] = [];
  const stop = () => {
    killGroup(pid, "SIGTERM");
    timers.push(setTimeout(() => killGroup(pid, "SIGKILL"), KILL_GRACE_MS));
  };
  if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
    timers.push(
      setTimeout(() => {
        timedOut = true;
        stop();
      }, options.timeoutMs),
    );
  }
  const onAbort = () => stop();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const limit = options.maxOutputBytes ?? 16 * 1024 * 1024;
  const watch = exitWatch();
  const output = Promise.all([readCapped(child.stdout, limit, watch), readCapped(child.stderr, limit, watch)]);
  const status = await child.exited;
  // Descendants that outlived the leader still belong to the group and may hold the pipes
  // open: end them, so a stray background process can neither hang dgov nor linger.
  killGroup(pid, "SIGKILL");
  live.delete(pid);
  watch.markExited();
  const [stdout, stderr] = await output;
  for (const timer of timers) clearTimeout(timer);
  options.signal?.removeEventListener("abort", onAbort);
  const signal = child.signalCode;
  const code = signal === null ? status : 128 + (typeof signal === "number" ? signal : (signalNumber(signal) ?? 0));
  return { code, stdout, stderr, timedOut, durationMs: performance.now() - started };
}

function signalNumber(name: string): number | undefined {
  return constants.signals[name as NodeJS.Signals];
}

export interface StreamingProcess {
  pid: number;
  /** Output lines as they arrive, stdout and stderr interleaved; ends when both close. */
  lines: AsyncIterable<{ stream: "stdout" | "stderr"; line: string }>;
  /** Exit code (128+n when killed by signal n); the whole group is killed once the leader exits. */
  exited: Promise<number>;
  /** Signals the whole process group. */
  kill(signal?: NodeJS.Signals): void;
}

async function* splitLines(stream: ReadableStream<Uint8Array>, name: "stdout" | "stderr", watch: ExitWatch): AsyncGenerator<{ stream: "stdout" | "stderr"; line: string }> {
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

async function* merge<T>(...sources: AsyncIterable<T>[]): AsyncGenerator<T> {
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

/**
 * Starts a long-running process (a worker) in its own process group, with its output read
 * line by line while it runs. No line-length limit (dgov-py's 64 KiB limit crashed on large
 * tool calls). Throws only when the program cannot be started.
 */
export function spawnStreaming(argv: readonly string[], options: Omit<ExecOptions, "timeoutMs" | "maxOutputBytes">): StreamingProcess {
  const env = cleanEnv(options.env);
  const child = Bun.spawn(options.sandbox ? options.sandbox.wrap(argv, options.cwd) : [...argv], {
    cwd: options.cwd,
    env,
    stdin: stdinOf(options.stdin),
    stdout: "pipe",
    stderr: "pipe",
    detached: true,
  });
  const pid = child.pid;
  live.add(pid);
  const onAbort = () => killGroup(pid, "SIGTERM");
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const watch = exitWatch();
  const exited = child.exited.then((status) => {
    killGroup(pid, "SIGKILL");
    live.delete(pid);
    watch.markExited();
    options.signal?.removeEventListener("abort", onAbort);
    const signal = child.signalCode;
    return signal === null ? status : 128 + (typeof signal === "number" ? signal : (signalNumber(signal) ?? 0));
  });
  return {
    pid,
    lines: merge(splitLines(child.stdout as ReadableStream<Uint8Array>, "stdout", watch), splitLines(child.stderr as ReadableStream<Uint8Array>, "stderr", watch)),
    exited,
    kill: (signal = "SIGTERM") => killGroup(pid, signal),
  };
}
