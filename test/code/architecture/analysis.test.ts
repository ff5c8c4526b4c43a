import { describe, expect, test } from "bun:test";
import { analyze, introduced, type Limits } from "../../../src/code/architecture/analysis.ts";
import { cycleText } from "../../../src/code/architecture/cycles.ts";

const NONE: Limits = { rules: [], max_function_lines: null, max_complexity: null, exclude: [] };
const tree = (files: Record<string, string>) => new Map(Object.entries(files));

describe("cycles", () => {
  test("a TypeScript cycle is found, in import order from its smallest file", async () => {
    const a = await analyze(tree({ "src/a.ts": 'import { b } from "./b";\n', "src/b.ts": 'import { c } from "./c.ts";\n', "src/c.ts": 'import { a } from "./a";\n', "src/d.ts": 'import { a } from "./a";\n' }), NONE);
    expect(a.cycles.map(cycleText)).toEqual(["src/a.ts → src/b.ts → src/c.ts → src/a.ts"]);
    expect(a.offenders.map((o) => o.kind)).toEqual(["cycle"]);
  });

  test("Python (absolute and relative), Go packages and Rust modules form cycles too", async () => {
    const py = await analyze(tree({ "pkg/__init__.py": "", "pkg/a.py": "from pkg import b\n", "pkg/b.py": "from . import a\n" }), NONE);
    expect(py.cycles.map((c) => c.files)).toEqual([["pkg/a.py", "pkg/b.py"]]);
    const go = await analyze(tree({ "go.mod": "module ex.com/m\n", "a/a.go": 'package a\nimport "ex.com/m/b"\n', "b/b.go": 'package b\nimport "ex.com/m/a"\n' }), NONE);
    expect(go.cycles.map((c) => c.files)).toEqual([["a/a.go", "b/b.go"]]);
    const rs = await analyze(tree({ "src/lib.rs": "mod a;\nmod b;\n", "src/a.rs": "use crate::b::B;\npub struct A;\n", "src/b.rs": "use crate::a::A;\npub struct B;\n" }), NONE);
    expect(rs.cycles.map((c) => c.files)).toEqual([["src/a.rs", "src/b.rs"]]);
  });

  test("an acyclic graph, external packages and self-imports give no cycle", async () => {
    const a = await analyze(tree({ "a.ts": 'import x from "react";\nimport { b } from "./b";\n', "b.ts": 'import "./b";\nexport const b = 1;\n' }), NONE);
    expect(a.graph.edges).toEqual([{ from: "a.ts", to: "b.ts", line: 2, typeOnly: false }]);
    expect(a.cycles).toEqual([]);
  });

  test("type-only imports (import type, all-type braces, TYPE_CHECKING) close no cycle; a value import does", async () => {
    const ts = await analyze(tree({ "a.ts": 'import { b } from "./b";\n', "b.ts": 'import type { A } from "./a";\nexport {\n  type A2,\n} from "./a";\n' }), NONE);
    expect(ts.cycles).toEqual([]);
    expect(ts.graph.edges.filter((e) => e.typeOnly).map((e) => `${e.from}:${e.line}`)).toEqual(["b.ts:1"]);
    const mixed = await analyze(tree({ "a.ts": 'import { b } from "./b";\n', "b.ts": 'import { type A, a } from "./a";\n' }), NONE);
    expect(mixed.cycles.map((c) => c.files)).toEqual([["a.ts", "b.ts"]]);
    const rs = await analyze(tree({ "src/lib.rs": "mod a;\npub struct Top;\n", "src/a.rs": "use crate::Top;\npub fn f(_: Top) {}\n" }), NONE);
    expect(rs.cycles).toEqual([]);
    const py = await analyze(tree({ "a.py": "import b\n", "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\n" }), NONE);
    expect(py.cycles).toEqual([]);
  });

  test("a cycle the change grew is new; the one the base had is not", async () => {
    const base = await analyze(tree({ "a.ts": 'import "./b";\n', "b.ts": 'import "./a";\n', "c.ts": "" }), NONE);
    const same = await analyze(tree({ "a.ts": 'import "./b";\n', "b.ts": 'import "./a";\n', "c.ts": "export const c = 2;\n" }), NONE);
    expect(introduced(same.offenders, base.offenders)).toEqual([]);
    const grown = await analyze(tree({ "a.ts": 'import "./b";\n', "b.ts": 'import "./a";\nimport "./c";\n', "c.ts": 'import "./a";\n' }), NONE);
    expect(introduced(grown.offenders, base.offenders).map((o) => o.message)).toEqual(["import cycle: a.ts → b.ts → a.ts (3 files import one another: a.ts, b.ts, c.ts)"]);
  });
});

describe("layering", () => {
  test("a denied import is a violation naming file, line and rule; allowed ones are not", async () => {
    const limits = { ...NONE, rules: [{ from: "src/kernel/**", deny: ["src/runner/**"] }] };
    const a = await analyze(tree({ "src/kernel/k.ts": '// kernel\nimport { r } from "../runner/r";\n', "src/runner/r.ts": 'import { k } from "../kernel/k";\nexport const r = 1;\n' }), limits);
    const layering = a.offenders.filter((o) => o.kind === "layering");
    expect(layering.map((o) => o.message)).toEqual(['src/kernel/k.ts:2 imports src/runner/r.ts, which [architecture] rule { from = "src/kernel/**", deny = "src/runner/**" } forbids']);
  });
});

describe("function metrics", () => {
  const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join("\n");
  test("length and complexity past the limits are offenders with the figure and the limit", async () => {
    const ts = `export function long() {\n${body(10)}\n}\nexport function branchy(a: number, b: boolean) {\n  if (a > 1 && b) return 1;\n  for (const x of [1]) if (x) return 2;\n  return a ? 3 : 4;\n}\nconst arrow = (x: number) => x || 1;\n`;
    const limits = { ...NONE, max_function_lines: 8, max_complexity: 4 };
    const a = await analyze(tree({ "m.ts": ts }), limits);
    expect(a.offenders.map((o) => o.message)).toEqual([
      "m.ts:1 long is 12 lines long (max_function_lines = 8)",
      "m.ts:13 branchy has cyclomatic complexity 6 (max_complexity = 4)",
    ]);
    expect(a.functions).toBe(3);
  });

  test("Python methods count elif, boolean operators and comprehension filters", async () => {
    const py = "class K:\n    def m(self, a):\n        if a and a > 1:\n            return 1\n        elif a:\n            return [x for x in a if x]\n        return 0\n";
    const a = await analyze(tree({ "k.py": py }), { ...NONE, max_complexity: 4 });
    expect(a.offenders.map((o) => o.message)).toEqual(["k.py:2 K.m has cyclomatic complexity 6 (max_complexity = 4)"]);
  });

  test("excluded files are not analysed", async () => {
    const a = await analyze(tree({ "gen/a.ts": 'import "./b";\n', "gen/b.ts": 'import "./a";\n' }), { ...NONE, exclude: ["gen/"] });
    expect(a.cycles).toEqual([]);
  });
});
