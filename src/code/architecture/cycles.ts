/**
 * Dependency cycles of an import graph: its strongly connected components of more than one
 * file, each given as one cycle through all of it where one exists (else a shortest loop back
 * to the first file), starting at its smallest path so a cycle reads the same every time.
 */
import type { ImportGraph } from "./graph.ts";

/** Tarjan's algorithm, iterative (a long import chain must not overflow the stack). */
export function components(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  for (const start of graph.files) {
    if (index.has(start)) continue;
    const work: { node: string; i: number }[] = [{ node: start, i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const targets = graph.out.get(top.node) ?? [];
      if (top.i < targets.length) {
        const to = targets[top.i++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, i: 0 });
        } else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1]!.node, Math.min(low.get(work[work.length - 1]!.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const scc: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          scc.push(n);
        } while (n !== top.node);
        if (scc.length > 1) found.push(scc.sort());
      }
    }
  }
  return found.sort((a, b) => a[0]!.localeCompare(b[0]!));
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
