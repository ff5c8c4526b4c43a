/**
 * Maps TOML key paths to the 1-based line where they are defined, so validation errors can
 * name a line. The parser (@iarna/toml) gives positions only for syntax errors; this scanner
 * runs over text that already parsed, so it only has to follow the grammar, not judge it.
 */
export type KeyPath = readonly (string | number)[];

/** Reads one key expression (`a."b.c".d`) starting at `i`; returns the parts and the end index. */
export function readKey(text: string, start: number, stop: string): { parts: string[]; end: number } {
  const parts: string[] = [];
  let i = start;
  while (i < text.length && !stop.includes(text[i]!)) {
    const ch = text[i]!;
    if (ch === " " || ch === "\t" || ch === ".") {
      i++;
    } else if (ch === '"' || ch === "'") {
      const close = findClose(text, i + 1, ch);
      parts.push(unquote(text.slice(i + 1, close), ch));
      i = close + 1;
    } else {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_-]/.test(text[j]!)) j++;
      if (j === i) break;
      parts.push(text.slice(i, j));
      i = j;
    }
  }
  return { parts, end: i };
}

function findClose(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (quote === '"' && text[i] === "\\") i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

function unquote(raw: string, quote: string): string {
  if (quote === "'") return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** Index just past a value's string starting at `i` (single- or multi-line, basic or literal). */
function skipString(text: string, i: number): number {
  const quote = text[i]!;
  const triple = text.startsWith(quote.repeat(3), i);
  const delimiter = triple ? quote.repeat(3) : quote;
  let j = i + delimiter.length;
  while (j < text.length) {
    if (quote === '"' && text[j] === "\\") {
      j += 2;
      continue;
    }
    if (text.startsWith(delimiter, j)) {
      j += delimiter.length;
      // A multi-line string may end with up to two extra quotes before the delimiter.
      while (triple && text[j] === quote) j++;
      return j;
    }
    if (!triple && text[j] === "\n") return j;
    j++;
  }
  return j;
}

/** Index of the end of the value that starts at `i` (handles nested arrays, tables, strings). */
function skipValue(text: string, i: number): number {
  let depth = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      i = skipString(text, i);
      continue;
    }
    if (ch === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (ch === "[" || ch === "{") depth++;
    else if (ch === "]" || ch === "}") depth--;
    else if (ch === "\n" && depth <= 0) return i;
    i++;
  }
  return i;
}

function lineAt(lineStarts: number[], pos: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Builds the key-path → line index for one TOML text. Keys are joined with U+0000. */
export function indexKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === "\n") lineStarts.push(k + 1);
  const arrayCounts = new Map<string, number>();
  let table: (string | number)[] = [];
  let i = 0;
  const record = (path: (string | number)[], pos: number) => {
    const key = path.join("\u0000");
    if (!lines.has(key)) lines.set(key, lineAt(lineStarts, pos));
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === " " || ch === "\t" || ch === "\r" || ch === "\n") {
      i++;
    } else if (ch === "#") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (ch === "[") {
      const isArray = text[i + 1] === "[";
      const { parts, end } = readKey(text, i + (isArray ? 2 : 1), "]");
      table = parts;
      if (isArray) {
        const joined = parts.join("\u0000");
        const index = arrayCounts.get(joined) ?? 0;
        arrayCounts.set(joined, index + 1);
        table = [...parts, index];
      }
      // `[a.b]` defines `a` too, when nothing earlier did.
      for (let n = 1; n <= table.length; n++) record(table.slice(0, n), i);
      i = end;
      while (i < text.length && text[i] !== "\n") i++;
    } else {
      const { parts, end } = readKey(text, i, "=\n");
      if (parts.length === 0 || text[end] !== "=") {
        while (i < text.length && text[i] !== "\n") i++;
        continue;
      }
      for (let n = 1; n <= parts.length; n++) record([...table, ...parts.slice(0, n)], i);
      i = skipValue(text, end + 1);
    }
  }
  return lines;
}

/** Line of `path`, or of its nearest defined ancestor; undefined when nothing matches. */
export function lineOf(index: Map<string, number>, path: KeyPath): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const line = index.get(path.slice(0, n).join("\u0000"));
    if (line !== undefined) return line;
  }
  return undefined;
}
