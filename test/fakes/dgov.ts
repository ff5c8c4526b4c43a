/** Runs the compiled binary, as a user would. */
import { join } from "node:path";

export const DGOV_BIN = join(import.meta.dir, "..", "..", "dist", "dgov");

export interface DgovRun {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
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
    code: proc.exitCode ?? -1,
    stdout,
    stderr: proc.stderr.toString(),
    json: <T>() => JSON.parse(stdout) as T,
  };
}
