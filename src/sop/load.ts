import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSop } from "./parse.ts";
import type { Sop, SopLoadResult } from "./types.ts";

/**
 * Loads every `*.md` (non-recursive, sorted by file name) of each directory in `dirs`, in order.
 * Missing directories contribute nothing; a name used twice is an error naming both files.
 */
export function loadSops(dirs: string[], display: (absPath: string) => string): SopLoadResult {
  const result: SopLoadResult = { sops: [], errors: [], warnings: [] };
  const seen = new Map<string, Sop>();
  for (const dir of dirs) {
    for (const path of markdownFiles(dir, display, result.errors)) {
      const shown = display(path);
      const text = readText(path, shown, result.errors);
      if (text === undefined) continue;
      const { sop, errors, warnings } = parseSop(text, shown);
      result.errors.push(...errors);
      result.warnings.push(...warnings);
      if (!sop) continue;
      const first = seen.get(sop.name);
      // The first file keeps the name so later lookups stay stable; the set is invalid either way.
      if (first) {
        result.errors.push(`duplicate SOP name '${sop.name}': ${first.file} and ${sop.file}`);
        continue;
      }
      seen.set(sop.name, sop);
      result.sops.push(sop);
    }
  }
  return result;
}

/** Absolute paths of the `.md` files directly in `dir`, sorted by name; none when `dir` is missing. */
function markdownFiles(dir: string, display: (absPath: string) => string, errors: string[]): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    errors.push(`${display(dir)}: cannot list SOP folder: ${messageOf(error)}`);
    return [];
  }
  return entries
    .filter((entry) => entry.name.endsWith(".md") && (entry.isFile() || entry.isSymbolicLink()))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => join(dir, name));
}

function readText(path: string, shown: string, errors: string[]): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    errors.push(`${shown}: cannot read SOP: ${messageOf(error)}`);
    return undefined;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
