/**
 * Definitions of Rust files: items at the top and in inline modules (their container is the
 * module path), and the functions of impl and trait blocks (their container is the type or trait).
 */
import type { Node } from "web-tree-sitter";
import { collapse, type Definition, type DefinitionKind, define, hashText, signatureOf } from "./definition.ts";

const ITEMS: Record<string, [DefinitionKind, string]> = {
  struct_item: ["struct", "struct"],
  enum_item: ["enum", "enum"],
  union_item: ["type", "union"],
  type_item: ["type", "type"],
  const_item: ["const", "const"],
  static_item: ["variable", "static"],
  macro_definition: ["macro", "macro_rules!"],
};

const visibility = (item: Node) => item.namedChildren.find((c) => c?.type === "visibility_modifier")?.text ?? "";

/** The type an impl is for, without generics or references: `impl<T> Show for &Point<T>` → `Point`. */
function baseType(type: Node | null): string {
  let node = type;
  while (node && (node.type === "generic_type" || node.type === "reference_type" || node.type === "pointer_type")) node = node.childForFieldName("type");
  return node ? collapse(node.text) : "";
}

function fn(item: Node, container: string | null, kind: DefinitionKind): Definition | null {
  const nameNode = item.childForFieldName("name");
  return nameNode ? define({ name: nameNode.text, kind, keyword: "fn", nameNode, whole: item, container, exported: visibility(item), signature: signatureOf(item, " -> ") }) : null;
}

/** The functions of an impl or trait body. */
function members(body: Node | null, container: string): Definition[] {
  return (body?.namedChildren ?? []).flatMap((item) => {
    const def = item && (item.type === "function_item" || item.type === "function_signature_item") ? fn(item, container, "method") : null;
    return def ? [def] : [];
  });
}

function impl(item: Node, container: string | null): Definition[] {
  const type = baseType(item.childForFieldName("type"));
  const trait = item.childForFieldName("trait");
  const name = trait ? `${collapse(trait.text)} for ${type}` : type;
  const header = collapse(item.text.slice(0, (item.childForFieldName("body")?.startIndex ?? item.endIndex) - item.startIndex));
  const def = define({ name, kind: "impl", keyword: "impl", nameNode: item.childForFieldName("type"), whole: item, container, signature: header });
  return [def, ...members(item.childForFieldName("body"), type)];
}

function item(node: Node, container: string | null): Definition[] {
  const nameNode = node.childForFieldName("name");
  const exported = visibility(node);
  if (node.type === "function_item") return [fn(node, container, "function")].filter((d): d is Definition => d !== null);
  if (node.type === "impl_item") return impl(node, container);
  if (!nameNode) return [];
  if (node.type === "trait_item") {
    return [define({ name: nameNode.text, kind: "trait", keyword: "trait", nameNode, whole: node, container, exported }), ...members(node.childForFieldName("body"), nameNode.text)];
  }
  if (node.type === "mod_item") {
    const path = container ? `${container}::${nameNode.text}` : nameNode.text;
    return [define({ name: nameNode.text, kind: "module", keyword: "mod", nameNode, whole: node, container, exported }), ...items(node.childForFieldName("body"), path)];
  }
  const simple = ITEMS[node.type];
  return simple ? [define({ name: nameNode.text, kind: simple[0], keyword: simple[1], nameNode, whole: node, container, exported })] : [];
}

/** `#[derive(…)]` and other attributes belong to the item below them: its span and hash take them in. */
function withAttributes(defs: Definition[], attributes: Node[], node: Node): Definition[] {
  if (attributes.length === 0 || defs.length === 0) return defs;
  const [own, ...rest] = defs;
  const text = [...attributes.map((a) => a.text), node.text].join("\n");
  return [{ ...own!, startLine: attributes[0]!.startPosition.row + 1, bodyHash: hashText(text) }, ...rest];
}

function items(list: Node | null, container: string | null): Definition[] {
  const out: Definition[] = [];
  let attributes: Node[] = [];
  for (const node of list?.namedChildren ?? []) {
    if (!node) continue;
    if (node.type === "attribute_item") attributes.push(node);
    else if (node.type !== "line_comment" && node.type !== "block_comment") {
      out.push(...withAttributes(item(node, container), attributes, node));
      attributes = [];
    }
  }
  return out;
}

/** The items of a Rust file, inline modules' included, and the functions of its impls and traits, in file order. */
export function rustDefinitions(root: Node): Definition[] {
  return items(root, null);
}
