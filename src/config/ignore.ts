import { globMatch } from "./glob.ts";

export { fnmatch } from "./glob.ts";
/**
 * `[scope] ignore_files` entries and how they match repo paths: gitignore-style globs
 * (glob.ts). dgov-py's rules (spec plans-config §3.2: `*` crossing `/`, `dir/` anchored at the
 * root, an entry with an extension matching only that exact path) are its bugs; `fnmatch` keeps
 * its glob reading for `[departments]` and deny lists.
 */

/** Files dgov owns during settlement; no ignore entry may hide them. */
export const RESERVED_PATHS = [
  ".sentrux/baseline.json",
  ".sentrux/dgov-baseline.json",
  ".coverage-baseline/coverage.json",
] as const;

/**
 * dgov's runtime state under `.dgov/`: no task may claim or write it, and it never makes a
 * checkout dirty. A compiled plan is written through a temp file beside it (another dgov may
 * be compiling while a run checks the tree).
 */
const STATE = [
  /^\.dgov\/state\.db(-wal|-shm|-journal)?$/,
  /^\.dgov\/state\.db\.dgov-py(-\d+)?(-wal|-shm)?$/,
  /^\.dgov\/runs\.log$/,
  /^\.dgov\/(out|runtime)(\/|$)/,
  /^\.dgov\/plans\/deployed\.jsonl$/,
  /^\.dgov\/plans\/.*_compiled\.toml(\.tmp-[^/]+)?$/,
  // Read from the project root only (every worker's LEARNED RULES); the operator's, never a task's.
  /^\.dgov\/rules\/learned\.json$/,
];

/** Is `path` (repository-relative, normalized) part of dgov's runtime state? */
export const isDgovState = (path: string): boolean => STATE.some((re) => re.test(path));

/** Always-ignored incidental files (dgov-py's built-ins); project entries are appended. */
export const DEFAULT_IGNORE_FILES = [".venv", "uv.lock", "__pycache__", "*.pyc"] as const;

/** Does one ignore entry cover `path` (repo-relative, `/`-separated)? gitignore-style (glob.ts). */
export function ignoreMatches(entry: string, path: string): boolean {
  return globMatch(entry, path);
}

/** For each entry that would hide a reserved path: `'<entry>' would match '<reserved>'`. */
export function reservedShadows(entries: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    for (const reserved of RESERVED_PATHS) {
      // `.coverage-baseline/…` entries shadow the whole directory dgov owns.
      const owned = reserved.startsWith(".coverage-baseline/") ? ".coverage-baseline/" : reserved;
      if (ignoreMatches(entry, reserved) || entry.startsWith(owned)) {
        out.push(`'${entry}' would match '${reserved}'`);
        break;
      }
    }
  }
  return out.sort();
}
