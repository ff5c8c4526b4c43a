/*
 * A small TypeScript/JavaScript tokenizer: enough to find declarations and imports without a
 * parser. Strings, comments, regular expressions and template literals (with nested `${}`)
 * become single tokens, so their braces never count. Tolerances for JSX: a quote never spans
 * a line (an apostrophe in JSX text ends at the line end), and `</` is never a regex.
 */

export interface Token {
  kind: "word" | "punct" | "string" | "template" | "regex" | "number";
  text: string;
  line: number;
  /** A line break (or a comment holding one) comes before this token. */
  nl: boolean;
}

/** Longest first, so `===` wins over `==` and `=`. */
const OPERATORS = [">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "%=", "&=", "|=", "^=", "**", "<<", ">>"];
/** After these words an expression starts, so `/` opens a regex. */
const REGEX_AFTER_WORDS = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);

const isIdentStart = (ch: string) => /[A-Za-z_$]/.test(ch) || ch > "\x7f";
const isIdentPart = (ch: string) => /[\w$]/.test(ch) || ch > "\x7f";

function regexAllowed(prev: Token | undefined, src: string, at: number): boolean {
  if (!prev) return true;
  if (prev.kind === "word") return REGEX_AFTER_WORDS.has(prev.text);
  if (prev.kind !== "punct") return false;
  if (prev.text === "<" && src[at - 1] === "<") return false; // `</tag>` in JSX
  return prev.text !== ")" && prev.text !== "]" && prev.text !== "}";
}

/** Where the tokenizer is in the source. */
interface Scan {
  src: string;
  i: number;
  line: number;
  /** A line break was skipped since the last token. */
  nl: boolean;
}

function push(s: Scan, out: Token[], kind: Token["kind"], start: number, line: number): void {
  out.push({ kind, text: s.src.slice(start, s.i), line, nl: s.nl });
  s.nl = false;
}

/** A quoted string; a raw line break ends it unconsumed (see the JSX note above). */
function quoted(s: Scan, quote: string): void {
  s.i++;
  while (s.i < s.src.length && s.src[s.i] !== quote && s.src[s.i] !== "\n") {
    if (s.src[s.i] === "\\") {
      if (s.src[s.i + 1] === "\n") s.line++;
      s.i++;
    }
    s.i++;
  }
  if (s.src[s.i] === quote) s.i++;
}

/** A template literal; each `${…}` is tokenized (and dropped) to find its closing brace. */
function template(s: Scan): void {
  s.i++;
  while (s.i < s.src.length && s.src[s.i] !== "`") {
    const ch = s.src[s.i];
    if (ch === "\\" || ch === "\n") {
      if (ch === "\n" || s.src[s.i + 1] === "\n") s.line++;
      s.i += ch === "\\" ? 2 : 1;
    } else if (ch === "$" && s.src[s.i + 1] === "{") {
      s.i += 2;
      run(s, [], true);
    } else s.i++;
  }
  s.i++;
}

/** A regex literal from the `/` at i; false (nothing consumed) if the line ends first. */
function regex(s: Scan): boolean {
  let j = s.i + 1;
  let inClass = false;
  for (; j < s.src.length && s.src[j] !== "\n"; j++) {
    const ch = s.src[j];
    if (ch === "\\") j++;
    else if (ch === "[") inClass = true;
    else if (ch === "]") inClass = false;
    else if (ch === "/" && !inClass) break;
  }
  if (s.src[j] !== "/") return false;
  s.i = j + 1;
  while (s.i < s.src.length && isIdentPart(s.src[s.i]!)) s.i++;
  return true;
}

