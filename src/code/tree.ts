/**
 * A judged tree as code intelligence reads it from a gate: one listing through dgov's git,
 * texts through the gate's `exec` (so a sandboxed checkout is read as its programs see it),
 * many files per process, each cut at a limit.
 */
import type { GateContext } from "../plugin/types.ts";
import type { SourceText } from "./graph.ts";

/** Bytes read of one file; a longer one is cut (its text is `truncated`). */
export const MAX_SOURCE_BYTES = 192 * 1024;
/** Files per reading process: 64 × 192 KiB (and a byte a line) stays below exec's 16 MiB output cap. */
const BATCH = 64;
/** Never part of the project's own code. */
const VENDORED = /(^|\/)(?:node_modules|\.git)(?:\/|$)/;

/** Every file of the tree in `dir`: tracked and untracked-but-not-ignored, vendored folders left out, sorted. */
export async function listTree(ctx: Pick<GateContext, "git">, dir: string): Promise<string[]> {
  const result = await ctx.git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: dir });
  if (result.code !== 0) throw new Error(`git ls-files failed (exit ${result.code}) in ${dir}: ${(result.stderr || result.stdout).trim()}`);
  return [...new Set(result.stdout.split("\0").filter((p) => p && !VENDORED.test(p)))].sort();
}

/*
 * One awk per batch reads every file (a process per file costs far more than the reading):
 * `>path` starts a file, `|line` is one of its lines, `!1` ends it when it was cut at `max`
 * bytes (C locale: lengths are bytes). Missing files are left out by the shell first; `./`
 * keeps a file named `-` or `a=b` from being read as an option or an assignment.
 */
const AWK = 'FNR == 1 { if (NR > 1) print "!" cut; print ">" FILENAME; n = 0; cut = 0 } { n += length($0) + 1; if (n <= max) print "|" $0; else cut = 1 } END { if (NR > 0) print "!" cut }';
const READ_SCRIPT = `n=$1; shift; for f; do shift; [ -f "$f" ] && [ -r "$f" ] && set -- "$@" "./$f"; done; [ $# -eq 0 ] || LC_ALL=C exec awk -v max="$n" '${AWK}' "$@"`;

function parseBatch(out: string, into: Map<string, SourceText>): void {
  let path: string | null = null;
  let lines: string[] = [];
  for (const line of out.split("\n")) {
    if (line.startsWith(">")) [path, lines] = [line.slice(3), []];
    else if (line.startsWith("|")) lines.push(line.slice(1));
    else if (line.startsWith("!") && path !== null) into.set(path, { text: lines.join("\n"), truncated: line === "!1" });
  }
}

/** The texts of `paths` in `dir` (missing files absent), at most MAX_SOURCE_BYTES each. */
export async function readTree(ctx: Pick<GateContext, "exec">, dir: string, paths: readonly string[]): Promise<Map<string, SourceText>> {
  const texts = new Map<string, SourceText>();
  for (let at = 0; at < paths.length; at += BATCH) {
    // A path with a newline cannot be told from the lines around it: it is not read.
    const batch = paths.slice(at, at + BATCH).filter((p) => !p.includes("\n"));
    const result = await ctx.exec(["sh", "-c", READ_SCRIPT, "sh", String(MAX_SOURCE_BYTES), ...batch], { cwd: dir, timeoutMs: 60_000, quiet: true });
    if (result.code !== 0) throw new Error(`cannot read the files of ${dir} (exit ${result.code}): ${result.stderr.trim()}`);
    parseBatch(result.stdout, texts);
  }
  return texts;
}
