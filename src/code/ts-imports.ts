import { loaderFor, SCRIPT_EXTS } from "./languages.ts";
import { type Token, tokenize } from "./ts-scan.ts";

const isWord = (t: Token | undefined, text?: string) => t?.kind === "word" && (text === undefined || t.text === text);
const isPunct = (t: Token | undefined, text: string) => t?.kind === "punct" && t.text === text;
const unquote = (t: Token) => t.text.slice(1, -1);

/** `import … from "x"` / `export … from "x"`: the clause before `from` is words, `,`, `*`, `{…}`. */
function fromClause(tokens: readonly Token[], k: number): string | null {
  for (; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (isWord(t, "from") && tokens[k + 1]?.kind === "string") return unquote(tokens[k + 1]!);
    if (isPunct(t, "{")) {
      while (k < tokens.length && !isPunct(tokens[k], "}")) k++;
    } else if (!isWord(t) && !isPunct(t, ",") && !isPunct(t, "*")) return null;
  }
  return null;
}

/** Module specifiers the tokens name: static, type-only, dynamic, `require`, `import x = require`. */
function tokenImports(tokens: readonly Token[]): string[] {
  const found: string[] = [];
  tokens.forEach((t, k) => {
    const next = tokens[k + 1];
    const called = isPunct(next, "(") && tokens[k + 2]?.kind === "string" && isPunct(tokens[k + 3], ")");
    if (isPunct(tokens[k - 1], ".") || isPunct(tokens[k - 1], "?.")) return;
    if ((isWord(t, "require") || isWord(t, "import")) && called) found.push(unquote(tokens[k + 2]!));
    else if (isWord(t, "import") && next?.kind === "string") found.push(unquote(next));
    else if (isWord(t, "import") || isWord(t, "export")) {
      const spec = fromClause(tokens, k + 1);
      if (spec !== null) found.push(spec);
    }
  });
  return found;
}

/**
 * Every module a TypeScript/JavaScript source imports. Bun's own scanner is the reference;
 * it drops what erases at run time (`import type`) and CommonJS `require`, which a model
 * asking "what does this file depend on" still wants, so the tokens add those.
 */
export function scriptImports(source: string, path: string): string[] {
  let scanned: string[] = [];
  try {
    scanned = new Bun.Transpiler({ loader: loaderFor(path) }).scan(source).imports.map((i) => i.path);
  } catch {
    // A file that does not parse still gets the token scan.
  }
  return [...new Set([...scanned, ...tokenImports(tokenize(source))])];
}

function normalize(parts: string[]): string | null {
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part !== "..") out.push(part);
    else if (out.length === 0) return null;
    else out.pop();
  }
  return out.join("/");
}

/** Compiled-extension spellings of a TypeScript source: `./a.js` names `a.ts`. */
const SWAPS: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };

/**
 * The worktree file a relative specifier names, as the bundlers resolve it: exact, with a
 * source extension, `index.*` of a folder, or the TypeScript source of a `.js` spelling.
 * Bare specifiers (packages, `node:` builtins) and paths leaving the worktree give null.
 */
export function resolveSpecifier(spec: string, fromRel: string, files: ReadonlySet<string>): string | null {
  if (!spec.startsWith("./") && !spec.startsWith("../") && spec !== "." && spec !== "..") return null;
  const dir = fromRel.split("/").slice(0, -1);
  const base = normalize([...dir, ...spec.split("/")]);
  if (base === null) return null;
  const ext = Object.keys(SWAPS).find((e) => base.endsWith(e));
  const candidates = [
    base,
    ...(ext ? SWAPS[ext]!.map((s) => base.slice(0, -ext.length) + s) : []),
    ...SCRIPT_EXTS.map((e) => base + e),
    `${base}.d.ts`,
    ...SCRIPT_EXTS.map((e) => `${base ? `${base}/` : ""}index${e}`),
  ];
  return candidates.find((c) => files.has(c)) ?? null;
}