/** Skips one piece of whitespace or one comment, noting line breaks; false when there is none. */
function trivia(s: Scan): boolean {
  const ch = s.src[s.i]!;
  let end = s.i;
  if (" \t\r\n\f\v\ufeff\u00a0".includes(ch)) end = s.i + 1;
  else if (ch === "/" && s.src[s.i + 1] === "/") end = s.src.indexOf("\n", s.i) === -1 ? s.src.length : s.src.indexOf("\n", s.i);
  else if (ch === "/" && s.src[s.i + 1] === "*") end = s.src.indexOf("*/", s.i + 2) === -1 ? s.src.length : s.src.indexOf("*/", s.i + 2) + 2;
  else return false;
  for (; s.i < end; s.i++) {
    if (s.src[s.i] === "\n") {
      s.line++;
      s.nl = true;
    }
  }
  return true;
}

/** Tokenizes until the end, or (inside `${}`) until the `}` that closes it. */
function run(s: Scan, out: Token[], untilBrace: boolean): Token[] {
  let depth = 0;
  while (s.i < s.src.length) {
    if (trivia(s)) continue;
    const { src } = s;
    const ch = src[s.i]!;
    const start = s.i;
    const line = s.line;
    let kind: Token["kind"] = "punct";
    if (ch === '"' || ch === "'") {
      kind = "string";
      quoted(s, ch);
    } else if (ch === "`") {
      kind = "template";
      template(s);
    } else if (isIdentStart(ch) || (ch === "#" && isIdentStart(src[s.i + 1] ?? ""))) {
      kind = "word";
      s.i++;
      while (s.i < src.length && isIdentPart(src[s.i]!)) s.i++;
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(src[s.i + 1] ?? ""))) {
      kind = "number";
      while (s.i < src.length && /[\w.]/.test(src[s.i]!)) s.i++;
    } else if (ch === "/" && regexAllowed(out.at(-1), src, s.i) && regex(s)) kind = "regex";
    else {
      if (untilBrace && ch === "}" && depth === 0) {
        s.i++;
        return out;
      }
      depth += ch === "{" ? 1 : ch === "}" ? -1 : 0;
      s.i += (OPERATORS.find((o) => src.startsWith(o, s.i)) ?? (ch === "/" && src[s.i + 1] === "=" ? "/=" : ch)).length;
    }
    push(s, out, kind, start, line);
  }
  return out;
}

/** Tokens of `src`; never throws, whatever the input. */
export function tokenize(src: string): Token[] {
  const shebang = src.startsWith("#!") ? src.indexOf("\n") : 0;
  return run({ src, i: shebang === -1 ? src.length : shebang, line: 1, nl: true }, [], false);
}

const OPENERS = new Set(["{", "(", "["]);
const CLOSERS = new Set(["}", ")", "]"]);

/** How a token changes the bracket depth: +1, -1 or 0. */
export function depthDelta(t: Token): number {
  if (t.kind !== "punct") return 0;
  if (OPENERS.has(t.text)) return 1;
  return CLOSERS.has(t.text) ? -1 : 0;
}

/** Words after which an expression must go on, across a line break. */
const CONTINUE_WORDS = new Set(["extends", "implements", "new", "typeof", "keyof", "await", "yield", "in", "of", "instanceof", "as", "satisfies", "is"]);
/** Punctuation that can begin a statement of its own after a line break. */
const STARTERS = new Set(["{", "@", "!", "~", "++", "--", ";", "}"]);

/**
 * Does the statement before `next` go on across the line break (so `next` does not start a
 * new statement)? The usual ASI reading: an operator on either side of the break continues.
 */
export function continues(prev: Token | undefined, next: Token): boolean {
  if (!prev) return false;
  if (prev.kind === "punct" && !CLOSERS.has(prev.text) && prev.text !== "++" && prev.text !== "--") return true;
  if (prev.kind === "word" && CONTINUE_WORDS.has(prev.text)) return true;
  if (next.kind === "word") return next.text === "as" || next.text === "satisfies" || next.text === "instanceof" || next.text === "in";
  return next.kind === "punct" && !STARTERS.has(next.text);
}

/** Does `tokens[i]` start a statement (given it is at bracket depth 0)? */
export function startsStatement(tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1];
  if (!prev || (prev.kind === "punct" && (prev.text === ";" || prev.text === "}"))) return true;
  return tokens[i]!.nl && !continues(prev, tokens[i]!);
}
