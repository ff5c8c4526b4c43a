/**
 * References by name: where an identifier spelled like a name occurs in a parsed file, outside
 * comments and strings, the name of its definitions excluded. By spelling, not by binding: a
 * local variable or a member of another type with the same name counts too.
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

/** Every occurrence of `name` as an identifier, definitions included, in file order. */
export function occurrences(tree: SyntaxTree, name: string): Reference[] {
  // A cheap test first: most files of a search do not spell the name at all.
  if (!tree.text.includes(name)) return [];
  return tree.root.descendantsOfType([...IDENTIFIER_TYPES[tree.grammar]]).flatMap((node) => {
    if (!node || node.text !== name) return [];
    return [{ line: node.startPosition.row + 1, col: node.startPosition.column + 1 }];
  });
}

/** Occurrences of `name` that are not where one of the file's definitions of it is named. */
export function references(tree: SyntaxTree, name: string): Reference[] {
  const found = occurrences(tree, name);
  if (found.length === 0) return [];
  const named = new Set(definitions(tree).filter((d) => d.name === name).map((d) => `${d.line}:${d.col}`));
  return found.filter((r) => !named.has(`${r.line}:${r.col}`));
}
