/**
 * find_references reads the hits of a text search through the syntax layer: in a file of a
 * language it parses, a line counts only where the symbol is an identifier there, so mentions
 * in comments and strings drop out. Other files' hits stay as found.
 */
import { grammarOf, occurrences, withTree, type WorktreeFiles } from "dgov/plugin";

/** A name the grammars could spell as one identifier (`$` for JavaScript). */
const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;
/** `path:line:text`, as rg -n and the grep tool print a hit. */
const HIT = /^(.+?):(\d+):/;

/** The lines of `rel` where `symbol` is an identifier, or null when no grammar reads the file (or it cannot be read). */
async function identifierLines(files: WorktreeFiles, rel: string, symbol: string): Promise<Set<number> | null> {
  const grammar = grammarOf(rel);
  const file = grammar ? files.readText(rel) : null;
  if (!grammar || !file?.ok) return null;
  return withTree(file.text, grammar, (tree) => new Set(occurrences(tree, symbol).map((o) => o.line)));
}

/** The hits (`path:line:text` lines) where `symbol` is code, not a comment or a string. */
export async function codeHits(files: WorktreeFiles, symbol: string, hits: string[]): Promise<string[]> {
  if (!IDENTIFIER.test(symbol)) return hits;
  const byFile = new Map<string, Set<number> | null>();
  const kept: string[] = [];
  for (const hit of hits) {
    const match = HIT.exec(hit);
    if (!match) {
      kept.push(hit);
      continue;
    }
    const rel = match[1]!;
    if (!byFile.has(rel)) byFile.set(rel, await identifierLines(files, rel, symbol));
    const lines = byFile.get(rel);
    if (!lines || lines.has(Number(match[2]))) kept.push(hit);
  }
  return kept;
}
