import { describe, expect, test } from "bun:test";
import { tokenize } from "../../../src/code/ts-scan.ts";
import { formatScriptSymbol, scriptSymbols } from "../../../plugins/worker-tools/ts-symbols.ts";

const listed = (source: string) => scriptSymbols(source).map(formatScriptSymbol);

describe("the TypeScript tokenizer", () => {
  test("braces inside strings, templates, comments and regexes are not tokens", () => {
    const source = `const a = "{", b = '}', c = \`\${ { x: "\`" } } }\`; // {\n/* } */ const r = /[}{]\\//g;\n`;
    const punct = tokenize(source).filter((t) => t.kind === "punct").map((t) => t.text);
    expect(punct).toEqual(["=", ",", "=", ",", "=", ";", "=", ";"]);
  });

  test("line numbers count newlines in templates, block comments and escaped line ends", () => {
    const tokens = tokenize("`a\nb`\n/*\n*/ x 'q\\\nr' y");
    expect(tokens.map((t) => [t.text.slice(0, 2), t.line])).toEqual([["`a", 1], ["x", 4], ["'q", 4], ["y", 5]]);
  });

  test("division is not a regex; `</` in JSX is not a regex", () => {
    expect(tokenize("a / b / c").map((t) => t.kind)).toEqual(["word", "punct", "word", "punct", "word"]);
    expect(tokenize("x = <li>{i}</li>)}").map((t) => t.text)).toEqual(["x", "=", "<", "li", ">", "{", "i", "}", "<", "/", "li", ">", ")", "}"]);
  });
});

describe("top-level TypeScript symbols", () => {
  test("only top-level declarations: nothing from function bodies, blocks or expressions", () => {
    const source = [
      "function outer() { function inner() {} const local = 1; }",
      "if (x) { function notTop() {} }",
      "const f = function named() {};",
      "module.exports = function exp() {};",
      "foo(class Hidden {});",
      "const last = 1",
    ].join("\n");
    expect(listed(source)).toEqual(["  function outer:1", "  const f:3", "  const last:6"]);
  });

  test("statements without semicolons, generics with commas, destructuring", () => {
    const source = [
      "let re = /[}{]/g, other = 2",
      "var v",
      "const m: Map<string, number> = new Map<string, number>()",
      "const { a, b } = obj",
      "const chained = list",
      "  .map((x) => x)",
      "export const A = 1, B = { c: '}' }",
    ].join("\n");
    expect(listed(source)).toEqual(["  let re:1", "  let other:1", "  var v:2", "  const m:3", "  const chained:5", "  export const A:7", "  export const B:7"]);
  });

  test("modifiers, default exports, overloads listed once, const enums, namespaces", () => {
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
    expect(listed(source)).toEqual([
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

  test("class members: methods of every form, no properties", () => {
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
    expect(listed(source)).toEqual([
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

  test("JSX bodies do not disturb the brace count", () => {
    const source = [
      "const el = <div className=\"a\">It's {value} and </div>;",
      "const Comp = () => (",
      "  <ul>{items.map((i) => <li key={i}>{i}</li>)}</ul>",
      ");",
      "export function Next() {}",
    ].join("\n");
    expect(listed(source)).toEqual(["  const el:1", "  const Comp:2", "  export function Next:5"]);
  });

  test("a shebang line and a BOM are skipped", () => {
    expect(listed("#!/usr/bin/env node\n\ufeffexport const run = 1;\n")).toEqual(["  export const run:2"]);
  });
});
