/**
 * POSIX shell quoting for values dgov puts into command lines it did not write (the project's
 * test/lint/format commands), and word splitting of the model's multi-value arguments.
 */

/** Characters that never need quoting (Python's `shlex.quote` set). */
const SAFE = /^[\w@%+=:,./-]+$/;

/** One shell word that the shell reads back as exactly `value`. */
export function shellQuote(value: string): string {
  if (value === "") return "''";
  if (SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

export type SplitResult = { ok: true; words: string[] } | { ok: false; error: string };

/** Backslash escapes that stay special inside double quotes (POSIX). */
const DOUBLE_ESCAPES = new Set(["$", "`", '"', "\\", "\n"]);

/**
 * Splits a string into words as a POSIX shell would (quotes and backslashes, no expansion,
 * no operators), like Python's `shlex.split`. Errors: `No closing quotation`,
 * `No escaped character`.
 */
export function shellSplit(text: string): SplitResult {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
      continue;
    }
    if (c === "\\" && text[i + 1] === "\n") {
      i += 2; // a line continuation joins lines, it adds nothing
      continue;
    }
    inWord = true;
    if (c === "\\") {
      if (i + 1 >= text.length) return { ok: false, error: "No escaped character" };
      word += text[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return { ok: false, error: "No closing quotation" };
      word += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const read = readDoubleQuoted(text, i + 1);
      if (read === null) return { ok: false, error: "No closing quotation" };
      word += read.value;
      i = read.end;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}

/** The value of a double-quoted string starting after its `"`, and the index after its end. */
function readDoubleQuoted(text: string, start: number): { value: string; end: number } | null {
  let value = "";
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c === "\\" && i + 1 < text.length && DOUBLE_ESCAPES.has(text[i + 1]!)) {
      i++;
      if (text[i] !== "\n") value += text[i];
    } else value += c;
  }
  return null;
}

/**
 * Replaces every `placeholder` in a configured command line with `values`, quoted for where
 * the placeholder stands: unquoted → one quoted word per value; inside '…' or "…" → the values
 * joined by spaces, escaped so they cannot end the surrounding quotes. A value can therefore
 * never become shell syntax, whatever the command line around it looks like.
 */
export function fillPlaceholder(template: string, placeholder: string, values: readonly string[]): string {
  let out = "";
  let quote: "'" | '"' | null = null;
  let i = 0;
  while (i < template.length) {
    if (template.startsWith(placeholder, i)) {
      out += quotedFor(quote, values);
      i += placeholder.length;
      continue;
    }
    const c = template[i]!;
    if (c === "\\" && quote !== "'" && i + 1 < template.length) {
      out += c + template[i + 1];
      i += 2;
      continue;
    }
    if (quote === null && (c === "'" || c === '"')) quote = c;
    else if (c === quote) quote = null;
    out += c;
    i++;
  }
  return out;
}

function quotedFor(quote: "'" | '"' | null, values: readonly string[]): string {
  const joined = values.join(" ");
  if (quote === "'") return joined.replace(/'/g, `'\\''`);
  if (quote === '"') return joined.replace(/[\\"$`]/g, (c) => `\\${c}`);
  return values.map(shellQuote).join(" ");
}
