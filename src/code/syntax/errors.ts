/**
 * Where a tree does not parse. tree-sitter never fails: it recovers, wrapping what it cannot
 * place in ERROR nodes and inserting MISSING ones where a token must be. Each becomes a
 * problem at its line and column (1-based), outermost first, in file order.
 */
import type { Node } from "web-tree-sitter";

export interface SyntaxProblem {
  line: number;
  col: number;
  message: string;
}

/** At most this many problems are listed: past the first few, recovery reports noise. */
const MAX_PROBLEMS = 20;

/** The text an ERROR node holds, as a short quotation: its first line, cut. */
function quote(text: string): string {
  const first = text.trimStart().split("\n")[0]!.trimEnd();
  return JSON.stringify(first.length > 40 ? `${first.slice(0, 40)}…` : first);
}

function problemOf(node: Node): SyntaxProblem {
  const at = { line: node.startPosition.row + 1, col: node.startPosition.column + 1 };
  if (node.isMissing) return { ...at, message: node.isNamed ? `missing ${node.type}` : `missing ${JSON.stringify(node.type)}` };
  return { ...at, message: node.text.trim() ? `cannot parse ${quote(node.text)}` : "unexpected end of file" };
}

/** The syntax problems of a tree, or none. */
export function syntaxProblems(root: Node): SyntaxProblem[] {
  if (!root.hasError) return [];
  const found: SyntaxProblem[] = [];
  const visit = (node: Node): void => {
    if (found.length >= MAX_PROBLEMS) return;
    if (node.isError || node.isMissing) {
      found.push(problemOf(node));
      return;
    }
    for (const child of node.children) if (child.hasError || child.isMissing) visit(child);
  };
  visit(root);
  return found;
}
