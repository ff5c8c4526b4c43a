/**
 * The project's import graph, file to file: every supported source file's imports resolved
 * against the tree's own files (src/plan/import-resolve.ts), external packages left out.
 */
import { posix } from "node:path";
import { type Resolver, resolveImport } from "../../plan/import-resolve.ts";
import { grammarOf } from "../syntax/index.ts";
import type { FileFacts } from "./file-facts.ts";

export interface Edge {
  from: string;
  to: string;
  /** The importing line in `from`. */
  line: number;
  /**
   * A dependency that closes no cycle: erased before run time (`import type`, `if TYPE_CHECKING:`),
   * or a Rust `mod` declaration (containment: a child module's `use super::…` is no cycle).
   */
  typeOnly: boolean;
}

export interface ImportGraph {
  files: string[];
  edges: Edge[];
  /** Run-time targets per file (type-only imports left out), deduplicated, in first-import order. */
  out: Map<string, string[]>;
}

/** A resolver over a set of paths, the go.mod module taken from its text. */
export function resolverOf(paths: readonly string[], goMod: string | null): Resolver {
  const set = new Set(paths);
  const byDir = new Map<string, string[]>();
  for (const p of paths) {
    const dir = posix.dirname(p);
    byDir.set(dir, [...(byDir.get(dir) ?? []), p]);
  }
  return { exists: (p) => set.has(p), filesIn: (d) => byDir.get(d) ?? [], goModule: goMod ? (/^module\s+(\S+)/m.exec(goMod)?.[1] ?? null) : null };
}

/** The graph of `facts` (path → facts of that file); `all` is every path of the tree. */
export function importGraph(facts: ReadonlyMap<string, FileFacts>, resolver: Resolver): ImportGraph {
  const edges: Edge[] = [];
  const out = new Map<string, string[]>();
  const files = [...facts.keys()].sort();
  for (const from of files) {
    const grammar = grammarOf(from)!;
    const seen = new Set<string>();
    const runtime = new Set<string>();
    const f = facts.get(from)!;
    for (const imp of f.imports) {
      const typeOnly = f.typeOnly.includes(imp.line) || imp.kind === "mod";
      for (const to of resolveImport(from, imp, grammar, resolver)) {
        if (to === from || !facts.has(to)) continue;
        if (!typeOnly) runtime.add(to);
        if (seen.has(to)) continue;
        seen.add(to);
        edges.push({ from, to, line: imp.line, typeOnly });
      }
    }
    out.set(from, [...runtime]);
  }
  return { files, edges, out };
}
