/**
 * What the architecture analysis needs of one file, read in one parse: its imports (as written,
 * resolved later against the whole tree) and its functions with their length and a simple
 * cyclomatic complexity (1 + the branching nodes inside its span).
 */
import { definitions, type Grammar, type Import, imports, parseFile, type SyntaxNode, type SyntaxTree } from "../syntax/index.ts";

export interface FunctionFacts {
  /** `Container.name`, or the name at the top level: the function's identity in its file. */
  name: string;
  line: number;
  lines: number;
  complexity: number;
}

export interface FileFacts {
  imports: Import[];
  /** Lines of imports erased before run time (TypeScript `import type`, Python `if TYPE_CHECKING:`): no cycle at run time. */
  typeOnly: number[];
  functions: FunctionFacts[];
}

/** Node types that open a branch, per grammar family. */
const BRANCHES: Record<"script" | Grammar, string[]> = {
  script: ["if_statement", "for_statement", "for_in_statement", "while_statement", "do_statement", "switch_case", "catch_clause", "ternary_expression"],
  typescript: [],
  tsx: [],
  javascript: [],
  python: ["if_statement", "elif_clause", "for_statement", "while_statement", "except_clause", "conditional_expression", "case_clause", "for_in_clause", "if_clause"],
  go: ["if_statement", "for_statement", "expression_case", "type_case", "communication_case"],
  rust: ["if_expression", "while_expression", "loop_expression", "for_expression", "match_arm"],
};
/** Short-circuit operators count as branches too. */
const LOGICAL = new Set(["&&", "||", "??", "and", "or"]);

function branchTypes(grammar: Grammar): string[] {
  const own = BRANCHES[grammar];
  return own.length ? own : BRANCHES.script;
}

/** Start rows of every branching node of the tree. */
function branchRows(root: SyntaxNode, grammar: Grammar): number[] {
  const rows = root.descendantsOfType(branchTypes(grammar)).flatMap((n) => (n ? [n.startPosition.row] : []));
  const logical = root.descendantsOfType(grammar === "python" ? "boolean_operator" : "binary_expression");
  for (const node of logical) {
    const op = node?.childForFieldName("operator")?.text;
    if (node && op && LOGICAL.has(op)) rows.push(node.startPosition.row);
  }
  return rows;
}

/** `import type {…}`, `export type {…}`, or every named member marked `type`. */
const TYPE_IMPORT = /^\s*(?:(?:import|export)\s+type\b|(?:import|export)\s*\{\s*type\s[^}]*\}\s*from)/;

function typeOnlyLines(tree: SyntaxTree, found: readonly Import[]): number[] {
  if (tree.grammar === "python") {
    const guarded = tree.root.descendantsOfType("if_statement").filter((n) => n && /^\s*(typing\.)?TYPE_CHECKING\s*$/.test(n.childForFieldName("condition")?.text ?? ""));
    return found.filter((i) => guarded.some((n) => n && i.line - 1 > n.startPosition.row && i.line - 1 <= n.endPosition.row)).map((i) => i.line);
  }
  if (tree.grammar === "go" || tree.grammar === "rust") return [];
  const lines = tree.text.split("\n");
  return found.filter((i) => (i.kind === "import" || i.kind === "export") && isTypeOnly(lines, i.line)).map((i) => i.line);
}

/** The statement from its line up to its `from` (multi-line braces joined). */
function isTypeOnly(lines: readonly string[], line: number): boolean {
  let text = "";
  for (let n = line - 1; n < lines.length && n < line + 50; n++) {
    text += `${lines[n]} `;
    if (/\bfrom\s*["']/.test(text)) break;
  }
  if (TYPE_IMPORT.test(text)) return /^\s*(?:import|export)\s+type\b/.test(text) || braceMembers(text).every((m) => /^type\s/.test(m));
  return false;
}

const braceMembers = (text: string) => (/\{([^}]*)\}/.exec(text)?.[1] ?? "").split(",").map((m) => m.trim()).filter(Boolean);

/** Imports and function metrics of one file's text. */
export async function fileFacts(text: string, grammar: Grammar): Promise<FileFacts> {
  const tree = await parseFile(text, grammar);
  try {
    const rows = branchRows(tree.root, grammar);
    const functions = definitions(tree)
      .filter((d) => d.kind === "function" || d.kind === "method" || ((d.kind === "const" || d.kind === "variable") && d.signature !== ""))
      .map((d) => ({
        name: d.container ? `${d.container}.${d.name}` : d.name,
        line: d.line,
        lines: d.endLine - d.startLine + 1,
        complexity: 1 + rows.filter((r) => r >= d.startLine - 1 && r <= d.endLine - 1).length,
      }));
    const found = imports(tree);
    return { imports: found, typeOnly: typeOnlyLines(tree, found), functions };
  } finally {
    tree.dispose();
  }
}
