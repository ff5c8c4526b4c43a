/**
 * What makes two diagnostics the same one, before and after a change: the file, the code,
 * the message with its line and column references normalised, and the text of the line it
 * points at. Line numbers themselves are not part of it, so a diagnostic the base had stays
 * old when lines above it are added or removed; comparing counts per identity means a second
 * copy of an old error is new.
 */
import type { Diagnostic } from "./types.ts";

/** A diagnostic with the text of its line and the identity made from both. */
export interface KeyedDiagnostic extends Diagnostic {
  /** The trimmed text of the line it points at ("" for a whole-file diagnostic or a line not found). */
  source: string;
  key: string;
}

const LINE_WORDS = /\b(lines?|col(?:umn)?s?)\s+\d+(?:\s*[-–]\s*\d+)?/gi;
const PATH_LOCATION = /(\.[A-Za-z]\w*)(?::\d+){1,2}\b/g;
const PAREN_LOCATION = /(\.[A-Za-z]\w*)\(\d+,\d+\)/g;

/**
 * A message as it compares across trees: the tree's own absolute path dropped (a base checkout
 * lives elsewhere), `line 12` / `a.ts:12:3` / `a.ts(12,3)` references made number-free,
 * whitespace collapsed. Other numbers stay: they are often what the message is about.
 */
export function normalizeMessage(message: string, dir?: string): string {
  let text = message;
  if (dir) text = text.split(`${dir.replace(/\/+$/, "")}/`).join("");
  return text.replace(LINE_WORDS, "$1 #").replace(PATH_LOCATION, "$1:#").replace(PAREN_LOCATION, "$1(#)").replace(/\s+/g, " ").trim();
}

/** The identity of `d`, whose line reads `source`, as printed by a tool run in `dir`. */
export function diagnosticKey(d: Diagnostic, source: string, dir?: string): string {
  return [d.file, d.code ?? "", normalizeMessage(d.message, dir), source.trim()].join("\0");
}

/** `d` with its line's text (from the file's `lines`) and its identity. */
export function keyDiagnostic(d: Diagnostic, lines: readonly string[], dir?: string): KeyedDiagnostic {
  const source = d.line > 0 ? (lines[d.line - 1] ?? "").trim() : "";
  return { ...d, source, key: diagnosticKey(d, source, dir) };
}

function byKey<T extends KeyedDiagnostic>(list: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const d of list) {
    const group = groups.get(d.key);
    if (group) group.push(d);
    else groups.set(d.key, [d]);
  }
  return groups;
}

export interface NewOptions<T> {
  /** Which diagnostics may be counted as new (e.g. those on a line the change touched); default all. */
  eligible?: (d: T) => boolean;
  /** Which to take first when only some of an identity are new (e.g. those on changed lines). */
  prefer?: (d: T) => boolean;
}

/**
 * The diagnostics of `tree` that the base does not account for: per identity, as many as the
 * tree has more than the base, taken from the eligible ones: the preferred first, then those
 * on a line where the base had none of that identity. Order is the tree's.
 */
export function newDiagnostics<T extends KeyedDiagnostic>(tree: readonly T[], base: readonly KeyedDiagnostic[], opts: NewOptions<T> = {}): T[] {
  const old = byKey(base);
  const fresh = new Set<T>();
  for (const [key, group] of byKey(tree)) {
    const extra = group.length - (old.get(key)?.length ?? 0);
    if (extra <= 0) continue;
    const baseLines = new Set(old.get(key)?.map((d) => d.line));
    const rank = (d: T) => (opts.prefer?.(d) ? 0 : 2) + (baseLines.has(d.line) ? 1 : 0);
    const candidates = group.filter((d) => opts.eligible?.(d) ?? true);
    // A stable sort: equal ranks keep the tree's order.
    for (const d of candidates.sort((a, b) => rank(a) - rank(b)).slice(0, extra)) fresh.add(d);
  }
  return tree.filter((d) => fresh.has(d));
}
