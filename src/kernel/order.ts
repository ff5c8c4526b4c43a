/**
 * The merge order: depth-first post-order over the ids sorted lexicographically, with each
 * task's dependencies visited in declared order (dgov-py's deterministic history). Iterative,
 * so long chains cannot overflow the stack. Dependencies outside `deps` are ignored.
 */
export function topologicalOrder(deps: ReadonlyMap<string, readonly string[]>): string[] {
  const order: string[] = [];
  const visited = new Set<string>();
  for (const root of [...deps.keys()].sort()) {
    if (visited.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    visited.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = deps.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++]!;
        if (!visited.has(to) && deps.has(to)) {
          visited.add(to);
          work.push({ node: to, next: 0 });
        }
        continue;
      }
      order.push(frame.node);
      work.pop();
    }
  }
  return order;
}
