import type { ExecResult, Finding, GateContext, GateInput } from "dgov/plugin";

/** Characters a shell never interprets: such a word stays unquoted, so command lines read plainly. */
const SAFE_WORD = /^[\w@%+=:,./-]+$/;

/** POSIX shell quoting (as Python's `shlex.quote`): any path survives `sh -c` unchanged. */
export function shellQuote(word: string): string {
  return word !== "" && SAFE_WORD.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** Does the configured command line use `{name}`? */
export function hasPlaceholder(line: string, name: string): boolean {
  return line.includes(`{${name}}`);
}

/** Replaces every `{name}` of `names` with the paths, each shell-quoted, space-joined. */
export function fillPaths(line: string, names: readonly string[], paths: readonly string[]): string {
  const quoted = paths.map(shellQuote).join(" ");
  // split/join, not replace: a `$` in a path must not be read as a replacement pattern.
  return names.reduce((text, name) => text.split(`{${name}}`).join(quoted), line);
}

/** A configured command that is blank means "not configured". */
export const configured = (line: string | null | undefined): line is string => !!line?.trim();

/** The settlement timeout (`[project] settlement_timeout`, seconds) in milliseconds. */
export const settlementMs = (input: GateInput): number => input.config.project.settlement_timeout * 1000;

/** Runs a user-configured command line through the shell, in the judged tree unless `cwd` says otherwise. */
export function runLine(ctx: GateContext, line: string, timeoutMs: number, cwd?: string): Promise<ExecResult> {
  return ctx.exec(["sh", "-c", line], cwd === undefined ? { timeoutMs } : { cwd, timeoutMs });
}

/** stdout then stderr, as a person would have seen them in a terminal. */
export function outputOf(result: ExecResult): string {
  const { stdout, stderr } = result;
  return stdout && stderr && !stdout.endsWith("\n") ? `${stdout}\n${stderr}` : stdout + stderr;
}

/** Output kept whole up to `max` characters; longer, its head and tail with the cut stated. */
export function clip(text: string, max = 12_000): string {
  if (text.length <= max) return text;
  const head = Math.floor(max / 3);
  const tail = max - head;
  const cut = text.length - head - tail;
  return `${text.slice(0, head)}\n… [${cut} characters of output cut] …\n${text.slice(text.length - tail)}`;
}

/** Exit 127 from `sh -c`: the configured program is not installed (or not on PATH). */
export function notFound(key: string, rule: string, line: string, result: ExecResult): Finding {
  const said = outputOf(result).trim().split("\n")[0] ?? "";
  return {
    rule,
    message: `${key} program not found: \`${line}\`${said ? ` (${said})` : ""}; install it or set [project] ${key}`,
    hint: `Settlement could not run [project] ${key}; this is not a problem in your change.`,
  };
}

/** A command that ran out of time, as a finding. */
export function timedOut(key: string, rule: string, line: string, timeoutMs: number): Finding {
  return { rule, message: `${key} timed out after ${timeoutMs / 1000}s: \`${line}\`` };
}
