/**
 * Dependency cycles of an import graph: its strongly connected components of more than one
 * file, each given as one cycle through all of it where one exists (else a shortest loop back
 * to the first file), starting at its smallest path so a cycle reads the same every time.
 */
import type { ImportGraph } from "./graph.ts";

interface Tarjan {
  index: Map<string, number>;
  low: Map<string, number>;
  stack: string[];
  onStack: Set<string>;
  found: string[][];
}

function visit(t: Tarjan, node: string): void {
  t.index.set(node, t.index.size);
  t.low.set(node, t.index.get(node)!);
  t.stack.push(node);
  t.onStack.add(node);
}

/** Pops a finished root's component off the stack. */
function pop(t: Tarjan, root: string): void {
  const scc: string[] = [];
  let n: string;
  do {
    n = t.stack.pop()!;
    t.onStack.delete(n);
    scc.push(n);
  } while (n !== root);
  if (scc.length > 1) t.found.push(scc.sort());
}

const lower = (t: Tarjan, node: string, value: number) => t.low.set(node, Math.min(t.low.get(node)!, value));

/** Tarjan's algorithm, iterative (a long import chain must not overflow the stack). */
export function components(graph: ImportGraph): string[][] {
  const t: Tarjan = { index: new Map(), low: new Map(), stack: [], onStack: new Set(), found: [] };
  for (const start of graph.files) {
    if (t.index.has(start)) continue;
    const work: { node: string; i: number }[] = [{ node: start, i: 0 }];
    visit(t, start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const targets = graph.out.get(top.node) ?? [];
      if (top.i < targets.length) {
        const to = targets[top.i++]!;
        if (!t.index.has(to)) {
          visit(t, to);
          work.push({ node: to, i: 0 });
        } else if (t.onStack.has(to)) lower(t, top.node, t.index.get(to)!);
        continue;
      }
      work.pop();
      if (work.length) lower(t, work[work.length - 1]!.node, t.low.get(top.node)!);
      if (t.low.get(top.node) === t.index.get(top.node)) pop(t, top.node);
    }
  }
  return t.found.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** A loop from the component's first file back to it, through its files (breadth-first: the shortest). */
function loopOf(graph: ImportGraph, scc: readonly string[]): string[] {
  const inside = new Set(scc);
  const start = scc[0]!;
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const at = queue.shift()!;
    for (const to of graph.out.get(at) ?? []) {
      if (!inside.has(to)) continue;
      if (to === start) {
        const path = [at];
        while (path[0] !== start) path.unshift(parent.get(path[0]!)!);
        return path;
      }
      if (!parent.has(to)) {
        parent.set(to, at);
        queue.push(to);
      }
    }
  }
  return [...scc];
}

export interface Cycle {
  /** Every file of the component, sorted: the cycle's identity. */
  files: string[];
  /** One loop through it, in import order, from its first file (the last imports the first). */
  loop: string[];
}

export function cycles(graph: ImportGraph): Cycle[] {
  return components(graph).map((files) => ({ files, loop: loopOf(graph, files) }));
}

/** `a.ts → b.ts → a.ts`. */
export const cycleText = (c: Cycle) => [...c.loop, c.loop[0]].join(" → ");
