/** Runs the compiled binary, as a user would. */
import { constants } from "node:os";
import { join } from "node:path";

/** The binary under test; `DGOV_BIN` points benches at another build (an A/B against an earlier commit). */
export const DGOV_BIN = process.env.DGOV_BIN || join(import.meta.dir, "..", "..", "dist", "dgov");

export interface DgovRun {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
  /** CPU time (user + system) of the process and every descendant it waited for, in ms (async runs). */
  cpuMs?: number;
}

export function dgov(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): DgovRun {
  const proc = Bun.spawnSync([DGOV_BIN, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const stdout = proc.stdout.toString();
  return {
    // A signal death reads as a shell reports it: 128 + the signal number.
    code: proc.exitCode ?? (proc.signalCode ? 128 + (constants.signals[proc.signalCode as NodeJS.Signals] ?? 0) : -1),
    stdout,
    stderr: proc.stderr.toString(),
    json: <T>() => JSON.parse(stdout) as T,
  };
}

/**
 * Runs the binary without blocking the test process: needed when the test itself serves
 * something the binary calls (the fake model server).
 */
export async function dgovAsync(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; bin?: string } = {}): Promise<DgovRun> {
  const proc = Bun.spawn([opts.bin ?? DGOV_BIN, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  await proc.exited;
  const cpu = proc.resourceUsage()?.cpuTime;
  return {
    code: proc.exitCode ?? (proc.signalCode ? 128 + (constants.signals[proc.signalCode as NodeJS.Signals] ?? 0) : -1),
    stdout,
    stderr,
    json: <T>() => JSON.parse(stdout) as T,
    ...(cpu ? { cpuMs: Number(cpu.user + cpu.system) / 1000 } : {}),
  };
}
