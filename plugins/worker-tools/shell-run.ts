/**
 * What every shell-running tool shares: the `[tools.<name>] timeout_s` option and the result
 * text `STDOUT:\n…\nSTDERR:\n…\nEXIT:<code>` (spec workers-llm §3.0.3). A non-zero exit is a
 * normal result; only a timeout is an error.
 */
import type { ExecResult, ToolContext, ToolResult } from "dgov/plugin";
import * as v from "valibot";

/** dgov-py's limit for every shell command. */
export const DEFAULT_TIMEOUT_S = 60;

/** `[tools.<name>]` options of a shell-running tool. */
export const timeoutOptions = v.strictObject({
  timeout_s: v.optional(
    v.pipe(v.number(), v.gtValue(0), v.maxValue(86_400), v.description("Wall-clock limit of each command, in seconds; the whole process group is killed after it.")),
    DEFAULT_TIMEOUT_S,
  ),
});

export type TimeoutOptions = v.InferOutput<typeof timeoutOptions>;

/** The configured limit (options may be absent when a host runs a tool without them). */
export function timeoutOf(ctx: ToolContext<TimeoutOptions>): number {
  return ctx.options?.timeout_s ?? DEFAULT_TIMEOUT_S;
}

export function timedOutError(seconds: number): { ok: false; error: string } {
  return { ok: false, error: `Command timed out after ${seconds}s.` };
}

/** The spec's text for a finished command. */
export function formatShellOutput(result: ExecResult): string {
  return `STDOUT:\n${result.stdout}\nSTDERR:\n${result.stderr}\nEXIT:${result.code}`;
}

/** A finished command as a tool result: its output text, or the timeout error. */
export function shellResult(result: ExecResult, seconds: number): ToolResult {
  return result.timedOut ? timedOutError(seconds) : { ok: true, output: formatShellOutput(result) };
}

/** Runs a command line the project or the model wrote (`sh -c` in the worktree, sandboxed). */
export async function runLine(ctx: ToolContext<TimeoutOptions>, line: string): Promise<{ exec: ExecResult; result: ToolResult }> {
  const seconds = timeoutOf(ctx);
  const exec = await ctx.shell(line, { timeoutMs: seconds * 1000 });
  return { exec, result: shellResult(exec, seconds) };
}

/** Runs an argv (a program dgov calls with the model's values as plain arguments). */
export async function runArgv(ctx: ToolContext<TimeoutOptions>, argv: string[]): Promise<{ exec: ExecResult; result: ToolResult }> {
  const seconds = timeoutOf(ctx);
  const exec = await ctx.exec(argv, { timeoutMs: seconds * 1000 });
  return { exec, result: shellResult(exec, seconds) };
}
