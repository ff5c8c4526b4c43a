/** Definitions of the fixture projects, exactly: names, kinds, containers, spans, signatures; and what the body hash tells. */
import { describe, expect, test } from "bun:test";
import { definitions, parseFile } from "../../../src/code/syntax/index.ts";
import { defLines } from "./fixtures.ts";

const EXPECTED: Record<string, string[]> = {
  "ts/src/shapes.ts": [
    "export interface Shape 5:18 5-7",
    "export type Named 9:13 9-9",
    "export enum Kind 11:13 11-14",
    "export const DEFAULT_UNIT 16:14 16-16",
    "export class Circle 18:14 18-28",
    "method Circle.constructor 19:3 19-19 (private readonly radius: number)",
    "method Circle.area 21:3 21-23 (): number",
    "method Circle.diameter 25:7 25-27 (): number",
    "export function scale 30:17 30-35 (shape: Shape, by: number): Shape",
    "export const describe 37:14 37-37 (shape: Shape, unit: Unit = DEFAULT_UNIT): string",
  ],
  "ts/src/math.ts": [
    "variable(let) calls 1:5 1-1",
    "export function round 4:17 4-8 (value: number, digits = 2): number",
    "export function roundings 10:17 10-12 (): number",
  ],
  "ts/src/index.ts": [
    "const circle 6:7 6-6",
    "export const loadMath 9:14 9-9 ()",
  ],
  "ts/src/jsx.d.ts": [
    "module(namespace) JSX 1:19 1-5",
  ],
  "ts/src/view.tsx": [
    "interface Props 3:11 3-5",
    "export function CircleView 7:17 7-10 ({ radius }: Props)",
  ],
  "js/lib/stats.js": [
    "class Stats 4:7 4-22",
    "method Stats.add 7:3 7-10 (value)",
    "method Stats.mean 12:3 12-15 ()",
    "method Stats.of 17:10 17-21 (...values)",
    "function median 24:10 24-27 (values)",
  ],
  "js/lib/index.mjs": [
    "export const summary 5:14 5-5 (values)",
    "export function loadRound 7:23 7-9 ()",
  ],
  "python/src/geometry/shapes.py": [
    "variable(=) PI_DIGITS 9:1 9-9",
    "variable(=) _cache 10:1 10-10",
    "variable(=) _last 10:10 10-10",
    "class Circle 14:7 13-22",
    "method(def) Circle.area 17:9 17-18 (self) -> float",
    "method(def) Circle.diameter 21:9 20-22 (self) -> float",
    "function(def) area_of 25:5 25-27 (shape: Circle, unit: Unit = DEFAULT_UNIT) -> str",
    "function(async def) load 30:11 30-31 (path: str, *, retries: int = 3) -> list[Circle]",
  ],
  "python/src/geometry/units.py": [
    "variable(=) Unit 3:1 3-3",
    "variable(=) DEFAULT_UNIT 4:1 4-4",
  ],
  "go/shapes/shapes.go": [
    "interface(type) Shape 10:6 10-12",
    "struct(type) Circle 15:6 15-17",
    "type Unit 19:6 19-19",
    "const Centimetre 22:2 22-22",
    "const Inch 23:2 23-23",
    "variable(var) DefaultUnit 26:5 26-26",
    "method(func) Circle.Area 29:17 29-31 () float64",
    "method(func) Circle.Scale 34:18 34-36 (by float64)",
    "function(func) Describe 39:6 39-41 (s Shape, unit Unit) string",
    "function(func) Largest 44:6 44-53 [T Shape](shapes ...T) (T, bool)",
  ],
  "rust/src/lib.rs": [
    "pub module(mod) shapes 2:9 2-2",
    "module(mod) units 3:5 3-3",
    "pub function(fn) describe 9:8 9-11 (shape: &dyn Shape, unit: Unit) -> String",
  ],
  "rust/src/shapes.rs": [
    "pub trait Shape 4:11 4-10",
    "method(fn) Shape.area 5:8 5-5 (&self) -> f64",
    "method(fn) Shape.name 7:8 7-9 (&self) -> String",
    "pub struct Circle 13:12 12-15",
    "impl Circle 17:6 17-25 impl Circle",
    "pub method(fn) Circle.new 18:12 18-20 (radius: f64) -> Self",
    "pub method(fn) Circle.scale 22:12 22-24 (&mut self, by: f64)",
    "impl Shape for Circle 27:16 27-31 impl Shape for Circle",
    "method(fn) Circle.area 28:8 28-30 (&self) -> f64",
    "pub const UNIT_CIRCLE 33:11 33-33",
  ],
  "rust/src/units.rs": [
    "pub enum Unit 2:10 1-5",
    "impl Unit 7:6 7-14 impl Unit",
    "pub method(fn) Unit.symbol 8:12 8-13 (self) -> &'static str",
  ],
};

describe("definitions of each fixture project", () => {
  for (const [rel, lines] of Object.entries(EXPECTED)) {
    test(rel, async () => {
      expect(await defLines(rel)).toEqual(lines);
    });
  }
});

/** The hash of the one definition named `name` in `source`. */
async function hashOf(source: string, grammar: "typescript" | "python" | "go" | "rust", name: string): Promise<string> {
  using tree = await parseFile(source, grammar);
  return definitions(tree).find((d) => d.name === name)!.bodyHash;
}

describe("the body hash", () => {
  const cases = [
    ["typescript", "export function f(a: number) {\n  return a + 1;\n}\n", "export function f(a: number) { return a + 1; }\n", "export function f(a: number) {\n  return a + 2;\n}\n"],
    ["python", "def f(a):\n    return a + 1\n", "def f(a):\n    return a  +  1\n", "def f(a):\n    return a + 2\n"],
    ["go", "package p\n\nfunc F(a int) int {\n\treturn a + 1\n}\n", "package p\n\nfunc F(a int) int { return a + 1 }\n", "package p\n\nfunc F(a int) int {\n\treturn a + 2\n}\n"],
    ["rust", "fn f(a: i32) -> i32 {\n    a + 1\n}\n", "fn f(a: i32) -> i32 { a + 1 }\n", "fn f(a: i32) -> i32 {\n    a + 2\n}\n"],
  ] as const;
  for (const [grammar, source, reflowed, changed] of cases) {
    test(`${grammar}: the same under reflowed whitespace, different when the body changes`, async () => {
      const name = grammar === "go" ? "F" : "f";
      const base = await hashOf(source, grammar, name);
      expect(base).toMatch(/^[0-9a-f]{16}$/);
      expect(await hashOf(reflowed, grammar, name)).toBe(base);
      expect(await hashOf(changed, grammar, name)).not.toBe(base);
    });
  }

  test("a definition's hash does not move when another definition or a blank line above it does", async () => {
    const before = await hashOf("def g():\n    pass\n\ndef f():\n    return 1\n", "python", "f");
    expect(await hashOf("def g():\n    return 2\n\n\n\ndef f():\n    return 1\n", "python", "f")).toBe(before);
  });

  test("a Rust item's attributes and a Python decorator are part of it", async () => {
    const plain = await hashOf("struct S;\n", "rust", "S");
    expect(await hashOf("#[derive(Debug)]\nstruct S;\n", "rust", "S")).not.toBe(plain);
    const undecorated = await hashOf("def f():\n    pass\n", "python", "f");
    expect(await hashOf("@cache\ndef f():\n    pass\n", "python", "f")).not.toBe(undecorated);
  });
});
