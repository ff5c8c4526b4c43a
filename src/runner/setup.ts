import type { ResolvedConfig } from "../config/resolve.ts";
import { type Confinement, sandboxedEnv, treeSandbox } from "../exec/confine.ts";
import { exec, type ExecResult } from "../exec/exec.ts";

/**
 * The project's `setup_cmd` in a fresh tree (a task worktree, a settlement checkout), with
 * `bootstrap_timeout`. It runs on the target's code, which tasks changed, so it is sandboxed
 * like the gates, but with the network on: its job is to install dependencies. Null when
 * no setup_cmd is configured.
 */
export function runSetup(dir: string, config: ResolvedConfig, env: Record<string, string>, confinement: Confinement, signal: AbortSignal): Promise<ExecResult> | null {
  const setup = config.project.setup_cmd;
  if (!setup) return null;
  return exec(["sh", "-c", setup], {
    cwd: dir,
    env: { ...env, ...sandboxedEnv(confinement) },
    timeoutMs: config.project.bootstrap_timeout * 1000,
    signal,
    sandbox: treeSandbox(confinement, { network: "on" })(dir),
  });
}

/** A failed setup as an error text naming where it ran. */
export function setupFailure(result: ExecResult, timeoutS: number, where: string): string | null {
  if (result.code === 0) return null;
  return `setup_cmd ${result.timedOut ? `timed out after ${timeoutS}s` : `failed (exit ${result.code})`} in ${where}:\n${(result.stdout + result.stderr).slice(-500)}`;
}
