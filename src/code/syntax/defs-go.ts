/** Definitions of Go files: functions, methods (by receiver type), types, constants and variables. */
import type { Node } from "web-tree-sitter";
import { type Definition, type DefinitionKind, define, signatureOf } from "./definition.ts";

/** The type a receiver names, without pointer or type arguments: `(p *Point[T])` → `Point`. */
function receiverType(method: Node): string | null {
  let type = method.childForFieldName("receiver")?.namedChild(0)?.childForFieldName("type") ?? null;
  while (type && type.type !== "type_identifier") type = type.type === "pointer_type" ? type.namedChild(0) : type.childForFieldName("type");
  return type?.text ?? null;
}

const SPECS = new Set(["const_spec", "var_spec", "type_spec", "type_alias"]);

function typeKind(spec: Node): DefinitionKind {
  const type = spec.childForFieldName("type")?.type;
  if (spec.type === "type_spec" && type === "struct_type") return "struct";
  return spec.type === "type_spec" && type === "interface_type" ? "interface" : "type";
}

/** Each name of each spec of a `const`/`var`/`type` declaration (grouped or not). */
function specs(decl: Node, kind: DefinitionKind | null, keyword: string): Definition[] {
  // A grouped `var (…)` holds a var_spec_list; a spec's own values (a func literal) are not searched.
  const all = decl.namedChildren.flatMap((c) => (c?.type.endsWith("_spec_list") ? c.namedChildren : [c]));
  return all.flatMap((spec) => {
    if (!spec || !SPECS.has(spec.type)) return [];
    const whole = decl.namedChildren.length === 1 && decl.namedChild(0)?.equals(spec) ? decl : spec;
    // The `name` field also holds the commas between names: only named nodes are names.
    return spec.childrenForFieldName("name").flatMap((nameNode) => (nameNode?.isNamed ? [define({ name: nameNode.text, kind: kind ?? typeKind(spec), keyword, nameNode, whole })] : []));
  });
}

function declaration(decl: Node): Definition[] {
  const nameNode = decl.childForFieldName("name");
  switch (decl.type) {
    case "function_declaration":
      return nameNode ? [define({ name: nameNode.text, kind: "function", keyword: "func", nameNode, whole: decl, signature: signatureOf(decl, " ", "result") })] : [];
    case "method_declaration":
      return nameNode ? [define({ name: nameNode.text, kind: "method", keyword: "func", nameNode, whole: decl, container: receiverType(decl), signature: signatureOf(decl, " ", "result") })] : [];
    case "type_declaration":
      return specs(decl, null, "type");
    case "const_declaration":
      return specs(decl, "const", "const");
    case "var_declaration":
      return specs(decl, "variable", "var");
    default:
      return [];
  }
}

/** The package-level definitions of a Go file, in file order; methods belong to their receiver's type. */
export function goDefinitions(root: Node): Definition[] {
  return root.namedChildren.flatMap((decl) => (decl ? declaration(decl) : []));
}
