import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { resolveConfig } from "../../src/config/resolve.ts";
import { boundMap, repoMap } from "../../src/worker/repo-map.ts";

const NOTICE = "\n... [repo map truncated for prompt budget]";
const config = resolveConfig({});

let root = "";
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = "";
});

function tree(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), "dgov-repomap-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("repoMap", () => {
  test("the spec example: source first with Python symbols, then tests, then the rest", async () => {
    const dir = tree({
      "README.md": "# hi\n",
      "tests/test_mod.py": "def test_x():\n    pass\n",
      "src/mod.py": "X = 1\nclass A:\n    def a(self): pass\n    def b(self): pass\n\ndef f():\n    pass\n",
    });
    expect(await repoMap(dir, config, { maxLines: 0 })).toBe(
      ["src/mod.py", "  class A", "    def A.a", "    def A.b", "  def f", "tests/test_mod.py", "  def test_x", "README.md"].join("\n"),
    );
  });

  test("order: src, tests, other .py, everything else; alphabetical within; hidden and vendored folders skipped", async () => {
    const dir = tree({
      "a.txt": "",
      "README.md": "",
      "scripts/tool.py": "",
      "tests/conftest.py": "",
      "src/z.py": "",
      "src/b/y.txt": "",
      ".github/workflows/ci.yml": "",
      ".venv/lib/site.py": "",
      "node_modules/pkg/index.js": "",
      "src/__pycache__/z.cpython-312.pyc": "",
      "src/.cache/x.txt": "",
    });
    expect((await repoMap(dir, config, { maxLines: 0 })).split("\n")).toEqual([
      "src/b/y.txt",
      "src/z.py",
      "tests/conftest.py",
      "scripts/tool.py",
      "README.md",
      "a.txt",
    ]);
  });

  test("Python: at most 5 methods a class, 8 symbol lines a file; async defs; unparseable files give only the path", async () => {
    const methods = ["m1", "m2", "m3", "m4", "m5", "m6"].map((m) => `    def ${m}(self): pass\n`).join("");
    const dir = tree({
      "src/big.py": `class K:\n${methods}\nasync def go():\n    pass\n\ndef h1(): pass\ndef h2(): pass\ndef h3(): pass\n`,
      "src/broken.py": "def oops(:\n",
      "src/small.py": "async def fetch():\n    pass\n",
    });
    expect((await repoMap(dir, config, { maxLines: 0 })).split("\n")).toEqual([
      "src/big.py",
      "  class K",
      "    def K.m1",
      "    def K.m2",
      "    def K.m3",
      "    def K.m4",
      "    def K.m5",
      "  def go",
      "  def h1",
      "src/broken.py",
      "src/small.py",
      "  def fetch",
    ]);
  });

  test("TypeScript/JavaScript: top-level declarations, exported consts only", async () => {
    const ts = [
      "import x from 'y';",
      "export function parse(a: string) {}",
      "export default class Parser {",
      "  method() {}",
      "}",
      "interface Options {}",
      "export type Id = string;",
      "export enum Kind { A }",
      "export const LIMIT = 3;",
      "const hidden = 1;",
      "export async function* stream() {}",
      "function helper() {}",
    ].join("\n");
    const dir = tree({ "src/parse.ts": ts, "lib/util.mjs": "export const a = 1;\nexport function b() {}\n" });
    expect((await repoMap(dir, config, { maxLines: 0 })).split("\n")).toEqual([
      "src/parse.ts",
      "  function parse",
      "  class Parser",
      "  interface Options",
      "  type Id",
      "  enum Kind",
      "  const LIMIT",
      "  function stream",
      "  function helper",
      "lib/util.mjs",
      "  const a",
      "  function b",
    ]);
  });

  test("Go and Rust: top-level functions and types (methods and constants left out); no python3 needed for Python", async () => {
    const dir = tree({
      "src/shapes.go": "package shapes\n\nconst Pi = 3.14\n\ntype Circle struct{ R float64 }\n\nfunc (c Circle) Area() float64 { return Pi }\n\nfunc New() Circle { return Circle{} }\n",
      "src/lib.rs": "pub mod shapes;\npub trait Shape {}\npub struct Circle;\nimpl Shape for Circle {}\nconst MAX: u8 = 1;\npub fn describe() {}\n",
      "src/mod.py": "def hello():\n    pass\n",
    });
    const saved = process.env.PATH;
    process.env.PATH = "";
    try {
      expect((await repoMap(dir, config, { maxLines: 0 })).split("\n")).toEqual([
        "src/lib.rs",
        "  mod shapes",
        "  trait Shape",
        "  struct Circle",
        "  impl Shape for Circle",
        "  fn describe",
        "src/mod.py",
        "  def hello",
        "src/shapes.go",
        "  type Circle",
        "  func New",
      ]);
    } finally {
      process.env.PATH = saved;
    }
  });

  test("maxLines keeps the first lines, symbols included", async () => {
    const dir = tree({ "src/mod.py": "def hello():\n    pass\ndef bye():\n    pass\n", "tests/test_a.py": "", "z.txt": "" });
    expect(await repoMap(dir, config, { maxLines: 2 })).toBe("src/mod.py\n  def hello");
    expect(await repoMap(dir, config, { maxLines: 3 })).toBe("src/mod.py\n  def hello\n  def bye");
    expect(await repoMap(dir, config, { maxLines: 4 })).toBe("src/mod.py\n  def hello\n  def bye\ntests/test_a.py");
  });

  test("unbounded over 90 files keeps the first and the last (spec test 36)", async () => {
    const files = Object.fromEntries(Array.from({ length: 90 }, (_, i) => [`file_${String(i).padStart(3, "0")}.txt`, ""]));
    const map = await repoMap(tree(files), config, { maxLines: 0 });
    expect(map.split("\n").length).toBe(90);
    expect(map).toContain("file_000.txt");
    expect(map).toContain("file_089.txt");
    expect(await repoMap(root, config, { maxLines: 80 })).not.toContain("file_080.txt");
  });

  // spec test 36 uses 2,000 files; 200 (2,800 characters of paths) exceed the bound as surely, ten times faster.
  test("200 files with maxChars 300 end with the notice and stay within the bound (spec test 36)", async () => {
    const files = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`file_${String(i).padStart(4, "0")}.txt`, ""]));
    const map = await repoMap(tree(files), config, { maxLines: 0, maxChars: 300 });
    expect(map.endsWith(NOTICE)).toBe(true);
    expect(map.length).toBeLessThanOrEqual(300);
    expect(map.startsWith("file_0000.txt\nfile_0001.txt\n")).toBe(true);
  });
});

describe("boundMap", () => {
  test("fits whole lines, then the notice; the notice alone when nothing fits", () => {
    expect(boundMap(["abc", "def"], 7)).toBe("abc\ndef");
    const room = 10 + NOTICE.length;
    const tail = "c".repeat(60);
    expect(boundMap(["aaaa", "bbbbb", tail], room)).toBe(`aaaa\nbbbbb${NOTICE}`);
    expect(boundMap(["aaaa", "bbbbbb", tail], room)).toBe(`aaaa${NOTICE}`);
    expect(boundMap(["x".repeat(100)], 20)).toBe(NOTICE.trimStart());
  });
});
