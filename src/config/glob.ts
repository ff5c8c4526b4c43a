/*
 * gitignore-style globs for `[scope]` allow/deny/ignore and verify `match`: `*` and `?` stop at
 * `/`, `**` spans zero or more folders (`src/**\/*.ts` is `src/x.ts` and `src/d/x.ts`), a pattern
 * without a `/` matches a name at any depth (`*.pyc`, `node_modules`), one with a `/` is anchored
 * at the repository root (a leading `/` changes nothing), a trailing `/` matches folders only,
 * and a pattern that matches a folder matches everything in it.
 */

const cache = new Map<string, { re: RegExp; dirOnly: boolean }>();
const fnCache = new Map<string, RegExp>();

/** A `[…]` class at `i` as a regex class (`[!…]` negated), and where it ends; a lone `[` is literal. */
function charClass(p: string, i: number): { src: string; end: number } {
  const close = p.indexOf("]", i + 2);
  if (close === -1) return { src: "\\[", end: i };
  let body = p.slice(i + 1, close).replace(/\\/g, "\\\\");
  if (body.startsWith("!")) body = `^${body.slice(1)}`;
  return { src: `[${body}]`, end: close };
}

function translate(p: string): string {
  let src = "";
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (p.startsWith("**/", i)) {
      src += "(?:.*/)?";
      i += 2;
    } else if (p.startsWith("/**", i) && i + 3 === p.length) {
      src += "/.*";
      i += 2;
    } else if (ch === "*") {
      src += "[^/]*";
      while (p[i + 1] === "*") i++;
    } else if (ch === "?") src += "[^/]";
    else if (ch === "[") {
      const cls = charClass(p, i);
      src += cls.src;
      i = cls.end;
    } else if (ch === "\\" && i + 1 < p.length) src += p[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else src += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return src;
}

function compile(pattern: string): { re: RegExp; dirOnly: boolean } {
  let hit = cache.get(pattern);
  if (!hit) {
    let p = pattern.trim();
    const dirOnly = p.endsWith("/");
    p = p.replace(/\/+$/, "");
    const anchored = p.includes("/");
    p = p.replace(/^\/+/, "");
    hit = { re: new RegExp(`^${anchored ? "" : "(?:.*/)?"}${translate(p)}$`, "s"), dirOnly };
    cache.set(pattern, hit);
  }
  return hit;
}

/** Does the gitignore-style `pattern` match the file `path` (repository-relative, `/`-separated) or a folder above it? */
export function globMatch(pattern: string, path: string): boolean {
  const { re, dirOnly } = compile(pattern);
  const parts = path.split("/");
  for (let n = parts.length - (dirOnly ? 1 : 0); n > 0; n--) if (re.test(parts.slice(0, n).join("/"))) return true;
  return false;
}

/**
 * A `deny_files` entry: gitignore-style, or dgov-py's reading (fnmatch, `*` crossing `/`),
 * whichever matches: moving to gitignore rules makes no existing deny list weaker.
 */
export function denyMatch(pattern: string, path: string): boolean {
  return globMatch(pattern, path) || fnmatch(pattern, path);
}

/** fnmatch-style glob test where `*` also matches `/` (Python's fnmatch semantics). */
export function fnmatch(pattern: string, text: string): boolean {
  let re = fnCache.get(pattern);
  if (!re) {
    let src = "";
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern[i]!;
      if (ch === "*") src += ".*";
      else if (ch === "?") src += ".";
      else if (ch === "[") {
        const cls = charClass(pattern, i);
        src += cls.src;
        i = cls.end;
      } else src += ch.replace(/[.+^${}()|\\/]/g, "\\$&");
    }
    re = new RegExp(`^${src}$`, "s");
    fnCache.set(pattern, re);
  }
  return re.test(text);
}
