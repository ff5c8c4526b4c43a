/**
 * A checker's run as the lint and type-check gates read it: the diagnostics it failed on, in
 * files of the tree, each with its line's text and identity (the reader itself lives in the
 * plugin host, `dgov/plugin`). A run that failed without naming any such diagnostic could not
 * check anything, and that is an error, never a pass.
 */
import { type Diagnostic, type ExecResult, failingDiagnostics, type GateContext, type KeyedDiagnostic, keyDiagnostic, relativePath, stripAnsi } from "dgov/plugin";
import { outputOf } from "./command-line.ts";

export { type Diagnostic, type KeyedDiagnostic, newDiagnostics, parseDiagnostics, relativePath } from "dgov/plugin";

const TAIL_CHARS = 2_000;
/** How many files are read at once for their lines' text. */
const READS_AT_ONCE = 8;

/** The last characters of a command's output, colours removed. */
export function outputTail(result: ExecResult, max = TAIL_CHARS): string {
  const text = stripAnsi(outputOf(result)).trimEnd();
  return text.length <= max ? text : `…${text.slice(text.length - max)}`;
}

/** A configured command that could not run (not installed, a missing dependency, a crash), named with what it printed. */
export function cannotRun(key: string, line: string, result: ExecResult, where: string): Error {
  const tail = outputTail(result);
  const why = result.code === 127 || result.code === 126
    ? `program not found or not executable (exit ${result.code})`
    : `exit ${result.code} without a diagnostic naming a file of the tree`;
  return new Error(
    `${key} could not run ${where}: \`${line}\`: ${why}${tail ? `:\n${tail}` : ", and no output"}\n` +
      `Install it and its dependencies where settlement runs it (setup_cmd prepares each checkout), or set [project] ${key}.`,
  );
}

/** Each file's lines, or null for a path that is no readable file (a "location" in prose, a directory). */
async function fileLines(ctx: GateContext, dir: string, files: readonly string[]): Promise<Map<string, string[] | null>> {
  const texts = new Map<string, string[] | null>();
  for (let i = 0; i < files.length; i += READS_AT_ONCE) {
    await Promise.all(files.slice(i, i + READS_AT_ONCE).map(async (file) => {
      const read = await ctx.exec(["cat", "--", file], { cwd: dir, quiet: true });
      texts.set(file, read.code === 0 ? read.stdout.split(/\r?\n/) : null);
    }));
  }
  return texts;
}

/** Diagnostics keyed by their identity; those naming no file of `dir` are dropped. */
async function keyed(ctx: GateContext, dir: string, found: readonly Diagnostic[]): Promise<KeyedDiagnostic[]> {
  const texts = await fileLines(ctx, dir, [...new Set(found.map((d) => d.file))]);
  return found.flatMap((d) => {
    const lines = texts.get(d.file);
    return lines ? [keyDiagnostic(d, lines, dir)] : [];
  });
}

/**
 * Paths made relative to `dir`, also when the tool printed them under its physical path (a
 * temp folder behind a symlink, as on macOS: tools resolve their cwd, so /var is /private/var).
 */
async function relativeTo(ctx: GateContext, dir: string, found: Diagnostic[]): Promise<Diagnostic[]> {
  const near = found.map((d) => ({ ...d, file: relativePath(d.file, dir) }));
  if (!near.some((d) => d.file.startsWith("/"))) return near;
  const pwd = await ctx.exec(["pwd", "-P"], { cwd: dir, quiet: true });
  const physical = pwd.code === 0 ? pwd.stdout.trim() : dir;
  if (physical === dir.replace(/\/+$/, "")) return near;
  return near.map((d) => ({ ...d, file: relativePath(d.file, physical), message: d.message.split(`${physical}/`).join(`${dir.replace(/\/+$/, "")}/`) }));
}

/**
 * The diagnostics a checker's run in `dir` failed on, paths relative to `dir`. Throws when
 * it could not run: exit 126/127, or a failure without one diagnostic in a file of `dir`.
 * `where` says which tree for the error ("in the task's tree", "in the base checkout").
 */
export async function checkedRun(ctx: GateContext, dir: string, key: string, line: string, result: ExecResult, where: string): Promise<KeyedDiagnostic[]> {
  if (result.code === 127 || result.code === 126) throw cannotRun(key, line, result, where);
  const found = await relativeTo(ctx, dir, failingDiagnostics(outputOf(result), result.code));
  const read = await keyed(ctx, dir, found);
  if (result.code !== 0 && read.length === 0) throw cannotRun(key, line, result, where);
  return read;
}

/** A diagnostic as the worker reads it after `file:line: `: the code, then the message. */
export function findingText(d: Diagnostic, separator = " "): string {
  return [d.code, d.message].filter(Boolean).join(separator);
}
