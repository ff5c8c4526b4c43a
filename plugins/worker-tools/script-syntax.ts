import { loaderFor } from "./languages.ts";

/** Where and why a source does not parse. */
export interface SyntaxProblem {
  line: number;
  message: string;
}

interface BuildMessageLike {
  message?: string;
  position?: { line?: number } | null;
  errors?: BuildMessageLike[];
}

function problemOf(error: unknown): SyntaxProblem {
  const e = error as BuildMessageLike;
  // Bun throws one BuildMessage, or an AggregateError holding several: report the first.
  const first = e.errors?.[0] ?? e;
  return { line: first.position?.line ?? 0, message: first.message ?? String(error) };
}

function parses(source: string, loader: "ts" | "tsx" | "js" | "jsx"): SyntaxProblem | null {
  try {
    new Bun.Transpiler({ loader }).transformSync(source);
    return null;
  } catch (error) {
    return problemOf(error);
  }
}

/**
 * The first syntax error of a TypeScript/JavaScript file, by Bun's own parser, or null.
 * A `.js` file may hold JSX (common in React projects): it is valid if either loader accepts it.
 */
export function scriptSyntaxError(source: string, path: string): SyntaxProblem | null {
  const loader = loaderFor(path);
  const problem = parses(source, loader);
  if (problem && loader === "js" && parses(source, "jsx") === null) return null;
  return problem;
}
