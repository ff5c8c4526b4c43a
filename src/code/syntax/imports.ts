/**
 * What a parsed file imports, wherever in the file: module specifiers (TypeScript/JavaScript
 * `import`, `export … from`, `require()`, `import()`), Python modules with the names a `from`
 * imports, Go import paths, Rust `use` paths, `mod` declarations and `extern crate`.
 */
import type { Node } from "web-tree-sitter";
import { rustImports } from "./imports-rust.ts";
import type { SyntaxTree } from "./parser.ts";

export type ImportKind = "import" | "export" | "require" | "dynamic" | "use" | "mod" | "extern";

export interface Import {
  /** As written, unquoted: `./a`, `node:fs`; Python `os.path`, `..pkg.mod` (leading dots for relative); Go `fmt`; Rust `crate::a::B`. */
  specifier: string;
  line: number;
  kind: ImportKind;
  /** The names a Python `from` statement imports (`*` for a wildcard); null for every other import. */
  names: string[] | null;
}

const lineOf = (node: Node) => node.startPosition.row + 1;
/** A string literal's content: the text between its quotes. */
const unquote = (node: Node) => node.text.slice(1, -1);

function scriptImports(root: Node): Import[] {
  const found = root.descendantsOfType(["import_statement", "export_statement", "call_expression"]);
  return found.flatMap((node): Import[] => {
    if (!node) return [];
    if (node.type !== "call_expression") {
      // `import x = require("x")` keeps its source in the require clause.
      const source = node.childForFieldName("source") ?? node.namedChildren.find((c) => c?.type === "import_require_clause")?.childForFieldName("source");
      return source ? [{ specifier: unquote(source), line: lineOf(node), kind: node.type === "export_statement" ? "export" : "import", names: null }] : [];
    }
    const callee = node.childForFieldName("function");
    const args = node.childForFieldName("arguments")?.namedChildren ?? [];
    const dynamic = callee?.type === "import";
    if (!(dynamic || (callee?.type === "identifier" && callee.text === "require")) || args.length !== 1 || args[0]?.type !== "string") return [];
    return [{ specifier: unquote(args[0]), line: lineOf(node), kind: dynamic ? "dynamic" : "require", names: null }];
  });
}

/** A `from` statement's imported names, aliases dropped. */
function fromNames(node: Node): string[] {
  if (node.namedChildren.some((c) => c?.type === "wildcard_import")) return ["*"];
  return node.childrenForFieldName("name").flatMap((n) => (n?.isNamed ? [(n.type === "aliased_import" ? n.childForFieldName("name")! : n).text] : []));
}

function pythonImports(root: Node): Import[] {
  const found = root.descendantsOfType(["import_statement", "import_from_statement", "future_import_statement"]);
  return found.flatMap((node): Import[] => {
    if (!node) return [];
    const line = lineOf(node);
    if (node.type === "import_statement") {
      return node.childrenForFieldName("name").flatMap((n) => (n?.isNamed ? [{ specifier: (n.type === "aliased_import" ? n.childForFieldName("name")! : n).text, line, kind: "import", names: null }] : []));
    }
    const module = node.type === "future_import_statement" ? "__future__" : (node.childForFieldName("module_name")?.text.replace(/\s+/g, "") ?? "");
    return [{ specifier: module, line, kind: "import", names: fromNames(node) }];
  });
}

function goImports(root: Node): Import[] {
  return root.descendantsOfType("import_spec").flatMap((spec): Import[] => {
    const path = spec?.childForFieldName("path");
    return spec && path ? [{ specifier: unquote(path), line: lineOf(spec), kind: "import", names: null }] : [];
  });
}

/** The imports of a parsed file, in file order. */
export function imports(tree: SyntaxTree): Import[] {
  switch (tree.grammar) {
    case "python":
      return pythonImports(tree.root);
    case "go":
      return goImports(tree.root);
    case "rust":
      return rustImports(tree.root);
    default:
      return scriptImports(tree.root);
  }
}
