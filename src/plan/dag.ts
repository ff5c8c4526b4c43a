/** Graph algorithms over a plan's dependencies: `deps` maps a unit id to the ids it depends on. */
export type Deps = ReadonlyMap<string, readonly string[]>;

/**
 * Every dependency cycle, each as an actual path `[a, b, c, a]` (a depends on b, …, c on a).
 * One cycle per strongly connected component, starting at its smallest id; components sorted.
 */
export function findCycles(deps: Deps): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  // Iterative Tarjan: plans can be long chains, deeper than the call stack.
  for (const start of [...deps.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = deps.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++]!;
        if (!deps.has(to)) continue;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = (deps.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)).map((c) => cyclePath(c, deps));
}

/** Walks a strongly connected component from its smallest member back to it. */
function cyclePath(component: string[], deps: Deps): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const path = [start];
  const seen = new Map([[start, 0]]);
  let node = start;
  for (;;) {
    const next = [...(deps.get(node) ?? [])].filter((d) => members.has(d)).sort()[0]!;
    if (seen.has(next)) return [...path.slice(seen.get(next)!), next];
    seen.set(next, path.length);
    path.push(next);
    node = next;
  }
}

export { topologicalOrder } from "../kernel/order.ts";

/**
 * For every unit, the set of units it transitively depends on, as bitsets over `order`
 * (a topological order). Two units may run in parallel when neither is in the other's set.
 */
export function independenceTest(deps: Deps, order: readonly string[]): (a: string, b: string) => boolean {
  const position = new Map(order.map((id, i) => [id, i]));
  const words = Math.ceil(order.length / 32);
  const sets = new Map<string, Uint32Array>();
  for (const id of order) {
    const set = new Uint32Array(words);
    for (const dep of deps.get(id) ?? []) {
      const p = position.get(dep);
      if (p === undefined) continue;
      set[p >> 5]! |= 1 << (p & 31);
      const inherited = sets.get(dep)!;
      for (let w = 0; w < words; w++) set[w]! |= inherited[w]!;
    }
    sets.set(id, set);
  }
  const has = (id: string, other: string) => {
    const p = position.get(other)!;
    return (sets.get(id)![p >> 5]! & (1 << (p & 31))) !== 0;
  };
  /** True when neither unit depends, directly or not, on the other. */
  return (a, b) => a !== b && !has(a, b) && !has(b, a);
}
