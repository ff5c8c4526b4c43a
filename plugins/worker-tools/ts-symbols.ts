import { continues, depthDelta, startsStatement, type Token, tokenize } from "dgov/plugin";

/** A top-level declaration of a TypeScript/JavaScript file, or a method of a top-level class. */
export interface ScriptSymbol {
  kind: "function" | "class" | "method" | "const" | "let" | "var" | "interface" | "type" | "enum" | "namespace";
  name: string;
  line: number;
  /** "export", "export default", or "" */
  exported: string;
}

const MODIFIERS = new Set(["declare", "abstract", "async"]);
const VARIABLES = new Set(["const", "let", "var"]);

const isWord = (t: Token | undefined, text?: string) => t?.kind === "word" && (text === undefined || t.text === text);
const isPunct = (t: Token | undefined, text: string) => t?.kind === "punct" && t.text === text;

/** Index of the token after the bracket group opened at `open`. */
function skipGroup(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    depth += depthDelta(tokens[k]!);
    if (depth === 0) return k + 1;
  }
  return tokens.length;
}

/** Index after `<…>` type parameters opened at `open` (`>>` closes two levels). */
function skipAngles(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === "punct" && t.text === "<") depth++;
    else if (t.kind === "punct" && /^>+$/.test(t.text)) depth -= t.text.length;
    else if (t.kind === "punct" && (t.text === "{" || t.text === "(" || t.text === "[")) k = skipGroup(tokens, k) - 1;
    if (depth <= 0) return k + 1;
  }
  return tokens.length;
}

/** Methods of the class body opened at `open`; returns the index after its `}`. */
function classMembers(tokens: readonly Token[], open: number, cls: string, out: ScriptSymbol[]): number {
  let head: Token[] = [];
  let property = false;
  for (let k = open + 1; k < tokens.length; k++) {
    const t = tokens[k]!;
    const prev = tokens[k - 1]!;
    if (isPunct(t, "}")) return k + 1;
    if (k === open + 1 || isPunct(prev, ";") || isPunct(prev, "}") || (t.nl && !continues(prev, t))) {
      head = [];
      property = false;
    }
    if (isPunct(t, ";")) continue;
    if (isPunct(t, "@")) {
      // A decorator: `@name.chain(args)`.
      while (isWord(tokens[k + 1]) || isPunct(tokens[k + 1], ".")) k++;
      if (isPunct(tokens[k + 1], "(")) k = skipGroup(tokens, k + 1) - 1;
      continue;
    }
    if (isPunct(t, "=") || isPunct(t, ":") || isPunct(t, "=>")) property = true;
    if (isPunct(t, "[") && !property) {
      const end = skipGroup(tokens, k);
      head.push({ ...t, kind: "word", text: tokens.slice(k, end).map((x) => x.text).join("") });
      k = end - 1;
    } else if (isPunct(t, "<") && head.length > 0 && !property) k = skipAngles(tokens, k) - 1;
    else if (isPunct(t, "(") || isPunct(t, "{")) {
      const name = [...head].reverse().find((h) => h.kind === "word" || h.kind === "string");
      if (isPunct(t, "(") && name && !property) {
        const text = name.kind === "string" ? name.text.slice(1, -1) : name.text;
        out.push({ kind: "method", name: `${cls}.${text}`, line: name.line, exported: "" });
      }
      k = skipGroup(tokens, k) - 1;
      property = property || isPunct(t, "(");
    } else if (!property) head.push(t);
  }
  return tokens.length;
}

/** A class declaration at `at` (the `class` keyword); returns the index after its body. */
function classDecl(tokens: readonly Token[], at: number, exported: string, out: ScriptSymbol[]): number {
  const nameTok = tokens[at + 1];
  const named = isWord(nameTok) && nameTok!.text !== "extends" && nameTok!.text !== "implements";
  const name = named ? nameTok!.text : "default";
  if (named || exported === "export default") out.push({ kind: "class", name, line: tokens[at]!.line, exported });
  for (let k = at + 1; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (isPunct(t, "<")) k = skipAngles(tokens, k) - 1;
    else if (isPunct(t, "(") || isPunct(t, "[")) k = skipGroup(tokens, k) - 1;
    else if (isPunct(t, "{")) return classMembers(tokens, k, name, out);
  }
  return tokens.length;
}

