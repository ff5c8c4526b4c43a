/**
 * A small POSIX shell lexer for the run_bash policy: it cuts a command line into its simple
 * commands (at `;`, `&`, `&&`, `||`, `|`, newlines and parentheses, outside quotes), with the
 * words of each (quotes removed, nothing expanded) and its redirections. The commands inside
 * `$(…)` and backticks are listed too. It is not a full shell grammar (no `case` patterns
 * inside `$(…)`, no aliases, no expansion), which is why the policy is only a safety net.
 */

/** A redirection: operator without its fd number (`>`, `>>`, `<`, `<<`, `>&`, `&>` …) and target word. */
export interface Redirect {
  op: string;
  target: string;
}

export interface SimpleCommand {
  words: string[];
  redirects: Redirect[];
}

export type LexResult = { ok: true; commands: SimpleCommand[] } | { ok: false; error: string };

class LexError extends Error {}

/** Longest first, so `>>` is not read as two `>`. */
const REDIRECT_OPS = ["<<<", "<<-", ">>", ">&", ">|", "<<", "<&", "<>", ">", "<"];
const MAX_NESTING = 16;

/** The simple commands of `line`, including those of command substitutions. */
export function lexCommandLine(line: string): LexResult {
  const out: SimpleCommand[] = [];
  try {
    lex(line, 0, false, out, 0);
    return { ok: true, commands: out };
  } catch (error) {
    if (error instanceof LexError) return { ok: false, error: error.message };
    throw error;
  }
}

interface State {
  words: string[];
  redirects: Redirect[];
  word: string;
  inWord: boolean;
  pending: string | null;
  heredocs: { delimiter: string; stripTabs: boolean }[];
}

function finishWord(s: State): void {
  if (!s.inWord) return;
  if (s.pending !== null) {
    s.redirects.push({ op: s.pending, target: s.word });
    if (s.pending.startsWith("<<") && s.pending !== "<<<") s.heredocs.push({ delimiter: s.word, stripTabs: s.pending === "<<-" });
    s.pending = null;
  } else s.words.push(s.word);
  s.word = "";
  s.inWord = false;
}

function finishCommand(s: State, out: SimpleCommand[]): void {
  finishWord(s);
  if (s.words.length || s.redirects.length) out.push({ words: s.words, redirects: s.redirects });
  s.words = [];
  s.redirects = [];
  s.pending = null;
}

/**
 * Lexes from `start`; in `nested` mode (inside `$(`) it returns the index after the closing
 * `)`. Commands found are appended to `out`.
 */
function lex(src: string, start: number, nested: boolean, out: SimpleCommand[], level: number): number {
  if (level > MAX_NESTING) throw new LexError("Command substitutions nested too deeply");
  const s: State = { words: [], redirects: [], word: "", inWord: false, pending: null, heredocs: [] };
  let depth = 0;
  let i = start;
  while (i < src.length) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === " " || c === "\t" || c === "\r") {
      finishWord(s);
      i++;
    } else if (c === "\n") {
      finishCommand(s, out);
      i = skipHeredocs(src, i + 1, s.heredocs);
      s.heredocs = [];
    } else if (c === "#" && !s.inWord) {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === ";" || c === "|" || (c === "&" && next !== ">")) {
      finishCommand(s, out);
      i += (c === ";" && next === ";") || (c === "|" && (next === "|" || next === "&")) || (c === "&" && next === "&") ? 2 : 1;
    } else if (c === "(") {
      finishCommand(s, out);
      depth++;
      i++;
    } else if (c === ")") {
      finishCommand(s, out);
      i++;
      if (depth === 0 && nested) return i;
      depth = Math.max(0, depth - 1);
    } else if (c === "<" || c === ">" || c === "&") {
      i = readRedirect(src, i, s);
    } else i = readWordPart(src, i, s, out, level);
  }
  if (nested) throw new LexError("No closing parenthesis");
  finishCommand(s, out);
  return i;
}

