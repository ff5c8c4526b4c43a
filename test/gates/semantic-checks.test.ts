/**
 * The semantic gate's checks on small in-memory versions of files: per language, edits that
 * merge as text but collide (same symbol, duplicate definition, arity against a new call) are
 * found with the symbol named; look-alikes (different symbols, moved code, overloads,
 * decorators, receivers, impls, conditional definitions) are not — dgov-py's bugs 2, 3 and 21
 * among them.
 */
import { describe, expect, test } from "bun:test";
import { grammarOf } from "dgov/plugin";
import { analyze, type FileVersions } from "../../gates/semantic-checks.ts";

const commits = { task: "aaaa1111", target: () => ["bbbb2222"] };

/** A file changed by both sides; `integrated` is what the merge gave. */
function both(path: string, base: string, task: string, target: string, integrated: string): FileVersions {
  return { path, grammar: grammarOf(path)!, base, task, target, integrated, baseline: target, taskChanged: task !== base, targetChanged: target !== base };
}

/** A file only the task changed, judged alone (isolated phase, preflight): its baseline is the base. */
function alone(path: string, base: string | null, task: string): FileVersions {
  return { path, grammar: grammarOf(path)!, base, task, target: base, integrated: task, baseline: base, taskChanged: true, targetChanged: false };
}

const rules = async (files: FileVersions[], moved = true) => (await analyze(files, commits, moved)).findings.map((f) => f.rule);

interface Lang {
  ext: string;
  /** A function `name` whose body holds lines `a` and `b` (each one statement). */
  fn(name: string, a: string, b: string, params?: string): string;
  call(name: string, args: string): string;
  /** A statement returning/evaluating a value, per language. */
  stmt(v: string): string;
  head: string;
}

const LANGS: Record<string, Lang> = {
  python: { ext: "py", head: "", fn: (n, a, b, p = "x") => `def ${n}(${p}):\n    ${a}\n    ${b}\n\n\n`, call: (n, a) => `${n}(${a})`, stmt: (v) => `v = ${v}` },
  typescript: { ext: "ts", head: "", fn: (n, a, b, p = "x: number") => `export function ${n}(${p}): number {\n  ${a};\n  ${b};\n  return 0;\n}\n\n`, call: (n, a) => `${n}(${a})`, stmt: (v) => `let v = ${v}` },
  javascript: { ext: "js", head: "", fn: (n, a, b, p = "x") => `export function ${n}(${p}) {\n  ${a};\n  ${b};\n  return 0;\n}\n\n`, call: (n, a) => `${n}(${a})`, stmt: (v) => `let v = ${v}` },
  go: { ext: "go", head: "package m\n\n", fn: (n, a, b, p = "x int") => `func ${n}(${p}) int {\n\t${a}\n\t${b}\n\treturn 0\n}\n\n`, call: (n, a) => `${n}(${a})`, stmt: (v) => `_ = ${v}` },
  rust: { ext: "rs", head: "", fn: (n, a, b, p = "x: i32") => `pub fn ${n}(${p}) -> i32 {\n    ${a};\n    ${b};\n    0\n}\n\n`, call: (n, a) => `${n}(${a})`, stmt: (v) => `let _v = ${v}` },
};

