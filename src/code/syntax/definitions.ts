/** The definitions of a parsed file, by its grammar. */
import type { Definition } from "./definition.ts";
import { goDefinitions } from "./defs-go.ts";
import { pythonDefinitions } from "./defs-python.ts";
import { rustDefinitions } from "./defs-rust.ts";
import { scriptDefinitions } from "./defs-script.ts";
import type { SyntaxTree } from "./parser.ts";

/** Top-level definitions and members (methods of classes, impls and traits; Go methods), in file order. */
export function definitions(tree: SyntaxTree): Definition[] {
  switch (tree.grammar) {
    case "python":
      return pythonDefinitions(tree.root);
    case "go":
      return goDefinitions(tree.root);
    case "rust":
      return rustDefinitions(tree.root);
    default:
      return scriptDefinitions(tree.root);
  }
}
