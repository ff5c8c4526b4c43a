/**
 * A judged tree as code intelligence reads it from a gate: one listing through dgov's git,
 * texts through the gate's `exec` (so a sandboxed checkout is read as its programs see it),
 * many files per process, each cut at a limit.
 */
import type { GateContext } from "../plugin/types.ts";
import type { SourceText } from "./graph.ts";

/** Bytes read of one file; a longer one is cut (its text is `truncated`). */
export const MAX_SOURCE_BYTES = 192 * 1024;
/** Files per reading process: 64 × 192 KiB stays below exec's 16 MiB output cap. */
const BATCH = 64;
/** Never part of the project's own code. */
const VENDORED = /(^|\/)(?:node_modules|\.git)(?:\/|$)/;

/** Every file of the tree in `dir`: tracked and untracked-but-not-ignored, vendored folders left out, sorted. */
export async function listTree(ctx: Pick<GateContext, "git">, dir: string): Promise<string[]> {
  const result = await ctx.git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: dir });
  if (result.code !== 0) throw new Error(`git ls-files failed (exit ${result.code}) in ${dir}: ${(result.stderr || result.stdout).trim()}`);
  return [...new Set(result.stdout.split("\0").filter((p) => p && !VENDORED.test(p)))].sort();
}

// Each file: its size in bytes, a newline, its first bytes (NULs dropped), then a NUL; `-` when it is not a file.
const READ_SCRIPT = `n=$1; shift; for f; do if [ -f "$f" ]; then wc -c < "$f"; tr -d '\\000' < "$f" | head -c "$n"; else echo -; fi; printf '\\000'; done`;

function parseBatch(paths: readonly string[], out: string, into: Map<string, SourceText>): void {
  out.split("\0").slice(0, paths.length).forEach((record, i) => {
    const newline = record.indexOf("\n");
    const size = Number(record.slice(0, newline).trim());
    if (newline < 0 || !Number.isFinite(size)) return;
    into.set(paths[i]!, { text: record.slice(newline + 1), truncated: size > MAX_SOURCE_BYTES });
  });
}

/** The texts of `paths` in `dir` (missing files absent), at most MAX_SOURCE_BYTES each. */
export async function readTree(ctx: Pick<GateContext, "exec">, dir: string, paths: readonly string[]): Promise<Map<string, SourceText>> {
  const texts = new Map<string, SourceText>();
  for (let at = 0; at < paths.length; at += BATCH) {
    const batch = paths.slice(at, at + BATCH);
    const result = await ctx.exec(["sh", "-c", READ_SCRIPT, "sh", String(MAX_SOURCE_BYTES), ...batch], { cwd: dir, timeoutMs: 60_000 });
    if (result.code !== 0) throw new Error(`cannot read the files of ${dir} (exit ${result.code}): ${result.stderr.trim()}`);
    parseBatch(batch, result.stdout, texts);
  }
  return texts;
}