describe.each(Object.entries(LANGS))("%s", (_, l) => {
  const path = `src/mod.${l.ext}`;
  const s = l.stmt;
  const base = l.head + l.fn("alpha", s("1"), s("2")) + l.fn("beta", s("3"), s("4"));

  test("same symbol edited by both sides, merged cleanly as text: same_symbol_edit naming it and both commits", async () => {
    const task = l.head + l.fn("alpha", s("10"), s("2")) + l.fn("beta", s("3"), s("4"));
    const target = l.head + l.fn("alpha", s("1"), s("20")) + l.fn("beta", s("3"), s("4"));
    const merged = l.head + l.fn("alpha", s("10"), s("20")) + l.fn("beta", s("3"), s("4"));
    const { findings } = await analyze([both(path, base, task, target, merged)], commits, true);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: "semantic/same_symbol_edit", file: path });
    expect(findings[0]!.message).toContain("alpha");
    expect(findings[0]!.message).toContain("aaaa1111");
    expect(findings[0]!.message).toContain("bbbb2222");
  });

  test("different symbols of one file: no finding", async () => {
    const task = l.head + l.fn("alpha", s("10"), s("2")) + l.fn("beta", s("3"), s("4"));
    const target = l.head + l.fn("alpha", s("1"), s("2")) + l.fn("beta", s("3"), s("40"));
    const merged = l.head + l.fn("alpha", s("10"), s("2")) + l.fn("beta", s("3"), s("40"));
    expect(await rules([both(path, base, task, target, merged)])).toEqual([]);
  });

  test("moved code (the task reorders, the target edits the other symbol): no finding", async () => {
    const task = l.head + l.fn("beta", s("3"), s("4")) + l.fn("alpha", s("1"), s("2"));
    const target = l.head + l.fn("alpha", s("1"), s("2")) + l.fn("beta", s("3"), s("40"));
    const merged = l.head + l.fn("beta", s("3"), s("40")) + l.fn("alpha", s("1"), s("2"));
    expect(await rules([both(path, base, task, target, merged)])).toEqual([]);
  });

  test("both sides add the same function: duplicate_definition naming it", async () => {
    const task = base + l.fn("gamma", s("5"), s("6"));
    const target = l.head + l.fn("gamma", s("7"), s("8")) + base.slice(l.head.length);
    const merged = l.head + l.fn("gamma", s("7"), s("8")) + base.slice(l.head.length) + l.fn("gamma", s("5"), s("6"));
    const { findings } = await analyze([both(path, base, task, target, merged)], commits, true);
    expect(findings.map((f) => f.rule)).toEqual(["semantic/duplicate_definition"]);
    expect(findings[0]!.message).toContain("gamma");
    expect(findings[0]!.message).toContain("the task (aaaa1111) and the target (bbbb2222) each added one");
  });

  test("the task changes a function's arity; the target added a call with the old one: signature_drift at the call", async () => {
    const two = l.ext === "py" ? "x, y" : l.ext === "go" ? "x int, y int" : l.ext === "rs" ? "x: i32, y: i32" : l.ext === "ts" ? "x: number, y: number" : "x, y";
    const task = l.head + l.fn("alpha", s("1"), s("2"), two) + l.fn("beta", s("3"), s("4"));
    const target = l.head + l.fn("alpha", s("1"), s("2")) + l.fn("beta", s(l.call("alpha", "3")), s("4"));
    const merged = l.head + l.fn("alpha", s("1"), s("2"), two) + l.fn("beta", s(l.call("alpha", "3")), s("4"));
    const { findings } = await analyze([both(path, base, task, target, merged)], commits, true);
    expect(findings.map((f) => f.rule)).toEqual(["semantic/signature_drift"]);
    expect(findings[0]!.message).toContain("alpha");
    expect(findings[0]!.line).toBe(merged.split("\n").findIndex((x) => x.includes("alpha(3)")) + 1);
    // The reverse: the target changed the arity, the task added the old call.
    const reverse = await analyze([both(path, base, target.replace(/alpha\(3\)/, "alpha(3)"), task, merged)], commits, true);
    expect(reverse.findings.map((f) => f.rule)).toEqual(["semantic/signature_drift"]);
    expect(reverse.findings[0]!.message).toContain("the task added a call");
  });

  test("a merged file that does not parse: syntax_conflict with its line", async () => {
    const broken = `${base}${l.ext === "py" ? "def broken(:\n" : "function broken( {\n"}`;
    const { findings } = await analyze([alone(path, base, broken)], commits, false);
    expect(findings.map((f) => f.rule)).toEqual(["semantic/syntax_conflict"]);
    expect(findings[0]!.line).toBeGreaterThan(base.split("\n").length - 2);
  });

  test("bug 3: the target adds a line at the top (every symbol shifts), the task edits a body: no finding", async () => {
    const top = l.ext === "py" ? "import os\n" : l.ext === "go" ? "" : l.ext === "rs" ? "use std::fmt;\n" : 'import x from "./x";\n';
    const shifted = (b: string) => (l.ext === "go" ? b.replace("package m\n\n", "package m\n\nconst K = 1\n\n") : top + b);
    const task = l.head + l.fn("alpha", s("10"), s("2")) + l.fn("beta", s("3"), s("4"));
    expect(await rules([both(path, base, task, shifted(base), shifted(task))])).toEqual([]);
  });
});

