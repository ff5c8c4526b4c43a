/**
 * References by name: where an identifier spelled like a name occurs in a parsed file, outside
 * comments and strings, where it is defined excluded (the file's definitions, and any function,
 * class or type declared by that name, every overload included). By spelling, not by binding:
 * a local variable or a member of another type with the same name counts too.
 */
import { definitions } from "./definitions.ts";
import type { Grammar } from "./grammars.ts";
import type { SyntaxTree } from "./parser.ts";

export interface Reference {
  line: number;
  col: number;
}

/** The node types that spell a name, per grammar: identifiers, property, field and type names. */
const SCRIPT = ["identifier", "property_identifier", "private_property_identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern", "type_identifier"];
export const IDENTIFIER_TYPES: Record<Grammar, readonly string[]> = {
  typescript: SCRIPT,
  tsx: SCRIPT,
  javascript: SCRIPT,
  python: ["identifier"],
  go: ["identifier", "field_identifier", "type_identifier", "package_identifier"],
  rust: ["identifier", "field_identifier", "type_identifier", "shorthand_field_identifier"],
};

const SCRIPT_DECLARATIONS = [
  "function_declaration",
  "generator_function_declaration",
  "function_signature",
  "method_definition",
  "method_signature",
  "abstract_method_signature",
  "class_declaration",
  "abstract_class_declaration",
  "interface_declaration",
  "type_alias_declaration",
  "enum_declaration",
  "internal_module",
];
/** Nodes whose `name` field declares what they define. */
const DECLARATIONS: Record<Grammar, ReadonlySet<string>> = {
  typescript: new Set(SCRIPT_DECLARATIONS),
  tsx: new Set(SCRIPT_DECLARATIONS),
  javascript: new Set(SCRIPT_DECLARATIONS),
  python: new Set(["function_definition", "class_definition"]),
  go: new Set(["function_declaration", "method_declaration", "type_spec", "type_alias"]),
  rust: new Set(["function_item", "function_signature_item", "struct_item", "enum_item", "union_item", "trait_item", "type_item", "mod_item", "macro_definition", "const_item", "static_item"]),
};

/** Every occurrence of `name` as an identifier, definitions included, in file order. */
export function occurrences(tree: SyntaxTree, name: string): Reference[] {
  // A cheap test first: most files of a search do not spell the name at all.
  if (!tree.text.includes(name)) return [];
  return tree.root.descendantsOfType([...IDENTIFIER_TYPES[tree.grammar]]).flatMap((node) => {
    if (!node || node.text !== name) return [];
    return [{ line: node.startPosition.row + 1, col: node.startPosition.column + 1 }];
  });
}

/** Occurrences of `name` that are not where it is defined. */
export function references(tree: SyntaxTree, name: string): Reference[] {
  if (!tree.text.includes(name)) return [];
  // An impl is named by the type it is for: that type is referenced there, not defined.
  const named = new Set(definitions(tree).filter((d) => d.name === name && d.kind !== "impl").map((d) => `${d.line}:${d.col}`));
  const declarations = DECLARATIONS[tree.grammar];
  return tree.root.descendantsOfType([...IDENTIFIER_TYPES[tree.grammar]]).flatMap((node) => {
    if (!node || node.text !== name) return [];
    const at = { line: node.startPosition.row + 1, col: node.startPosition.column + 1 };
    const parent = node.parent;
    const declares = parent !== null && declarations.has(parent.type) && parent.childForFieldName("name")?.equals(node) === true;
    return declares || named.has(`${at.line}:${at.col}`) ? [] : [at];
  });
}
