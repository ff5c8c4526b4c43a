/**
 * Layering rules (`[architecture] rules`): a file matching a rule's `from` glob may import no
 * file matching one of its `deny` globs. Globs are gitignore-style, as `[scope]`'s are.
 */
import { globMatch } from "../../config/glob.ts";
import type { Edge, ImportGraph } from "./graph.ts";

export interface LayerRule {
  from: string;
  deny: string[];
}

export interface Violation {
  edge: Edge;
  rule: LayerRule;
  /** The deny glob the imported file matched. */
  denied: string;
}

/** `from = "src/kernel/**", deny = "src/runner/**"`. */
export const ruleText = (v: Violation) => `from = "${v.rule.from}", deny = "${v.denied}"`;

export function violations(graph: ImportGraph, rules: readonly LayerRule[]): Violation[] {
  const found: Violation[] = [];
  for (const edge of graph.edges) {
    for (const rule of rules) {
      if (!globMatch(rule.from, edge.from)) continue;
      const denied = rule.deny.find((g) => globMatch(g, edge.to));
      if (denied) found.push({ edge, rule, denied });
    }
  }
  return found;
}