describe("look-alikes that are not duplicates", () => {
  const cases: [string, string, string][] = [
    ["TypeScript overloads", "a.ts", "export function f(a: string): string;\nexport function f(a: number): number;\nexport function f(a: any): any {\n  return a;\n}\n"],
    ["TypeScript declaration merging and a type beside a value", "a.ts", "interface A { x: number }\ninterface A { y: number }\nexport type B = number;\nexport const B = 1;\nnamespace N { }\nnamespace N { }\n"],
    ["static and instance members of one name", "a.ts", "class C {\n  static make(): C { return new C(); }\n  make(): C { return this; }\n}\n"],
    ["TypeScript method overloads and accessors", "a.ts", "class C {\n  m(a: string): void;\n  m(a: number): void;\n  m(a: any) {}\n  get v() { return 1; }\n  set v(x: number) {}\n}\n"],
    ["JavaScript var redeclared", "a.js", "var a = 1;\nvar a = 2;\n"],
    ["a JavaScript script (no module) redeclaring a function", "a.js", "function f() {}\nfunction f() {}\n"],
    ["Python @overload", "a.py", "from typing import overload\n\n@overload\ndef f(a: int) -> int: ...\n@overload\ndef f(a: str) -> str: ...\ndef f(a):\n    return a\n"],
    ["Python @property with its setter and deleter", "a.py", "class C:\n    @property\n    def x(self):\n        return 1\n\n    @x.setter\n    def x(self, v):\n        pass\n\n    @x.deleter\n    def x(self):\n        pass\n"],
    ["Python conditional definitions (if TYPE_CHECKING / else, try/except)", "a.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    def f() -> int: ...\nelse:\n    def f():\n        return 1\ntry:\n    from x import g\nexcept ImportError:\n    def g():\n        pass\n"],
    ["Python rebound variables", "a.py", "X = 1\nX = 2\n__all__ = []\n__all__ = ['X']\n"],
    ["Go methods of different receivers, and init twice", "a.go", "package m\n\ntype A struct{}\ntype B struct{}\n\nfunc (a A) Name() string { return \"a\" }\nfunc (b *B) Name() string { return \"b\" }\n\nfunc init() {}\nfunc init() {}\n"],
    ["Rust impls for different types and traits, inherent impls twice", "a.rs", "struct A;\nstruct B;\nimpl A { fn new() -> A { A } }\nimpl B { fn new() -> B { B } }\nimpl A { fn other(&self) {} }\nimpl std::fmt::Display for A { fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { Ok(()) } }\nimpl std::fmt::Debug for A { fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { Ok(()) } }\n"],
    ["Rust #[cfg] alternatives, a struct beside a function of its name, macros redefined", "a.rs", "#[cfg(unix)]\nfn os() -> &'static str { \"unix\" }\n#[cfg(not(unix))]\nfn os() -> &'static str { \"other\" }\nstruct Point { x: i32 }\nfn Point() {}\nmacro_rules! m { () => {} }\nmacro_rules! m { () => { 1 } }\n"],
  ];
  test.each(cases)("%s", async (_, path, text) => {
    expect(await rules([alone(path, null, text)], false)).toEqual([]);
  });

  test("the same look-alikes, counted: a real duplicate in each language is found", async () => {
    const real: [string, string][] = [
      ["a.ts", "export function f() {}\nexport function f() {}\n"],
      ["a.js", "import x from './x';\nfunction f() {}\nfunction f() {}\n"],
      ["a.py", "def f():\n    pass\n\ndef f():\n    pass\n"],
      ["a.go", "package m\n\nfunc F() {}\nfunc F() {}\n"],
      ["a.rs", "fn f() {}\nfn f() {}\n"],
      ["b.py", "class C:\n    def m(self):\n        pass\n    def m(self):\n        pass\n"],
      ["b.rs", "struct A;\nimpl A { fn n() {} fn n() {} }\n"],
    ];
    for (const [path, text] of real) expect({ path, rules: await rules([alone(path, null, text)], false) }).toEqual({ path, rules: ["semantic/duplicate_definition"] });
  });

  test("a duplicate already in the baseline is not the change's", async () => {
    const text = "def f():\n    pass\n\ndef f():\n    pass\n";
    expect(await rules([alone("a.py", text, `${text}\nX = 1\n`)], false)).toEqual([]);
  });
});

describe("dgov-py's false positives", () => {
  test("bug 2: a signature change with the target unmoved, or moved without new calls, is no drift", async () => {
    const base = "def foo(a):\n    return a\n";
    const task = "def foo(a, b):\n    return a + b\n";
    expect(await rules([alone("mod.py", base, task)], false)).toEqual([]);
    const other = { ...alone("other.py", "def bar():\n    return foo(1, 2)\n", "def bar():\n    return foo(1, 2)\n"), taskChanged: false, targetChanged: true, target: "def bar():\n    return foo(1, 2) + 1\n", integrated: "def bar():\n    return foo(1, 2) + 1\n", baseline: "def bar():\n    return foo(1, 2) + 1\n" };
    expect(await rules([{ ...alone("mod.py", base, task), baseline: base }, other], true)).toEqual([]);
  });

  test("bug 21: files matched by path, never by basename", async () => {
    const base = "def util():\n    return 1\n";
    const task = { ...alone("a/utils.py", base, "def util():\n    return 2\n") };
    const target: FileVersions = { path: "b/utils.py", grammar: "python", base, task: base, target: "def util():\n    return 3\n", integrated: "def util():\n    return 3\n", baseline: "def util():\n    return 3\n", taskChanged: false, targetChanged: true };
    expect(await rules([task, target], true)).toEqual([]);
  });

  test("a call of another function of the same name in a file that does not import the changed one is no drift", async () => {
    const mod = both("src/geo.py", "def area(w):\n    return w\n", "def area(w, h):\n    return w * h\n", "def area(w):\n    return w\n", "def area(w, h):\n    return w * h\n");
    const caller: FileVersions = { path: "src/shop.py", grammar: "python", base: "X = 1\n", task: "X = 1\n", target: "from .prices import area\nY = area(2)\n", integrated: "from .prices import area\nY = area(2)\n", baseline: "", taskChanged: false, targetChanged: true };
    expect(await rules([mod, caller], true)).toEqual([]);
    const importing = { ...caller, target: "from .geo import area\nY = area(2)\n", integrated: "from .geo import area\nY = area(2)\n" };
    expect(await rules([mod, importing], true)).toEqual(["semantic/signature_drift"]);
  });
});
