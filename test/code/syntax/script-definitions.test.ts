/**
 * TypeScript/JavaScript definitions as file_symbols lists them: the cases the hand-written
 * scanner this layer replaced was held to, with the same answers.
 */
import { describe, expect, test } from "bun:test";
import { definitions, type Grammar, parseFile } from "../../../src/code/syntax/index.ts";
import { symbolLine } from "../../../plugins/worker-tools/symbol-lines.ts";

async function listed(source: string, grammar: Grammar = "typescript"): Promise<string[]> {
  using tree = await parseFile(source, grammar);
  return definitions(tree).map((d) => symbolLine(grammar, d));
}

describe("top-level TypeScript definitions", () => {
  test("only top-level declarations: nothing from function bodies, blocks or expressions", async () => {
    const source = [
      "function outer() { function inner() {} const local = 1; }",
      "if (x) { function notTop() {} }",
      "const f = function named() {};",
      "module.exports = function exp() {};",
      "foo(class Hidden {});",
      "const last = 1",
    ].join("\n");
    expect(await listed(source)).toEqual(["  function outer:1", "  const f:3", "  const last:6"]);
  });

  test("statements without semicolons, generics with commas, destructuring", async () => {
    const source = [
      "let re = /[}{]/g, other = 2",
      "var v",
      "const m: Map<string, number> = new Map<string, number>()",
      "const { a, b } = obj",
      "const chained = list",
      "  .map((x) => x)",
      "export const A = 1, B = { c: '}' }",
    ].join("\n");
    expect(await listed(source)).toEqual(["  let re:1", "  let other:1", "  var v:2", "  const m:3", "  const chained:5", "  export const A:7", "  export const B:7"]);
  });

  test("modifiers, default exports, overloads listed once, const enums, namespaces", async () => {
    const source = [
      "export async function* gen() {}",
      "function plain(a: string): string;",
      "function plain(a: any) { return a; }",
      "export declare const g: number;",
      "export abstract class Shape implements I, J {",
      "  abstract area(): number;",
      "}",
      "export const enum CE { B }",
      "namespace NS { export const inside = 1; }",
      "export default function () {}",
      "type = 3;",
    ].join("\n");
    expect(await listed(source)).toEqual([
      "  export function gen:1",
      "  function plain:2",
      "  export const g:4",
      "  export class Shape:5",
      "    method Shape.area:6",
      "  export enum CE:8",
      "  namespace NS:9",
      "  export default function default:10",
    ]);
  });

  test("class members: methods of every form, no properties", async () => {
    const source = [
      "export default class extends Base<{ a: 1 }> {",
      "  @Input() name: string;",
      "  private x = 1",
      "  handler = (e: Event) => { return e; };",
      "  constructor(private a: A) { super(); }",
      "  get value(): number { return 1 }",
      "  async *items<T>(fn: (t: T) => void): AsyncGenerator<T> {}",
      "  [Symbol.iterator]() {}",
      "  'quoted-name'() {}",
      "  optional?(): void;",
      "  [key: string]: any;",
      "  static { init(); }",
      "  @HostListener('click')",
      "  onClick() {}",
      "}",
      "export class After {}",
    ].join("\n");
    expect(await listed(source)).toEqual([
      "  export default class default:1",
      "    method default.constructor:5",
      "    method default.value:6",
      "    method default.items:7",
      "    method default.[Symbol.iterator]:8",
      "    method default.quoted-name:9",
      "    method default.optional:10",
      "    method default.onClick:14",
      "  export class After:16",
    ]);
  });

  test("a getter and its setter are one member; two implementations of one function are two", async () => {
    const source = ["class C {", "  get v() { return 1; }", "  set v(x) {}", "}", "function twice() {}", "function twice() {}"].join("\n");
    expect(await listed(source)).toEqual(["  class C:1", "    method C.v:2", "  function twice:5", "  function twice:6"]);
  });

  test("JSX bodies do not disturb the reading", async () => {
    const source = [
      "const el = <div className=\"a\">It's {value} and </div>;",
      "const Comp = () => (",
      "  <ul>{items.map((i) => <li key={i}>{i}</li>)}</ul>",
      ");",
      "export function Next() {}",
    ].join("\n");
    expect(await listed(source, "tsx")).toEqual(["  const el:1", "  const Comp:2", "  export function Next:5"]);
    expect(await listed(source, "javascript")).toEqual(["  const el:1", "  const Comp:2", "  export function Next:5"]);
  });

  test("a shebang line and a BOM are skipped", async () => {
    expect(await listed("#!/usr/bin/env node\n\ufeffexport const run = 1;\n")).toEqual(["  export const run:2"]);
  });

  test("signatures: type parameters, parameters and return type, whitespace collapsed", async () => {
    using tree = await parseFile("export function pick<T, K extends keyof T>(\n  obj: T,\n  keys: K[],\n): Pick<T, K> {\n  return obj;\n}\nconst id = <T,>(x: T): T => x;\nconst one = x => x;\n", "typescript");
    expect(definitions(tree).map((d) => d.signature)).toEqual(["<T, K extends keyof T>(obj: T, keys: K[]): Pick<T, K>", "<T>(x: T): T", "(x)"]);
  });
});