/** After a comma, a word is a declared name only if a declarator goes on (not `Map<K, V>`). */
function declaratorAt(tokens: readonly Token[], k: number): boolean {
  const after = tokens[k + 1];
  return !after || [",", "=", ":", ";", "!"].some((p) => isPunct(after, p)) || after.nl;
}

/** `const a = …, b = …`: the simple names declared; returns where the statement ends. */
function variableDecl(tokens: readonly Token[], at: number, exported: string, out: ScriptSymbol[]): number {
  const kind = tokens[at]!.text as "const" | "let" | "var";
  let expectName = true;
  let k = at + 1;
  while (k < tokens.length) {
    const t = tokens[k]!;
    if (expectName && isWord(t) && (k === at + 1 || declaratorAt(tokens, k))) out.push({ kind, name: t.text, line: t.line, exported });
    expectName = false;
    if (isPunct(t, ";") || isPunct(t, "}")) return k;
    if (k > at + 1 && t.nl && !continues(tokens[k - 1], t)) return k;
    if (isPunct(t, ",")) expectName = true;
    k = depthDelta(t) > 0 ? skipGroup(tokens, k) : k + 1;
  }
  return k;
}

/** A declaration starting at `i` (a statement start at depth 0): its symbols, and where to go on. */
function declaration(tokens: readonly Token[], i: number, out: ScriptSymbol[]): number {
  let k = i;
  let exported = "";
  if (isWord(tokens[k], "export")) {
    exported = isWord(tokens[k + 1], "default") ? "export default" : "export";
    k += exported === "export" ? 1 : 2;
  }
  while (isWord(tokens[k]) && MODIFIERS.has(tokens[k]!.text) && isWord(tokens[k + 1])) k++;
  const kw = tokens[k];
  const next = tokens[k + 1];
  if (!isWord(kw)) return i;
  const add = (kind: ScriptSymbol["kind"], name: string) => out.push({ kind, name, line: kw!.line, exported });
  switch (kw!.text) {
    case "function": {
      const nameTok = isPunct(next, "*") ? tokens[k + 2] : next;
      if (isWord(nameTok)) add("function", nameTok!.text);
      else if (exported === "export default") add("function", "default");
      return k + 1;
    }
    case "class":
      return classDecl(tokens, k, exported, out);
    case "interface":
    case "enum":
    case "namespace":
      if (isWord(next)) add(kw!.text as ScriptSymbol["kind"], next!.text);
      return k + 1;
    case "type":
      if (isWord(next) && (isPunct(tokens[k + 2], "=") || isPunct(tokens[k + 2], "<"))) add("type", next!.text);
      return k + 1;
    default:
      if (kw!.text === "const" && isWord(next, "enum") && isWord(tokens[k + 2])) {
        add("enum", tokens[k + 2]!.text);
        return k + 2;
      }
      if (VARIABLES.has(kw!.text) && (isWord(next) || isPunct(next, "{") || isPunct(next, "["))) return variableDecl(tokens, k, exported, out);
      return i;
  }
}

/** Top-level declarations of a TypeScript/JavaScript source, in order (overloads listed once). */
export function scriptSymbols(source: string): ScriptSymbol[] {
  const tokens = tokenize(source);
  const out: ScriptSymbol[] = [];
  let depth = 0;
  let i = 0;
  while (i < tokens.length) {
    if (depth === 0 && startsStatement(tokens, i)) {
      const next = declaration(tokens, i, out);
      if (next > i) {
        i = next;
        continue;
      }
    }
    depth = Math.max(0, depth + depthDelta(tokens[i]!));
    i++;
  }
  return out.filter((s, n) => n === 0 || s.kind !== out[n - 1]!.kind || s.name !== out[n - 1]!.name);
}

/** One symbol as file_symbols prints it: `  export function main:3`, `    method A.run:7`. */
export function formatScriptSymbol(s: ScriptSymbol): string {
  if (s.kind === "method") return `    method ${s.name}:${s.line}`;
  return `  ${s.exported ? `${s.exported} ` : ""}${s.kind} ${s.name}:${s.line}`;
}
