import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { fakeExec } from "dgov/testing";
import { fileSymbols } from "../../../plugins/worker-tools/symbols.ts";
import { call, type CodeTree, makeTree } from "./code-fixture.ts";

const MODULE = `"""Doc."""
import os

X = 1
Y: int = 2
a, b = 1, 2

def foo():
    def inner():
        pass

async def fetch():
    pass

class Bar:
    attr = 1

    def baz(self):
        pass

    async def qux(self):
        pass
`;

const SCRIPT = `import { b } from "./b";

export function main(argv: string[]): number {
  const local = 1;
  return local;
}

class Runner<T> {
  private count = 0;
  constructor(private readonly name: string) {}
  async run(): Promise<void> {}
  get total(): number { return this.count; }
}

export const LIMIT = 10, NAME = "x";
export interface Options { verbose: boolean }
export type Mode = "a" | "b";
enum Color { Red }
`;

const GO = `package shapes

type Shape interface{ Area() float64 }

type Circle struct{ R float64 }

type (
\tUnit  string
\tAlias = Circle
)

const Pi, E = 3.14, 2.71

var count int

func (c *Circle) Area() float64 { return Pi * c.R * c.R }

func New[T any](r float64) *Circle { return &Circle{r} }
`;

const RUST = `pub trait Shape {
    fn area(&self) -> f64;
}

#[derive(Debug)]
pub(crate) struct Circle {
    r: f64,
}

impl Shape for Circle {
    fn area(&self) -> f64 { self.r * self.r }
}

impl Circle {
    pub fn new(r: f64) -> Self { Circle { r } }
}

pub mod units {
    pub enum Unit { Cm }
    pub fn parse(s: &str) -> Unit { Unit::Cm }
}

const MAX: usize = 3;
static mut COUNT: u32 = 0;
type Pair = (f64, f64);
macro_rules! square { ($x:expr) => { $x * $x }; }
`;

let tree: CodeTree;
beforeAll(() => {
  tree = makeTree({
    "src/mod.py": MODULE,
    "src/broken.py": "def (:\n",
    "src/empty.py": "# nothing here\nimport os\n",
    "README.md": "# readme\n",
    "Makefile": "all:\n",
    "src/main.ts": SCRIPT,
    "src/broken.ts": "export function (\n",
    "src/view.jsx": "export default function View() {\n  return <p>It's {1}</p>;\n}\n",
    "src/empty.ts": "// just a comment\nimport './side';\n",
    "go/shapes.go": GO,
    "go/broken.go": "package shapes\n\nfunc Area( {\n}\n",
    "rs/shapes.rs": RUST,
    "rs/empty.rs": "// nothing\nuse std::fmt;\n",
  });
  tree.link("src/link.py", tree.outside);
});
afterAll(() => tree.remove());

describe("file_symbols on Python (spec §3.1 #15, §7 test 7)", () => {
  test("top-level functions, classes with their methods, simple assignments, in file order", async () => {
    expect(await call(fileSymbols, { path: "src/mod.py" }, tree)).toEqual({
      ok: true,
      output: ["src/mod.py:", "  X = ...:4", "  Y = ...:5", "  def foo:8", "  def fetch:12", "  class Bar:15", "    def Bar.baz:18", "    def Bar.qux:21"].join("\n"),
    });
  });

  test("a syntax error is an error naming the file and line", async () => {
    expect(await call(fileSymbols, { path: "src/broken.py" }, tree)).toEqual({ ok: false, error: 'SyntaxError in src/broken.py: cannot parse "def (:" (line 1)' });
  });

  test("a module without definitions says so", async () => {
    expect(await call(fileSymbols, { path: "src/empty.py" }, tree)).toEqual({ ok: true, output: "No symbols found in src/empty.py." });
  });

  test("python3 is not needed: the syntax layer reads the file", async () => {
    const exec = fakeExec();
    const result = await call(fileSymbols, { path: "src/mod.py" }, tree, { exec });
    expect(result.ok && result.output.split("\n")).toEqual(["src/mod.py:", "  X = ...:4", "  Y = ...:5", "  def foo:8", "  def fetch:12", "  class Bar:15", "    def Bar.baz:18", "    def Bar.qux:21"]);
    expect(exec.calls).toEqual([]);
  });
});

