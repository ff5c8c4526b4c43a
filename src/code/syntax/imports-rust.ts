/** Rust's imports: `use` trees expanded to paths, `mod name;` declarations, `extern crate`. */
import type { Node } from "web-tree-sitter";
import type { Import } from "./imports.ts";

const join = (prefix: string, path: string) => (prefix ? `${prefix}::${path}` : path);
const bare = (text: string) => text.replace(/\s+/g, "");

/** Every path a use tree names: `a::{b, c::d as e, f::*}` → a::b, a::c::d, a::f::*; `a::{self}` → a. */
export function expandUse(node: Node | null, prefix = ""): string[] {
  if (!node) return [];
  switch (node.type) {
    case "use_as_clause":
      return expandUse(node.childForFieldName("path"), prefix);
    case "use_list":
      return node.namedChildren.flatMap((child) => expandUse(child, prefix));
    case "scoped_use_list": {
      const path = node.childForFieldName("path");
      return expandUse(node.childForFieldName("list"), path ? join(prefix, bare(path.text)) : prefix);
    }
    case "self":
      return prefix ? [prefix] : ["self"];
    default:
      return [join(prefix, bare(node.text))];
  }
}

/** The inline modules around a node, outermost first: a `mod x;` inside `mod a { }` is `a::x`. */
function modulePath(node: Node): string[] {
  const path: string[] = [];
  for (let up = node.parent; up; up = up.parent) {
    const name = up.type === "mod_item" ? up.childForFieldName("name") : null;
    if (name) path.unshift(name.text);
  }
  return path;
}

export function rustImports(root: Node): Import[] {
  const found = root.descendantsOfType(["use_declaration", "mod_item", "extern_crate_declaration"]);
  return found.flatMap((node): Import[] => {
    if (!node) return [];
    const line = node.startPosition.row + 1;
    if (node.type === "use_declaration") return expandUse(node.childForFieldName("argument")).map((specifier) => ({ specifier, line, kind: "use", names: null }));
    const name = node.childForFieldName("name")?.text;
    if (!name) return [];
    if (node.type === "extern_crate_declaration") return [{ specifier: name, line, kind: "extern", names: null }];
    // Only a body-less `mod x;` loads another file.
    return node.childForFieldName("body") ? [] : [{ specifier: [...modulePath(node), name].join("::"), line, kind: "mod", names: null }];
  });
}
