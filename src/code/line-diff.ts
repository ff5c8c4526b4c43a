/**
 * A line diff: Myers' O((N+M)·D) algorithm in linear space (the middle-snake recursion), with
 * common prefixes and suffixes stripped first. Files of thousands of lines where a formatter
 * changed a few are cheap; a file rewritten throughout costs about N·D comparisons of ints.
 */

/** A difflib-style opcode: `a[i1:i2]` became `b[j1:j2]`. */
export interface Opcode {
  tag: "equal" | "insert" | "delete" | "replace";
  i1: number;
  i2: number;
  j1: number;
  j2: number;
}

type Snake = [x: number, y: number, u: number, v: number];

/** The middle snake of a[aLo:aHi] vs b[bLo:bHi], in absolute coordinates (Myers 1986, §4b). */
function middleSnake(a: Int32Array, b: Int32Array, aLo: number, aHi: number, bLo: number, bHi: number): Snake {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const delta = n - m;
  const odd = (delta & 1) !== 0;
  const max = Math.ceil((n + m) / 2);
  const off = max + 1;
  const vf = new Int32Array(2 * max + 3);
  const vb = new Int32Array(2 * max + 3);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && vf[off + k - 1]! < vf[off + k + 1]!) ? vf[off + k + 1]! : vf[off + k - 1]! + 1;
      let y = x - k;
      const x0 = x, y0 = y;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) x++, y++;
      vf[off + k] = x;
      const kr = delta - k;
      if (odd && kr >= 1 - d && kr <= d - 1 && x + vb[off + kr]! >= n) return [aLo + x0, bLo + y0, aLo + x, bLo + y];
    }
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && vb[off + k - 1]! < vb[off + k + 1]!) ? vb[off + k + 1]! : vb[off + k - 1]! + 1;
      let y = x - k;
      const x0 = x, y0 = y;
      while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) x++, y++;
      vb[off + k] = x;
      const kf = delta - k;
      if (!odd && kf >= -d && kf <= d && x + vf[off + kf]! >= n) return [aHi - x, bHi - y, aHi - x0, bHi - y0];
    }
  }
  throw new Error("line diff: no middle snake (unreachable)");
}

/** Appends the matched pairs (i, j) of a longest common subsequence, in order. */
function solve(a: Int32Array, b: Int32Array, aLo: number, aHi: number, bLo: number, bHi: number, pairs: number[]): void {
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) pairs.push(aLo++, bLo++);
  let tail = 0;
  while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) aHi--, bHi--, tail++;
  // With the ends stripped and both sides non-empty, D >= 2: each half is strictly smaller.
  if (aLo < aHi && bLo < bHi) {
    const [x, y, u, v] = middleSnake(a, b, aLo, aHi, bLo, bHi);
    solve(a, b, aLo, x, bLo, y, pairs);
    for (let i = x, j = y; i < u; i++, j++) pairs.push(i, j);
    solve(a, b, u, aHi, v, bHi, pairs);
  }
  for (let t = 0; t < tail; t++) pairs.push(aHi + t, bHi + t);
}

/** Lines as small ints, so the diff compares numbers. */
function intern(a: readonly string[], b: readonly string[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const id = (line: string) => ids.get(line) ?? (ids.set(line, ids.size), ids.size - 1);
  return [Int32Array.from(a, id), Int32Array.from(b, id)];
}

/** Matched line pairs `[i, j]` (a[i] === b[j]) of a longest common subsequence. */
export function matchLines(a: readonly string[], b: readonly string[]): [number, number][] {
  const [ia, ib] = intern(a, b);
  const flat: number[] = [];
  solve(ia, ib, 0, ia.length, 0, ib.length, flat);
  const pairs: [number, number][] = [];
  for (let k = 0; k < flat.length; k += 2) pairs.push([flat[k]!, flat[k + 1]!]);
  return pairs;
}

/** The diff of two line lists as opcodes covering both entirely, in order. */
export function lineOpcodes(a: readonly string[], b: readonly string[]): Opcode[] {
  const ops: Opcode[] = [];
  let i = 0;
  let j = 0;
  const gap = (i2: number, j2: number) => {
    if (i2 > i || j2 > j) ops.push({ tag: i2 > i ? (j2 > j ? "replace" : "delete") : "insert", i1: i, i2, j1: j, j2 });
  };
  for (const [pi, pj] of matchLines(a, b)) {
    gap(pi, pj);
    const last = ops[ops.length - 1];
    if (last?.tag === "equal" && last.i2 === pi && last.j2 === pj) last.i2++, last.j2++;
    else ops.push({ tag: "equal", i1: pi, i2: pi + 1, j1: pj, j2: pj + 1 });
    i = pi + 1;
    j = pj + 1;
  }
  gap(a.length, b.length);
  return ops;
}
