/** Parsing: which grammar reads a file, where a file does not parse (line, column, why), and trees freed. */
import { describe, expect, test } from "bun:test";
import { type Grammar, grammarOf, parseFile, withTree } from "../../../src/code/syntax/index.ts";

describe("grammarOf", () => {
  test("by extension: TypeScript and TSX apart, JavaScript with JSX, Python, Go, Rust; nothing else", () => {
    const cases: [string, Grammar | null][] = [
      ["a.ts", "typescript"],
      ["a.mts", "typescript"],
      ["a.d.ts", "typescript"],
      ["a.tsx", "tsx"],
      ["a.js", "javascript"],
      ["a.jsx", "javascript"],
      ["a.cjs", "javascript"],
      ["a.py", "python"],
      ["a.pyi", "python"],
      ["a.go", "go"],
      ["a.rs", "rust"],
      ["A.RS", "rust"],
      ["a.json", null],
      ["Makefile", null],
      [".rs", null],
    ];
    for (const [path, grammar] of cases) expect([path, grammarOf(path)]).toEqual([path, grammar]);
  });
});

async function errorsOf(source: string, grammar: Grammar) {
  return withTree(source, grammar, (tree) => tree.errors);
}

describe("syntax problems", () => {
  test("valid files of every grammar have none", async () => {
    const valid: [string, Grammar][] = [
      ["const a: number = 1;\n", "typescript"],
      ["export const App = () => <div>It's ok</div>;\n", "tsx"],
      ["export const App = () => <div>hi</div>;\n", "javascript"],
      ["def f():\n    return 1\n", "python"],
      ["package p\n\nfunc F() int { return 1 }\n", "go"],
      ["fn f() -> i32 { 1 }\n", "rust"],
    ];
    for (const [source, grammar] of valid) expect(await errorsOf(source, grammar)).toEqual([]);
  });

  test("what cannot be parsed, at its line and column", async () => {
    expect(await errorsOf("def (:\n", "python")).toEqual([{ line: 1, col: 1, message: 'cannot parse "def (:"' }]);
    expect(await errorsOf("fn main() {\n    let x = ;\n}\n", "rust")).toEqual([{ line: 2, col: 11, message: 'cannot parse "="' }]);
    expect(await errorsOf("const x = ;\n", "typescript")).toEqual([{ line: 1, col: 9, message: 'cannot parse "="' }]);
  });

  test("a token the parser had to assume is missing, named", async () => {
    expect(await errorsOf("fn main() {\n    let x = 1\n}\n", "rust")).toEqual([{ line: 2, col: 14, message: 'missing ";"' }]);
    expect(await errorsOf("function f() {\n  return 1;\n", "typescript")).toEqual([{ line: 2, col: 12, message: 'missing "}"' }]);
    expect(await errorsOf("package p\n\nfunc F( {\n}\n", "go")).toEqual([{ line: 3, col: 8, message: 'missing ")"' }]);
  });
});

describe("trees", () => {
  test("dispose is idempotent; `using` frees at the end of the scope", async () => {
    const tree = await parseFile("x = 1\n", "python");
    expect(tree.root.type).toBe("module");
    tree.dispose();
    tree.dispose();
    {
      using scoped = await parseFile("y = 2\n", "python");
      expect(scoped.errors).toEqual([]);
    }
  });

  test("withTree frees the tree when its callback throws, and rethrows", async () => {
    await expect(withTree("fn f() {}\n", "rust", () => {
      throw new Error("boom");
    })).rejects.toThrow("boom");
    expect(await withTree("fn f() {}\n", "rust", (tree) => tree.root.namedChildren.length)).toBe(1);
  });

  test("many parses in a row do not exhaust WASM memory", async () => {
    const source = "export function f(a: number): number {\n  return a + 1;\n}\n".repeat(200);
    for (let i = 0; i < 300; i++) expect(await withTree(source, "typescript", (tree) => tree.errors.length)).toBe(0);
  });
});
