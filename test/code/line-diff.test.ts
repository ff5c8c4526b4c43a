import { describe, expect, test } from "bun:test";
import { lineOpcodes, matchLines } from "../../src/code/line-diff.ts";
import { keepFixesOnChangedLines, mergeFixedText, splitLines } from "../../gates/scoped-fix.ts";

/** LCS length by dynamic programming: the reference the Myers diff must reach. */
function lcsLength(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const row = [0];
    for (let j = 0; j < b.length; j++) row.push(x === b[j] ? prev[j]! + 1 : Math.max(prev[j + 1]!, row[j]!));
    prev = row;
  }
  return prev[b.length]!;
}

/** A seeded generator, so a failure reproduces. */
function random(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe("line diff", () => {
  test("finds a longest common subsequence of valid, increasing matches (random cases vs DP)", () => {
    const rnd = random(7);
    for (let round = 0; round < 300; round++) {
      const line = () => "abcd"[Math.floor(rnd() * 4)]!;
      const a = Array.from({ length: Math.floor(rnd() * 14) }, line);
      const b = Array.from({ length: Math.floor(rnd() * 14) }, line);
      const pairs = matchLines(a, b);
      expect(pairs.length).toBe(lcsLength(a, b));
      pairs.forEach(([i, j], k) => {
        expect(a[i]).toBe(b[j]!);
        if (k > 0) expect(i > pairs[k - 1]![0] && j > pairs[k - 1]![1]).toBe(true);
      });
      // The opcodes cover both sides in order and rebuild b from a.
      const rebuilt = lineOpcodes(a, b).flatMap((op) => (op.tag === "equal" ? a.slice(op.i1, op.i2) : b.slice(op.j1, op.j2)));
      expect(rebuilt).toEqual(b);
    }
  });

  test("opcodes name inserts, deletes and replaces as difflib does", () => {
    expect(lineOpcodes(["a", "b", "c"], ["a", "x", "c", "d"])).toEqual([
      { tag: "equal", i1: 0, i2: 1, j1: 0, j2: 1 },
      { tag: "replace", i1: 1, i2: 2, j1: 1, j2: 2 },
      { tag: "equal", i1: 2, i2: 3, j1: 2, j2: 3 },
      { tag: "insert", i1: 3, i2: 3, j1: 3, j2: 4 },
    ]);
    expect(lineOpcodes(["a", "b"], ["b"])).toEqual([{ tag: "delete", i1: 0, i2: 1, j1: 0, j2: 0 }, { tag: "equal", i1: 1, i2: 2, j1: 0, j2: 1 }]);
  });

  test("a file of thousands of lines rewritten throughout is diffed quickly", () => {
    const a = Array.from({ length: 4000 }, (_, i) => `x${i}=${i}`);
    const b = a.map((l, i) => (i % 2 ? l.replace("=", " = ") : l));
    const ops = lineOpcodes(a, b);
    expect(ops.filter((o) => o.tag === "replace")).toHaveLength(2000);
  });
});

describe("keeping fixes on the worker's lines", () => {
  test("spec §7.32: only the changed line takes the fix", () => {
    expect(keepFixesOnChangedLines(["a=1", "b=2", "c=3"], ["a = 1", "b = 2", "c = 3"], new Set([1]))).toEqual(["a=1", "b = 2", "c=3"]);
    expect(keepFixesOnChangedLines(["a=1", "b = 2", "c=3"], ["a = 1", "b = 2", "c = 3"], new Set())).toEqual(["a=1", "b = 2", "c=3"]);
  });

  test("an insert is kept next to a changed line only", () => {
    expect(keepFixesOnChangedLines(["a", "b", "c"], ["a", "NEW", "b", "c"], new Set([1]))).toEqual(["a", "NEW", "b", "c"]);
    expect(keepFixesOnChangedLines(["a", "b", "c", "d"], ["a", "b", "c", "NEW", "d"], new Set([0]))).toEqual(["a", "b", "c", "d"]);
  });

  test("a delete is applied only when it removes a changed line", () => {
    expect(keepFixesOnChangedLines(["import os", "x = 1"], ["x = 1"], new Set([0]))).toEqual(["x = 1"]);
    expect(keepFixesOnChangedLines(["import os", "x = 1"], ["x = 1"], new Set([1]))).toEqual(["import os", "x = 1"]);
  });

  test("a replace of a different length is all-or-nothing", () => {
    const worker = ["call(a, b)", "z"];
    const fixed = ["call(", "    a,", "    b,", ")", "z"];
    expect(keepFixesOnChangedLines(worker, fixed, new Set([0]))).toEqual(fixed);
    expect(keepFixesOnChangedLines(worker, fixed, new Set([1]))).toEqual(worker);
  });

  test("texts keep their line endings, a missing final newline included", () => {
    expect(splitLines("a\nb")).toEqual(["a\n", "b"]);
    expect(splitLines("")).toEqual([]);
    expect(mergeFixedText("a=1\nb=2", "a = 1\nb = 2\n", new Set([1]))).toBe("a=1\nb = 2\n");
  });
});
