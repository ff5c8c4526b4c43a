/**
 * Parsing with tree-sitter. Nothing loads until the first parse: the web-tree-sitter module
 * and its runtime are started then, and each grammar the first time a file of it is parsed,
 * so commands that never parse (`dgov --version`) pay nothing. The WASM bytes come from the
 * files embedded in the binary (grammars.ts); nothing is fetched.
 */
import type { Language, Node, Parser, Tree } from "web-tree-sitter";
import { lineOpcodes } from "../line-diff.ts";
import { type Grammar, GRAMMAR_WASM, RUNTIME_WASM } from "./grammars.ts";
import { type SyntaxProblem, syntaxProblems } from "./errors.ts";

export type { Node as SyntaxNode } from "web-tree-sitter";

type Runtime = typeof import("web-tree-sitter");

let runtime: Promise<Runtime> | null = null;
const parsers = new Map<Grammar, Promise<Parser>>();

async function startRuntime(): Promise<Runtime> {
  const module = await import("web-tree-sitter");
  await module.Parser.init({ wasmBinary: await Bun.file(RUNTIME_WASM).bytes() });
  return module;
}

async function loadParser(grammar: Grammar): Promise<Parser> {
  const module = await (runtime ??= startRuntime());
  const language: Language = await module.Language.load(await Bun.file(GRAMMAR_WASM[grammar]).bytes());
  const parser = new module.Parser();
  parser.setLanguage(language);
  return parser;
}

/** The parser of a grammar, loaded once. A failed load is not cached, so a later call tries again. */
function parserFor(grammar: Grammar): Promise<Parser> {
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = loadParser(grammar);
    parsers.set(grammar, parser);
    parser.catch(() => parsers.delete(grammar));
  }
  return parser;
}

/** A parsed file. Its tree lives in WASM memory: `dispose()` (or `using`) frees it. */
export interface SyntaxTree {
  grammar: Grammar;
  text: string;
  root: Node;
  /** Where the file does not parse, in order; empty when it parses. */
  errors: SyntaxProblem[];
  dispose(): void;
  [Symbol.dispose](): void;
}

/** The tree-sitter tree behind each live SyntaxTree: what an incremental parse starts from. */
const RAW = new WeakMap<SyntaxTree, { tree: Tree; disposed: () => boolean }>();

interface Point {
  row: number;
  column: number;
}

/** Where `text` ends when written from `p`. */
function advance(p: Point, text: string): Point {
  const last = text.lastIndexOf("\n");
  if (last === -1) return { row: p.row, column: p.column + text.length };
  let rows = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) rows++;
  return { row: p.row + rows, column: text.length - last - 1 };
}

/** The lines of a text with their newlines: joined, they are the text again. */
const linesOf = (text: string) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/**
 * A copy of `from`'s tree with the line edits that turn its text into `text`, last hunk first
 * so each edit's positions are those of the text before it; null when most lines changed (a
 * fresh parse is as quick then). Lines keep their newlines, so a last line that lost or gained
 * one is a changed line and every span is exact.
 */
function editedCopy(module: Runtime, from: Tree, old: string, text: string): Tree | null {
  const [a, b] = [linesOf(old), linesOf(text)];
  const hunks = lineOpcodes(a, b).filter((o) => o.tag !== "equal");
  if (hunks.reduce((n, o) => n + Math.max(o.i2 - o.i1, o.j2 - o.j1), 0) * 2 > Math.max(a.length, b.length)) return null;
  // Offsets in UTF-16 units, as tree-sitter's JavaScript API counts them.
  const offsets = (lines: string[]) => lines.reduce((acc, l) => (acc.push(acc.at(-1)! + l.length), acc), [0]);
  const [oa, ob] = [offsets(a), offsets(b)];
  const copy = from.copy();
  for (const o of hunks.reverse()) {
    const [startIndex, oldEndIndex] = [oa[o.i1]!, oa[o.i2]!];
    const inserted = text.slice(ob[o.j1], ob[o.j2]);
    // Every line before the hunk ends with a newline: the hunk starts at a line's start.
    const startPosition = { row: o.i1, column: 0 };
    copy.edit(new module.Edit({ startIndex, oldEndIndex, newEndIndex: startIndex + inserted.length, startPosition, oldEndPosition: advance(startPosition, old.slice(startIndex, oldEndIndex)), newEndPosition: advance(startPosition, inserted) }));
  }
  return copy;
}

/**
 * Parses a file's text with a grammar. `from`, a live tree of another version of the same
 * file, makes it an incremental parse: tree-sitter reuses what the line edits between the two
 * did not touch (the same tree as a fresh parse, several times faster for a small change).
 */
export async function parseFile(text: string, grammar: Grammar, from?: SyntaxTree): Promise<SyntaxTree> {
  const parser = await parserFor(grammar);
  const raw = from && from.grammar === grammar ? RAW.get(from) : undefined;
  const old = raw && !raw.disposed() ? editedCopy((await runtime)!, raw.tree, from!.text, text) : null;
  const tree: Tree | null = parser.parse(text, old);
  old?.delete();
  if (!tree) throw new Error(`tree-sitter could not parse a ${grammar} file`);
  let disposed = false;
  const dispose = () => {
    if (!disposed) tree.delete();
    disposed = true;
  };
  const out: SyntaxTree = { grammar, text, root: tree.rootNode, errors: syntaxProblems(tree.rootNode), dispose, [Symbol.dispose]: dispose };
  RAW.set(out, { tree, disposed: () => disposed });
  return out;
}

/** Parses `text`, hands the tree to `use`, and frees it whatever happens. */
export async function withTree<T>(text: string, grammar: Grammar, use: (tree: SyntaxTree) => T): Promise<T> {
  const tree = await parseFile(text, grammar);
  try {
    return use(tree);
  } finally {
    tree.dispose();
  }
}
