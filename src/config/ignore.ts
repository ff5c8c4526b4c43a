/**
 * `[scope] ignore_files` entries and how they match repo paths (spec plans-config §3.2):
 * globs (`*`, `?`, `[`) match the full path or the basename, with `*` crossing `/`;
 * `dir/` matches everything below; an entry without an extension matches any path
 * component or prefix; anything else matches exactly.
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
  /^\.dgov\/runs\.log$/,
  /^\.dgov\/(out|runtime)(\/|$)/,
  /^\.dgov\/plans\/deployed\.jsonl$/,
  /^\.dgov\/plans\/.*_compiled\.toml(\.tmp-[^/]+)?$/,
];

/** Is `path` (repository-relative, normalized) part of dgov's runtime state? */
export const isDgovState = (path: string): boolean => STATE.some((re) => re.test(path));

/** Always-ignored incidental files (dgov-py's built-ins); project entries are appended. */
export const DEFAULT_IGNORE_FILES = [".venv", "uv.lock", "__pycache__", "*.pyc"] as const;

const cache = new Map<string, RegExp>();

/** fnmatch-style glob test where `*` also matches `/` (Python's fnmatch semantics). */
export function fnmatch(pattern: string, text: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    let src = "";
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern[i]!;
      if (ch === "*") src += ".*";
      else if (ch === "?") src += ".";
      else if (ch === "[") {
        const close = pattern.indexOf("]", i + 2);
        if (close === -1) src += "\\[";
        else {
          let body = pattern.slice(i + 1, close).replace(/\\/g, "\\\\");
          if (body.startsWith("!")) body = `^${body.slice(1)}`;
          src += `[${body}]`;
          i = close;
        }
      } else src += ch.replace(/[.+^${}()|\\/]/g, "\\$&");
    }
    re = new RegExp(`^${src}$`, "s");
    cache.set(pattern, re);
  }
  return re.test(text);
}

function hasExtension(entry: string): boolean {
  const base = entry.split("/").pop() ?? "";
  return base.lastIndexOf(".") > 0;
}

/** Does one ignore entry cover `path` (repo-relative, `/`-separated)? */
export function ignoreMatches(entry: string, path: string): boolean {
  if (/[*?[]/.test(entry)) return fnmatch(entry, path) || fnmatch(entry, path.split("/").pop() ?? "");
  if (entry.endsWith("/")) return path.startsWith(entry) || path === entry.slice(0, -1);
  if (!hasExtension(entry)) return path.split("/").includes(entry) || path.startsWith(`${entry}/`);
  return path === entry;
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
