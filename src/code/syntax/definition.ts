/**
 * A definition in a file, as every grammar reports it, and how one is made from its nodes:
 * where its name is, its whole span, its signature and a hash of its text.
 */
import type { Node } from "web-tree-sitter";

export type DefinitionKind =
  | "function"
  | "method"
  | "class"
  | "interface"
  | "type"
  | "enum"
  | "const"
  | "variable"
  | "struct"
  | "trait"
  | "impl"
  | "module"
  | "macro";

export interface Definition {
  name: string;
  /** What a member belongs to (its class, impl, trait, receiver type, enclosing Rust module); null at the top level. */
  container: string | null;
  kind: DefinitionKind;
  /** The declaring word as written: `function`, `def`, `fn`, `func`, `let`, `var`, `namespace`, `static`, `impl` … */
  keyword: string;
  /** The export or visibility as written: `export`, `export default`, `pub`, `pub(crate)`; "" otherwise (always for Go and Python). */
  exported: string;
  /** Where the name is (1-based); for an unnamed default export, where the definition starts. */
  line: number;
  col: number;
  /** The whole definition, decorators and export included (1-based, inclusive). */
  startLine: number;
  endLine: number;
  /** Type parameters, parameters and return type of a function or method, whitespace collapsed (`(a: number): string`); "" for other kinds. */
  signature: string;
  /** A hash of the definition's text, whitespace collapsed: it changes when the definition does. */
  bodyHash: string;
}

/** Collapses whitespace, and the gaps a line break leaves inside brackets (`( a, )` → `(a)`). */
export function collapse(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/([([<]) /g, "$1")
    .replace(/ ([)\]>])/g, "$1")
    .replace(/,([)\]>])/g, "$1")
    .trim();
}

/** A short stable hash of a text (wyhash, 64 bits, hex). */
export function hashText(text: string): string {
  return Bun.hash(text.replace(/\s+/g, " ").trim()).toString(16).padStart(16, "0");
}

const field = (node: Node, name: string) => node.childForFieldName(name);

/** Type parameters, parameters and return type of a function-like node, `returnJoin` before the return type. */
export function signatureOf(fn: Node, returnJoin: string, returnField = "return_type"): string {
  const params = field(fn, "parameters");
  if (!params) return "";
  const typeParams = field(fn, "type_parameters")?.text ?? "";
  const ret = field(fn, returnField);
  return collapse(`${typeParams}${params.text}${ret ? `${returnJoin}${ret.text}` : ""}`);
}

export interface DefinitionParts {
  name: string;
  kind: DefinitionKind;
  keyword: string;
  /** The name's node; null for an unnamed definition (`export default function () {}`). */
  nameNode: Node | null;
  /** The whole definition's node: its span; its text is hashed unless `hashed` is given. */
  whole: Node;
  hashed?: string;
  container?: string | null;
  exported?: string;
  signature?: string;
}

/** A definition from its parts. */
export function define(parts: DefinitionParts): Definition {
  const at = (parts.nameNode ?? parts.whole).startPosition;
  return {
    name: parts.name,
    container: parts.container ?? null,
    kind: parts.kind,
    keyword: parts.keyword,
    exported: parts.exported ?? "",
    line: at.row + 1,
    col: at.column + 1,
    startLine: parts.whole.startPosition.row + 1,
    endLine: parts.whole.endPosition.row + 1,
    signature: parts.signature ?? "",
    bodyHash: hashText(parts.hashed ?? parts.whole.text),
  };
}

/** `def` continues `prev` (an overload after its signatures, a setter after its getter): one definition spanning both, with the later signature. */
export function joinDefinitions(prev: Definition, def: Definition): Definition {
  return { ...prev, endLine: def.endLine, signature: def.signature || prev.signature, bodyHash: hashText(prev.bodyHash + def.bodyHash) };
}
