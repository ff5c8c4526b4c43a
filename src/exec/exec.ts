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

async function readCapped(stream: ReadableStream<Uint8Array>, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let dropped = 0;
  for await (const chunk of stream) {
    if (size + chunk.length <= limit) {
      chunks.push(chunk);
      size += chunk.length;
    } else dropped += chunk.length;
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return dropped > 0 ? `${text}\n… [${dropped} bytes of output dropped]` : text;
}

/** Runs argv to completion and captures its output. Never throws for a failing program. */
export async function exec(argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  const env = Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  let child: ReturnType<typeof Bun.spawn<"ignore", "pipe", "pipe">>;
  try {
    child = Bun.spawn([...argv], {
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
  const output = Promise.all([readCapped(child.stdout, limit), readCapped(child.stderr, limit)]);
  const status = await child.exited;
  // Descendants that outlived the leader still belong to the group and may hold the pipes
  // open: end them, so a stray background process can neither hang dgov nor linger.
  killGroup(pid, "SIGKILL");
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

async function* splitLines(stream: ReadableStream<Uint8Array>, name: "stdout" | "stderr"): AsyncGenerator<{ stream: "stdout" | "stderr"; line: string }> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of stream) {
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
  const env = Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const child = Bun.spawn([...argv], {
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
  const exited = child.exited.then((status) => {
    killGroup(pid, "SIGKILL");
    live.delete(pid);
    options.signal?.removeEventListener("abort", onAbort);
    const signal = child.signalCode;
    return signal === null ? status : 128 + (typeof signal === "number" ? signal : (signalNumber(signal) ?? 0));
  });
  return {
    pid,
    lines: merge(splitLines(child.stdout as ReadableStream<Uint8Array>, "stdout"), splitLines(child.stderr as ReadableStream<Uint8Array>, "stderr")),
    exited,
    kill: (signal = "SIGTERM") => killGroup(pid, signal),
  };
}
