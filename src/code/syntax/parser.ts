/**
 * Parsing with tree-sitter. Nothing loads until the first parse: the web-tree-sitter module
 * and its runtime are started then, and each grammar the first time a file of it is parsed,
 * so commands that never parse (`dgov --version`) pay nothing. The WASM bytes come from the
 * files embedded in the binary (grammars.ts); nothing is fetched.
 */
import type { Language, Node, Parser, Tree } from "web-tree-sitter";
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

/** Parses a file's text with a grammar. */
export async function parseFile(text: string, grammar: Grammar): Promise<SyntaxTree> {
  const parser = await parserFor(grammar);
  const tree: Tree | null = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter could not parse a ${grammar} file`);
  let disposed = false;
  const dispose = () => {
    if (!disposed) tree.delete();
    disposed = true;
  };
  return { grammar, text, root: tree.rootNode, errors: syntaxProblems(tree.rootNode), dispose, [Symbol.dispose]: dispose };
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
