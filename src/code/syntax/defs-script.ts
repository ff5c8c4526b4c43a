/** Definitions of TypeScript, TSX and JavaScript files: top-level declarations and class members. */
import type { Node } from "web-tree-sitter";
import { type Definition, define, type DefinitionKind, joinDefinitions, signatureOf } from "./definition.ts";

const FUNCTIONS = new Set(["function_declaration", "generator_function_declaration", "function_signature", "function_expression", "generator_function"]);
const CLASSES = new Set(["class_declaration", "abstract_class_declaration", "class"]);
const SIMPLE: Record<string, [DefinitionKind, string]> = {
  interface_declaration: ["interface", "interface"],
  type_alias_declaration: ["type", "type"],
  enum_declaration: ["enum", "enum"],
};
/** Declarations without a body: overload signatures, which the implementation after them completes. */
const SIGNATURES = new Set(["function_signature", "method_signature", "abstract_method_signature"]);
const METHODS = new Set(["method_definition", "method_signature", "abstract_method_signature"]);

/** One definition and whether it continues the one before (an overload, a getter's setter). */
type Found = { def: Definition; node: Node };

/** A member name as written: `run`, `#priv`, `[Symbol.iterator]`, `quoted-name` (unquoted). */
function memberName(name: Node): string {
  if (name.type === "string") return name.text.slice(1, -1);
  return name.text;
}

function classMembers(body: Node, cls: string): Found[] {
  return body.namedChildren.flatMap((member): Found[] => {
    if (!member || !METHODS.has(member.type)) return [];
    const nameNode = member.childForFieldName("name");
    if (!nameNode) return [];
    const def = define({ name: memberName(nameNode), kind: "method", keyword: "method", nameNode, whole: member, container: cls, signature: signatureOf(member, "") });
    return [{ def, node: member }];
  });
}

/** `const a = 1, b = () => 2`: the declarators with a plain name; an arrow or function value gives its signature. */
function variables(decl: Node, whole: Node, exported: string): Found[] {
  const keyword = decl.child(0)?.text ?? "var";
  const kind: DefinitionKind = keyword === "const" ? "const" : "variable";
  return decl.namedChildren.flatMap((declarator): Found[] => {
    const nameNode = declarator?.childForFieldName("name");
    if (!declarator || declarator.type !== "variable_declarator" || nameNode?.type !== "identifier") return [];
    const value = declarator.childForFieldName("value");
    const fn = value && (value.type === "arrow_function" || value.type === "function_expression") ? value : null;
    const signature = fn ? signatureOf(fn, "") || (fn.childForFieldName("parameter") ? `(${fn.childForFieldName("parameter")!.text})` : "") : "";
    const def = define({ name: nameNode.text, kind, keyword, nameNode, whole: decl.namedChildren.length > 1 ? declarator : whole, hashed: `${exported} ${keyword} ${declarator.text}`, exported, signature });
    return [{ def, node: declarator }];
  });
}

/** The declaration an export, an ambient `declare` or a namespace statement holds. */
function unwrap(stmt: Node): { decl: Node | null; exported: string } {
  if (stmt.type === "export_statement") {
    const exported = stmt.children.some((c) => c?.type === "default") ? "export default" : "export";
    return { decl: unwrapAmbient(stmt.childForFieldName("declaration") ?? stmt.childForFieldName("value")), exported };
  }
  if (stmt.type === "expression_statement") {
    const inner = stmt.namedChild(0);
    return { decl: inner?.type === "internal_module" ? inner : null, exported: "" };
  }
  return { decl: unwrapAmbient(stmt), exported: "" };
}

function unwrapAmbient(node: Node | null): Node | null {
  return node?.type === "ambient_declaration" ? node.namedChild(0) : node;
}

function declaration(stmt: Node): Found[] {
  const { decl, exported } = unwrap(stmt);
  if (!decl) return [];
  const nameNode = decl.childForFieldName("name");
  const name = nameNode ? (nameNode.type === "string" ? nameNode.text.slice(1, -1) : nameNode.text) : exported === "export default" ? "default" : null;
  const base = { nameNode, whole: stmt, exported };
  if (FUNCTIONS.has(decl.type) && name) return [{ def: define({ ...base, name, kind: "function", keyword: "function", signature: signatureOf(decl, "") }), node: decl }];
  if (CLASSES.has(decl.type) && name) {
    const body = decl.childForFieldName("body");
    return [{ def: define({ ...base, name, kind: "class", keyword: "class" }), node: decl }, ...(body ? classMembers(body, name) : [])];
  }
  if (decl.type === "lexical_declaration" || decl.type === "variable_declaration") return variables(decl, stmt, exported);
  if ((decl.type === "internal_module" || decl.type === "module") && name) {
    const keyword = decl.type === "internal_module" ? "namespace" : "module";
    return [{ def: define({ ...base, name, kind: "module", keyword }), node: decl }];
  }
  const simple = SIMPLE[decl.type];
  return simple && name ? [{ def: define({ ...base, name, kind: simple[0], keyword: simple[1] }), node: decl }] : [];
}

/** Does `next` complete `prev`: the implementation after overload signatures, or a get/set pair? */
function continues(prev: Found, next: Found): boolean {
  if (prev.def.name !== next.def.name || prev.def.container !== next.def.container || prev.def.kind !== next.def.kind) return false;
  if (SIGNATURES.has(prev.node.type)) return true;
  const accessor = (n: Node) => n.child(0)?.type === "get" || n.child(0)?.type === "set" || n.children.some((c) => c?.type === "get" || c?.type === "set");
  return prev.def.kind === "method" && accessor(prev.node) && accessor(next.node);
}

/** The top-level definitions of a script and the methods of its classes, in file order. */
export function scriptDefinitions(root: Node): Definition[] {
  const found = root.namedChildren.flatMap((stmt) => (stmt ? declaration(stmt) : []));
  const out: Found[] = [];
  for (const f of found) {
    const prev = out.at(-1);
    if (prev && continues(prev, f)) out[out.length - 1] = { def: joinDefinitions(prev.def, f.def), node: f.node };
    else out.push(f);
  }
  return out.map((f) => f.def);
}
