/**
 * Definitions of Python files, the ones `ast` sees at the top of a module: functions, classes
 * and their methods, simply named assignments (`X = 1`, `Y: int`, each name of `a = b = 1`),
 * `type` aliases. Decorated definitions span their decorators.
 */
import type { Node } from "web-tree-sitter";
import { type Definition, define, signatureOf } from "./definition.ts";

/** The definition a decorated_definition wraps, or the node itself. */
function unwrap(node: Node): Node | null {
  return node.type === "decorated_definition" ? node.childForFieldName("definition") : node;
}

const keywordOf = (fn: Node) => (fn.child(0)?.type === "async" ? "async def" : "def");

function methods(body: Node, cls: string): Definition[] {
  return body.namedChildren.flatMap((item): Definition[] => {
    const fn = item && unwrap(item);
    const nameNode = fn?.childForFieldName("name");
    if (!item || fn?.type !== "function_definition" || !nameNode) return [];
    return [define({ name: nameNode.text, kind: "method", keyword: keywordOf(fn), nameNode, whole: item, container: cls, signature: signatureOf(fn, " -> ") })];
  });
}

/** The simple names an assignment statement binds: `x = y = 1` binds both, `a, b = …` and `o.x = …` none. */
function assigned(assignment: Node, whole: Node): Definition[] {
  const out: Definition[] = [];
  for (let node: Node | null = assignment; node?.type === "assignment"; node = node.childForFieldName("right")) {
    const left = node.childForFieldName("left");
    if (left?.type === "identifier") out.push(define({ name: left.text, kind: "variable", keyword: "=", nameNode: left, whole }));
  }
  return out;
}

function statement(stmt: Node): Definition[] {
  if (stmt.type === "expression_statement") {
    const inner = stmt.namedChild(0);
    return inner?.type === "assignment" ? assigned(inner, stmt) : [];
  }
  if (stmt.type === "type_alias_statement") {
    const nameNode = stmt.childForFieldName("left")?.namedChild(0) ?? null;
    return nameNode ? [define({ name: nameNode.text, kind: "type", keyword: "type", nameNode, whole: stmt })] : [];
  }
  const def = unwrap(stmt);
  const nameNode = def?.childForFieldName("name");
  if (!def || !nameNode) return [];
  if (def.type === "function_definition") return [define({ name: nameNode.text, kind: "function", keyword: keywordOf(def), nameNode, whole: stmt, signature: signatureOf(def, " -> ") })];
  if (def.type !== "class_definition") return [];
  const body = def.childForFieldName("body");
  return [define({ name: nameNode.text, kind: "class", keyword: "class", nameNode, whole: stmt }), ...(body ? methods(body, nameNode.text) : [])];
}

/** The module-level definitions of a Python file and the methods of its classes, in file order. */
export function pythonDefinitions(root: Node): Definition[] {
  return root.namedChildren.flatMap((stmt) => (stmt ? statement(stmt) : []));
}