describe("file_symbols on TypeScript/JavaScript", () => {
  test("functions, classes with methods, variables, interfaces, types and enums, exported or not", async () => {
    expect(await call(fileSymbols, { path: "src/main.ts" }, tree)).toEqual({
      ok: true,
      output: [
        "src/main.ts:",
        "  export function main:3",
        "  class Runner:8",
        "    method Runner.constructor:10",
        "    method Runner.run:11",
        "    method Runner.total:12",
        "  export const LIMIT:15",
        "  export const NAME:15",
        "  export interface Options:16",
        "  export type Mode:17",
        "  enum Color:18",
      ].join("\n"),
    });
  });

  test("JSX with an apostrophe in its text", async () => {
    expect(await call(fileSymbols, { path: "src/view.jsx" }, tree)).toEqual({ ok: true, output: "src/view.jsx:\n  export default function View:1" });
  });

  test("a syntax error is an error with Bun's parser message and line", async () => {
    expect(await call(fileSymbols, { path: "src/broken.ts" }, tree)).toEqual({ ok: false, error: 'SyntaxError in src/broken.ts: Expected identifier but found "(" (line 1)' });
  });

  test("no declarations", async () => {
    expect(await call(fileSymbols, { path: "src/empty.ts" }, tree)).toEqual({ ok: true, output: "No symbols found in src/empty.ts." });
  });
});

describe("file_symbols on Go", () => {
  test("types with what they are, constants and variables, functions; methods under their receiver type", async () => {
    expect(await call(fileSymbols, { path: "go/shapes.go" }, tree)).toEqual({
      ok: true,
      output: [
        "go/shapes.go:",
        "  type Shape interface:3",
        "  type Circle struct:5",
        "  type Unit:8",
        "  type Alias:9",
        "  const Pi:12",
        "  const E:12",
        "  var count:14",
        "    func Circle.Area:16",
        "  func New:18",
      ].join("\n"),
    });
  });

  test("a syntax error names the line and what is missing", async () => {
    expect(await call(fileSymbols, { path: "go/broken.go" }, tree)).toEqual({ ok: false, error: 'SyntaxError in go/broken.go: missing ")" (line 3)' });
  });
});

describe("file_symbols on Rust", () => {
  test("items with their visibility, impls with their methods, inline modules with their items", async () => {
    expect(await call(fileSymbols, { path: "rs/shapes.rs" }, tree)).toEqual({
      ok: true,
      output: [
        "rs/shapes.rs:",
        "  pub trait Shape:1",
        "    fn Shape::area:2",
        "  pub(crate) struct Circle:6",
        "  impl Shape for Circle:10",
        "    fn Circle::area:11",
        "  impl Circle:14",
        "    pub fn Circle::new:15",
        "  pub mod units:18",
        "    pub enum units::Unit:19",
        "    pub fn units::parse:20",
        "  const MAX:23",
        "  static COUNT:24",
        "  type Pair:25",
        "  macro_rules! square:26",
      ].join("\n"),
    });
  });

  test("imports alone are no symbols", async () => {
    expect(await call(fileSymbols, { path: "rs/empty.rs" }, tree)).toEqual({ ok: true, output: "No symbols found in rs/empty.rs." });
  });
});

describe("file_symbols refusals", () => {
  test("other languages are refused with the extension named (spec §7 test 7: .md)", async () => {
    const supported = ".py, .pyi, .ts, .tsx, .js, .jsx, .mjs, .cjs, .mts, .cts, .go, .rs";
    expect(await call(fileSymbols, { path: "README.md" }, tree)).toEqual({ ok: false, error: `file_symbols only works on ${supported} files, got .md` });
    expect(await call(fileSymbols, { path: "Makefile" }, tree)).toEqual({ ok: false, error: `file_symbols only works on ${supported} files, got a file without an extension` });
  });

  test("a missing file", async () => {
    expect(await call(fileSymbols, { path: "src/nope.py" }, tree)).toEqual({ ok: false, error: "src/nope.py does not exist." });
  });

  test("paths outside the worktree are blocked: .., absolute, symlink, prefix sibling", async () => {
    const blocked = { ok: false as const, error: "Path traversal attempt blocked." };
    expect(await call(fileSymbols, { path: "../../etc/passwd" }, tree)).toEqual(blocked);
    expect(await call(fileSymbols, { path: tree.outside }, tree)).toEqual(blocked);
    expect(await call(fileSymbols, { path: "src/link.py" }, tree)).toEqual(blocked);
    expect(await call(fileSymbols, { path: tree.evilRel }, tree)).toEqual(blocked);
  });
});
