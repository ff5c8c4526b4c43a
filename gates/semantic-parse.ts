/**
 * One version of one file as the semantic gate reads it: its syntax problems, its symbols
 * (each with an identity that survives line shifts, a hash of its own text and, for functions,
 * how many arguments it takes) and its call sites. Parsed once, the tree freed at once.
 */
import { type Definition, definitions, type Grammar, imports, parseFile, type SyntaxNode, type SyntaxProblem, type SyntaxTree } from "dgov/plugin";
import { callSites, type Call, type Shape, shapeOf } from "./semantic-shape.ts";

export interface Symbol {
  /** Identity across versions: namespace, container and name (`v:Point.area`). */
  key: string;
  def: Definition;
  /** A hash of the symbol's own text: a class's or impl's members are not part of it. */
  hash: string;
  /** What a function or method accepts; null for other kinds. */
  shape: Shape | null;
  /** The decorators and attributes above it, as written (`@overload`, `#[cfg(test)]`). */
  decorations: string;
}

export interface Parsed {
  grammar: Grammar;
  errors: SyntaxProblem[];
  symbols: Symbol[];
  calls: Call[];
  /** Every segment of every import specifier (`../geo/area.ts` → geo, area): what the file may call into. */
  importSegments: Set<string>;
  /** A JavaScript/TypeScript file with an import or export (a module, where redeclaring a function is an error). */
  module: boolean;
}

const CONTAINERS = new Set(["class", "impl", "trait", "module"]);

/** Types and values live apart in TypeScript and Rust: `type X` beside `const X` is fine. */
function namespace(grammar: Grammar, def: Definition): string {
  if (grammar === "python" || grammar === "go") return "v";
  if (def.kind === "macro") return "m";
  if (def.kind === "impl") return "i";
  const types = grammar === "rust" ? ["struct", "enum", "type", "trait", "module", "interface"] : ["interface", "type"];
  return types.includes(def.kind) ? "t" : "v";
}

/** The impl a Rust member sits in (by span): its header tells `impl Show for A` from `impl Show for B`. */
function enclosing(defs: readonly Definition[], def: Definition): Definition | null {
  return defs.find((d) => d !== def && CONTAINERS.has(d.kind) && d.startLine <= def.startLine && d.endLine >= def.endLine && d.kind === "impl") ?? null;
}

function keyOf(grammar: Grammar, defs: readonly Definition[], def: Definition, lines: readonly string[]): string {
  let container = def.container ?? "";
  if (grammar === "rust" && def.kind === "method") container = enclosing(defs, def)?.signature ?? container;
  // A static member and an instance member of one class may share a name.
  const before = (lines[def.line - 1] ?? "").slice(0, def.col - 1);
  const isStatic = def.kind === "method" && /\bstatic\b/.test(before) ? "static " : "";
  return `${namespace(grammar, def)}:${container}.${isStatic}${def.name}`;
}

/** The text of a definition without its members' lines: a container changes only when its own lines do. */
function ownHash(def: Definition, defs: readonly Definition[], lines: readonly string[]): string {
  if (!CONTAINERS.has(def.kind)) return def.bodyHash;
  const inner = defs.filter((d) => d !== def && d.startLine >= def.startLine && d.endLine <= def.endLine && !(d.startLine === def.startLine && d.endLine === def.endLine));
  if (inner.length === 0) return def.bodyHash;
  const kept = lines.slice(def.startLine - 1, def.endLine).filter((_, i) => !inner.some((d) => def.startLine + i >= d.startLine && def.startLine + i <= d.endLine));
  return Bun.hash(kept.join("\n").replace(/\s+/g, " ").trim()).toString(16);
}

/** The function node a definition names: its parent, or a variable's arrow-function value. */
function functionNode(root: SyntaxNode, def: Definition): SyntaxNode | null {
  let node: SyntaxNode | null = root.descendantForPosition({ row: def.line - 1, column: def.col - 1 });
  for (let up = 0; node && up < 3; up++, node = node.parent) {
    if (node.type === "variable_declarator") {
      const value = node.childForFieldName("value");
      return value && (value.type === "arrow_function" || value.type === "function_expression") ? value : null;
    }
    if (node.childForFieldName("parameters")) return node;
  }
  return null;
}

/**
 * Parses one version of a file; null text (the file is absent there) gives null. `from`, a
 * live tree of another version, makes the parse incremental.
 */
export async function parseVersion(text: string | null, grammar: Grammar, from?: SyntaxTree): Promise<Parsed | null> {
  if (text === null) return null;
  const tree = await parseFile(text, grammar, from);
  try {
    return readVersion(tree);
  } finally {
    tree.dispose();
  }
}

/** What the gate reads of a parsed version. */
export function readVersion(tree: SyntaxTree): Parsed {
  const { grammar, text } = tree;
  const defs = definitions(tree);
  const lines = text.split("\n");
  const symbols = defs.map((def): Symbol => {
    const fn = def.kind === "function" || def.kind === "method" || (def.signature && (def.kind === "const" || def.kind === "variable")) ? functionNode(tree.root, def) : null;
    return {
      key: keyOf(grammar, defs, def, lines),
      def,
      hash: ownHash(def, defs, lines),
      shape: fn ? shapeOf(fn, grammar, def.kind === "method") : null,
      decorations: lines.slice(def.startLine - 1, Math.max(def.startLine - 1, def.line - 1)).join("\n"),
    };
  });
  const found = imports(tree);
  const importSegments = new Set(found.flatMap((i) => [...i.specifier.split(/[/.:]+/), ...(i.names ?? [])].filter(Boolean)));
  const module = grammar !== "python" && grammar !== "go" && grammar !== "rust" && tree.root.namedChildren.some((c) => c?.type === "import_statement" || c?.type === "export_statement");
  return { grammar, errors: tree.errors, symbols, calls: callSites(tree.root, grammar), importSegments, module };
}

/** The symbols of a version by identity; a name defined more than once keeps every definition. */
export function byKey(parsed: Parsed | null): Map<string, Symbol[]> {
  const map = new Map<string, Symbol[]>();
  for (const s of parsed?.symbols ?? []) map.set(s.key, [...(map.get(s.key) ?? []), s]);
  return map;
}

/** One hash for all definitions of an identity (merged interfaces, a redeclared var), or null when absent. */
export function hashOf(symbols: readonly Symbol[] | undefined): string | null {
  return symbols?.length ? symbols.map((s) => s.hash).join("+") : null;
}
