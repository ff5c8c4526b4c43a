import { constants } from "node:os";
import { exitWatch, merge, readCapped, splitLines } from "./output.ts";

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
/** Process groups started here that have not been reaped: what a forced stop must kill. */
const live = new Set<number>();

/** Told of every process group started here and of its end (the runner records them). */
export interface GroupListener {
  started(pid: number, argv: readonly string[]): void;
  ended(pid: number): void;
}
let listener: GroupListener | null = null;

/** Sets (or with null clears) the one listener of process groups. */
export function watchGroups(l: GroupListener | null): void {
  listener = l;
}

function groupStarted(pid: number, argv: readonly string[]): void {
  live.add(pid);
  listener?.started(pid, argv);
}

function groupEnded(pid: number): void {
  live.delete(pid);
  listener?.ended(pid);
}

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

function cleanEnv(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/** Starts argv (inside its sandbox, when it has one) in a new session, output piped. Throws when it cannot start. */
function start(argv: readonly string[], options: Omit<ExecOptions, "timeoutMs" | "maxOutputBytes">, keepStdin = false) {
  // Inside a sandbox the wrapper is what starts, so a missing program would come back as the
  // wrapper's own failure (bwrap exits 1), not as 127: look it up first, on the child's PATH.
  const program = argv[0] ?? "";
  if (options.sandbox && !program.includes("/") && Bun.which(program, { PATH: options.env.PATH ?? "", cwd: options.cwd }) === null) throw new Error("not found");
  return Bun.spawn(options.sandbox ? options.sandbox.wrap(argv, options.cwd) : [...argv], {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    stdin: keepStdin ? "pipe" : stdinOf(options.stdin),
    stdout: "pipe",
    stderr: "pipe",
    detached: true,
  }) as Bun.Subprocess<"ignore", "pipe", "pipe">;
}

/** The exit code as a shell reports it: 128 + n when killed by signal n. */
function exitCode(status: number, signal: NodeJS.Signals | number | null): number {
  return signal === null ? status : 128 + (typeof signal === "number" ? signal : (constants.signals[signal] ?? 0));
}

/** Runs argv to completion and captures its output. Never throws for a failing program. */
export async function exec(argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const started = performance.now();
  let child: ReturnType<typeof start>;
  try {
    child = start(argv, options);
  } catch (error) {
    const reason = (error as Error).message;
    return { code: 127, stdout: "", stderr: `${argv[0]}: ${reason}`, timedOut: false, durationMs: 0 };
  }
  const pid = child.pid;
  groupStarted(pid, argv);
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
  groupEnded(pid);
  watch.markExited();
  const [stdout, stderr] = await output;
  for (const timer of timers) clearTimeout(timer);
  options.signal?.removeEventListener("abort", onAbort);
  return { code: exitCode(status, child.signalCode), stdout, stderr, timedOut, durationMs: performance.now() - started };
}

export interface StreamingProcess {
  pid: number;
  /** Output lines as they arrive, stdout and stderr interleaved; ends when both close. */
  lines: AsyncIterable<{ stream: "stdout" | "stderr"; line: string }>;
  /** Exit code (128+n when killed by signal n); the whole group is killed once the leader exits. */
  exited: Promise<number>;
  /** Signals the whole process group. */
  kill(signal?: NodeJS.Signals): void;
  /** With `keepStdin`: writes to the child's stdin, which stays open until it exits. */
  send?(text: string): void;
}

/**
 * Starts a long-running process (a worker) in its own process group, with its output read
 * line by line while it runs. No line-length limit (dgov-py's 64 KiB limit crashed on large
 * tool calls). Throws only when the program cannot be started.
 */
export function spawnStreaming(argv: readonly string[], options: Omit<ExecOptions, "timeoutMs" | "maxOutputBytes"> & { keepStdin?: boolean }): StreamingProcess {
  const child = start(argv, options, options.keepStdin);
  // The first text (the API key) is written at once; later text on send(), while the child lives.
  const input = options.keepStdin ? (child.stdin as unknown as Bun.FileSink) : null;
  let open = input !== null;
  const send = (text: string) => {
    if (!open || !input) return;
    try {
      input.write(text);
      void input.flush();
    } catch {
      open = false;
    }
  };
  if (options.stdin !== undefined) send(options.stdin);
  const pid = child.pid;
  groupStarted(pid, argv);
  const onAbort = () => killGroup(pid, "SIGTERM");
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const watch = exitWatch();
  const exited = child.exited.then((status) => {
    killGroup(pid, "SIGKILL");
    groupEnded(pid);
    watch.markExited();
    options.signal?.removeEventListener("abort", onAbort);
    if (open) {
      open = false;
      void Promise.resolve(input?.end()).catch(() => {});
    }
    return exitCode(status, child.signalCode);
  });
  return {
    pid,
    lines: merge(splitLines(child.stdout, "stdout", watch), splitLines(child.stderr, "stderr", watch)),
    exited,
    kill: (signal = "SIGTERM") => killGroup(pid, signal),
    ...(input ? { send } : {}),
  };
}
