import { describe, expect, test } from "bun:test";
import { findCycles, independenceTest, topologicalOrder } from "../../src/plan/dag.ts";

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe("merge order (dgov-py's deterministic DFS)", () => {
  test("the spec's examples", () => {
    expect(topologicalOrder(graph({ c: [], a: [], b: ["a"], d: ["c", "b"] }))).toEqual(["a", "b", "c", "d"]);
    expect(topologicalOrder(graph({ m1: [], m2: [], z: ["m1"] }))).toEqual(["m1", "m2", "z"]);
    expect(topologicalOrder(graph({}))).toEqual([]);
  });

  test("every dependency precedes its dependents, identically on every call", () => {
    const g = graph({ d: ["b", "c"], b: ["a"], c: ["a"], a: [] });
    const order = topologicalOrder(g);
    expect(order).toEqual(["a", "b", "c", "d"]);
    expect(topologicalOrder(g)).toEqual(order);
  });

  test("a 5,000-node chain does not overflow the stack", () => {
    const g = graph(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`n${String(i).padStart(5, "0")}`, i ? [`n${String(i - 1).padStart(5, "0")}`] : []])));
    expect(topologicalOrder(g).length).toBe(5000);
    expect(findCycles(g)).toEqual([]);
  });
});

describe("cycles", () => {
  test("are reported as actual paths, starting at the smallest id", () => {
    expect(findCycles(graph({ a: ["b"], b: ["a"] }))).toEqual([["a", "b", "a"]]);
    expect(findCycles(graph({ c: ["a"], a: ["b"], b: ["c"] }))).toEqual([["a", "b", "c", "a"]]);
    expect(findCycles(graph({ a: ["a"] }))).toEqual([["a", "a"]]);
  });

  test("two disjoint cycles give two paths; what depends on a cycle is not one", () => {
    const g = graph({ a: ["b"], b: ["a"], x: ["y"], y: ["x"], after: ["a"], root: [] });
    expect(findCycles(g)).toEqual([["a", "b", "a"], ["x", "y", "x"]]);
  });

  test("a path follows the edges, not the sorted member list", () => {
    // a → c → b → a: sorted members would read a, b, c.
    expect(findCycles(graph({ a: ["c"], c: ["b"], b: ["a"] }))).toEqual([["a", "c", "b", "a"]]);
  });
});

describe("independence", () => {
  const g = graph({ a: [], b: ["a"], c: ["a"], d: ["b", "c"], e: [] });
  const independent = independenceTest(g, topologicalOrder(g));
  test("siblings of a common parent may run in parallel", () => expect(independent("b", "c")).toBe(true));
  test("direct and transitive dependencies are ordered", () => {
    expect(independent("a", "b")).toBe(false);
    expect(independent("d", "a")).toBe(false);
    expect(independent("a", "d")).toBe(false);
  });
  test("unrelated units are independent; a unit is not independent of itself", () => {
    expect(independent("e", "d")).toBe(true);
    expect(independent("a", "a")).toBe(false);
  });
});