function readRedirect(src: string, i: number, s: State): number {
  // `2>` : the digits before the operator are its fd, not a word.
  if (s.inWord && s.pending === null && /^\d+$/.test(s.word)) {
    s.word = "";
    s.inWord = false;
  } else finishWord(s);
  if (src.startsWith("&>>", i) || src.startsWith("&>", i)) {
    const op = src.startsWith("&>>", i) ? "&>>" : "&>";
    s.pending = op;
    return i + op.length;
  }
  const op = REDIRECT_OPS.find((candidate) => src.startsWith(candidate, i))!;
  s.pending = op;
  return i + op.length;
}

/** Reads one quoted string, escape, substitution or plain character into the current word. */
function readWordPart(src: string, i: number, s: State, out: SimpleCommand[], level: number): number {
  const c = src[i]!;
  s.inWord = true;
  if (c === "\\") {
    if (i + 1 >= src.length) throw new LexError("No escaped character");
    if (src[i + 1] !== "\n") s.word += src[i + 1];
    else if (s.word === "") s.inWord = false;
    return i + 2;
  }
  if (c === "'") {
    const end = src.indexOf("'", i + 1);
    if (end === -1) throw new LexError("No closing quotation");
    s.word += src.slice(i + 1, end);
    return end + 1;
  }
  if (c === '"') return readDouble(src, i + 1, s, out, level);
  if (c === "`") return readBackticks(src, i + 1, s, out, level);
  if (c === "$") return readDollar(src, i, s, out, level);
  s.word += c;
  return i + 1;
}

function readDouble(src: string, i: number, s: State, out: SimpleCommand[], level: number): number {
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') return i + 1;
    if (c === "\\" && i + 1 < src.length && '$`"\\\n'.includes(src[i + 1]!)) {
      if (src[i + 1] !== "\n") s.word += src[i + 1];
      i += 2;
    } else if (c === "`") i = readBackticks(src, i + 1, s, out, level);
    else if (c === "$") i = readDollar(src, i, s, out, level);
    else {
      s.word += c;
      i++;
    }
  }
  throw new LexError("No closing quotation");
}

/** `` `cmd` ``: the inner command line is lexed on its own; the word keeps the raw text. */
function readBackticks(src: string, i: number, s: State, out: SimpleCommand[], level: number): number {
  let inner = "";
  for (let j = i; j < src.length; j++) {
    const c = src[j]!;
    if (c === "`") {
      lex(inner, 0, false, out, level + 1);
      s.word += `\`${src.slice(i, j)}\``;
      return j + 1;
    }
    if (c === "\\" && j + 1 < src.length && "`$\\".includes(src[j + 1]!)) inner += src[++j];
    else inner += c;
  }
  throw new LexError("No closing backquote");
}

/** `$(…)` (lexed as commands), `${…}`, `$'…'`, or a plain `$`; the word keeps the raw text. */
function readDollar(src: string, i: number, s: State, out: SimpleCommand[], level: number): number {
  const next = src[i + 1];
  if (next === "(") {
    const end = lex(src, i + 2, true, out, level + 1);
    s.word += src.slice(i, end);
    return end;
  }
  if (next === "{") {
    const end = src.indexOf("}", i + 2);
    if (end === -1) throw new LexError("No closing brace");
    s.word += src.slice(i, end + 1);
    return end + 1;
  }
  if (next === "'") {
    const match = /^\$'((?:[^'\\]|\\[\s\S])*)'/.exec(src.slice(i));
    if (!match) throw new LexError("No closing quotation");
    s.word += match[1]!.replace(/\\([\s\S])/g, (_, ch: string) => ({ n: "\n", t: "\t", r: "\r" })[ch] ?? ch);
    return i + match[0].length;
  }
  s.word += "$";
  return i + 1;
}

/** Skips the bodies of the here-documents started on the line just ended. */
function skipHeredocs(src: string, i: number, docs: State["heredocs"]): number {
  for (const doc of docs) {
    while (i < src.length) {
      const newline = src.indexOf("\n", i);
      const lineEnd = newline === -1 ? src.length : newline;
      const text = src.slice(i, lineEnd);
      i = newline === -1 ? src.length : newline + 1;
      if ((doc.stripTabs ? text.replace(/^\t+/, "") : text) === doc.delimiter) break;
    }
  }
  return i;
}
