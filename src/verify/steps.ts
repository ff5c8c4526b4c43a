import type { VerifyStep } from "../plugin/types.ts";
import type { ExecResult } from "../exec/exec.ts";

/** How long a verify command or step may run unless it says otherwise (dgov-py's 300 s). */
export const VERIFY_TIMEOUT_MS = 300_000;

/** Runs one argv with a timeout: exec/exec.ts from the CLI, a gate's ctx.exec in settlement. */
export type StepExec = (argv: readonly string[], timeoutMs: number) => Promise<ExecResult>;

/** What running a recipe's steps in order came to. */
export interface StepsOutcome {
  /** 0 when every step passed; else the failing step's exit code, or -1 when it timed out. */
  exitCode: number;
  /** The step that failed; null when all passed. */
  failedStep: VerifyStep | null;
  timedOut: boolean;
  /** stdout+stderr of the steps that ran (with `$ argv` lines when asked), for the log file. */
  log: string;
  /** stdout+stderr alone: what warnings are counted in and findings quote. */
  output: string;
  durationMs: number;
}

const quoteArg = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);

/** An argv as a shell-readable line, for logs and messages. */
export function shellLine(argv: readonly string[]): string {
  return argv.map(quoteArg).join(" ");
}

/**
 * Runs steps in order and stops at the first that fails (non-zero exit or timeout). Each
 * step gets its own `timeoutMs`, else VERIFY_TIMEOUT_MS.
 */
export async function runSteps(steps: readonly VerifyStep[], run: StepExec, opts: { headers: boolean }): Promise<StepsOutcome> {
  let log = "";
  let output = "";
  let durationMs = 0;
  for (const step of steps) {
    const timeoutMs = step.timeoutMs ?? VERIFY_TIMEOUT_MS;
    if (opts.headers) log += `$ ${shellLine(step.argv)}\n`;
    const result = await run(step.argv, timeoutMs);
    durationMs += result.durationMs;
    const text = result.stdout + result.stderr;
    output += text;
    log += text;
    if (result.timedOut) {
      log += `\n[verify] ${opts.headers ? `step '${step.id}' ` : ""}timed out after ${timeoutMs / 1000}s\n`;
      return { exitCode: -1, failedStep: step, timedOut: true, log, output, durationMs };
    }
    if (result.code !== 0) return { exitCode: result.code, failedStep: step, timedOut: false, log, output, durationMs };
  }
  return { exitCode: 0, failedStep: null, timedOut: false, log, output, durationMs };
}

/** Lines that mention a warning, case-insensitively (dgov-py's count). */
export function countWarnings(text: string): number {
  return text.split("\n").filter((line) => /warning/i.test(line)).length;
}

const TAIL_LINES = 40;

/** The last lines of a command's output, saying how many were left out (never silently cut). */
export function outputTail(text: string, lines = TAIL_LINES): string {
  const all = text.replace(/\s+$/, "").split("\n");
  if (all.length <= lines) return all.join("\n");
  return [`… (${all.length - lines} earlier lines not shown)`, ...all.slice(-lines)].join("\n");
}
