import { dominantEol, type FileLine, splitLines } from "./eol.ts";
import type { Hunk, HunkLine } from "./patch-parse.ts";

export type Applied = { ok: true; text: string; offsets: { hunk: number; offset: number }[] } | { ok: false; error: string };

const NOTHING_CHANGED = "Nothing was changed.";

/** Does the hunk's old side (context and `-` lines) sit at `at`, whitespace-exact? */
function fitsAt(lines: readonly FileLine[], old: readonly HunkLine[], at: number): boolean {
  if (at < 0 || at + old.length > lines.length) return false;
  return old.every((line, j) => lines[at + j]!.text === line.text);
}

/** The nearest position to `expected` (ties: the later one), not before `from`, where the old side fits: `patch`'s offset search, without fuzz. */
function nearestFit(lines: readonly FileLine[], old: readonly HunkLine[], wanted: number, from: number): number | null {
  // A header far past the end still searches the whole file.
  const expected = Math.min(wanted, lines.length);
  for (let distance = 0; distance <= lines.length; distance++) {
    for (const at of distance === 0 ? [expected] : [expected + distance, expected - distance]) {
      if (at >= from && fitsAt(lines, old, at)) return at;
    }
  }
  return null;
}

/**
 * Where most of the old side matches (nearest to `expected` on ties), to point the error at
 * the line that really differs rather than at a header's wrong line number.
 */
function closestPartialFit(lines: readonly FileLine[], old: readonly HunkLine[], expected: number, from: number): number {
  let best = Math.min(Math.max(expected, from), lines.length);
  let bestScore = 0;
  for (let at = from; at < lines.length; at++) {
    let score = 0;
    for (const [j, line] of old.entries()) if (lines[at + j]?.text === line.text) score++;
    if (score > bestScore || (score === bestScore && score > 0 && Math.abs(at - expected) < Math.abs(best - expected))) {
      best = at;
      bestScore = score;
    }
  }
  return best;
}

const sameIgnoringSpace = (a: string, b: string) => a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();

/** Why the hunk does not fit at `at`: the first line that differs, and what the file has there. */
function mismatch(hunk: Hunk, lines: readonly FileLine[], old: readonly HunkLine[], at: number): string {
  const head = `Hunk ${hunk.number} (${hunk.header}) does not apply:`;
  const tail = `Its context and '-' lines were not found anywhere else in the file either. ${NOTHING_CHANGED}`;
  for (const [j, line] of old.entries()) {
    const kind = line.op === "-" ? "a removed line" : "a context line";
    const actual = lines[at + j];
    if (!actual) return `${head} line ${at + j + 1} should be ${JSON.stringify(line.text)} (${kind}), but the file has only ${lines.length} lines. ${tail}`;
    if (actual.text !== line.text) {
      const note = sameIgnoringSpace(actual.text, line.text) ? " They differ only in whitespace." : "";
      return `${head} line ${at + j + 1} should be ${JSON.stringify(line.text)} (${kind}), but the file has ${JSON.stringify(actual.text)}.${note} ${tail}`;
    }
  }
  return `${head} its lines overlap the previous hunk. ${NOTHING_CHANGED}`;
}

/** Where the hunk applies, or why it does not. */
function locate(hunk: Hunk, lines: readonly FileLine[], expected: number, from: number): { ok: true; at: number } | { ok: false; error: string } {
  const old = hunk.lines.filter((line) => line.op !== "+");
  const previous = `hunk ${hunk.number - 1}, which ends at line ${from}`;
  if (old.length === 0) {
    // A pure insertion has nothing to verify: its header's line number is all there is.
    if (expected > lines.length) return { ok: false, error: `Hunk ${hunk.number} (${hunk.header}) inserts after line ${expected}, but the file has only ${lines.length} lines. ${NOTHING_CHANGED}` };
    if (expected < from) return { ok: false, error: `Hunk ${hunk.number} (${hunk.header}) inserts after line ${expected}, inside ${previous}. Hunks must be in file order and must not overlap. ${NOTHING_CHANGED}` };
    return { ok: true, at: expected };
  }
  const at = nearestFit(lines, old, expected, from);
  if (at !== null) return { ok: true, at };
  const earlier = nearestFit(lines, old, expected, 0);
  if (earlier !== null) {
    return { ok: false, error: `Hunk ${hunk.number} (${hunk.header}) matches only at line ${earlier + 1}, inside or before ${previous}. Hunks must be in file order and must not overlap. ${NOTHING_CHANGED}` };
  }
  return { ok: false, error: mismatch(hunk, lines, old, closestPartialFit(lines, old, expected, from)) };
}

/**
 * Applies the hunks in order, verifying every context and removed line. Context lines keep
 * the file's own text and endings; added lines take the file's dominant ending. All or
 * nothing: the result is returned only when every hunk applied.
 */
export function applyHunks(text: string, hunks: readonly Hunk[]): Applied {
  // A byte-order mark is not part of line 1 as the model sees it.
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const lines = splitLines(text.slice(bom.length));
  const eol = dominantEol(lines);
  const out: FileLine[] = [];
  const offsets: { hunk: number; offset: number }[] = [];
  let cursor = 0;
  let shift = 0;
  for (const hunk of hunks) {
    const pureInsert = hunk.lines.every((line) => line.op === "+");
    // `-N,0` means "after line N"; otherwise line N is the hunk's first old line.
    const declared = pureInsert ? hunk.oldStart : Math.max(hunk.oldStart - 1, 0);
    const found = locate(hunk, lines, declared + shift, cursor);
    if (!found.ok) return found;
    if (found.at !== declared + shift) offsets.push({ hunk: hunk.number, offset: found.at - declared });
    shift = found.at - declared;
    out.push(...lines.slice(cursor, found.at));
    let k = found.at;
    for (const line of hunk.lines) {
      if (line.op === " ") out.push(lines[k++]!);
      else if (line.op === "-") k++;
      else out.push({ text: line.text, eol: line.noEol ? "" : eol });
    }
    cursor = k;
  }
  out.push(...lines.slice(cursor));
  // A line that was last (no newline) but now has lines after it needs its newline back.
  const body = out.map((line, i) => line.text + (line.eol === "" && i < out.length - 1 ? eol : line.eol));
  return { ok: true, text: bom + body.join(""), offsets };
}
