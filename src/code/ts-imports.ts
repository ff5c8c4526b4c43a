import { loaderFor, SCRIPT_EXTS } from "./languages.ts";
import { grammarOf } from "./syntax/grammars.ts";
import { imports } from "./syntax/imports.ts";
import { withTree } from "./syntax/parser.ts";

/**
 * Every module a TypeScript/JavaScript source imports. Bun's own scanner is the reference;
 * it drops what erases at run time (`import type`) and CommonJS `require`, which a model
 * asking "what does this file depend on" still wants, so the syntax layer adds those (and
 * reads a file that does not parse as far as it can).
 */
export async function scriptImports(source: string, path: string): Promise<string[]> {
  let scanned: string[] = [];
  try {
    scanned = new Bun.Transpiler({ loader: loaderFor(path) }).scan(source).imports.map((i) => i.path);
  } catch {
    // A file that does not parse still gets the syntax layer's reading.
  }
  const parsed = await withTree(source, grammarOf(path) ?? "typescript", (tree) => imports(tree).map((i) => i.specifier));
  return [...new Set([...scanned, ...parsed])];
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
