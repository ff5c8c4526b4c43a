/** References by name in the fixture projects, exactly: identifiers only (no comments, no strings), definitions excluded. */
import { describe, expect, test } from "bun:test";
import { occurrences, parseFile, references } from "../../../src/code/syntax/index.ts";
import { parsed } from "./fixtures.ts";

async function refsOf(rel: string, name: string): Promise<string[]> {
  using tree = await parsed(rel);
  return references(tree, name).map((r) => `${r.line}:${r.col}`);
}

/** [name, file, references as line:col]. */
const CASES: [string, string, string[]][] = [
  // The definition, a comment and a string mention it; only other files use it.
  ["area_of", "python/src/geometry/shapes.py", []],
  ["area_of", "python/src/geometry/__init__.py", ["1:29"]],
  ["area_of", "python/tests/test_shapes.py", ["1:37", "5:12"]],
  ["Describe", "go/shapes/shapes.go", []],
  ["Describe", "go/cmd/geo/main.go", ["12:21"]],
  ["Describe", "go/shapes/shapes_test.go", ["11:19"]],
  ["describe", "rust/src/lib.rs", []],
  ["describe", "rust/src/main.rs", ["1:14", "6:20"]],
  ["describe", "rust/tests/area.rs", []],
  // Every overload's name is a definition, not a use.
  ["scale", "ts/src/shapes.ts", []],
  ["scale", "ts/src/index.ts", ["1:28", "3:18", "6:16"]],
  ["Circle", "ts/src/view.tsx", ["1:10", "8:22"]],
  // A destructuring pattern and a shorthand property are uses; so is Math.round, by spelling.
  ["round", "js/lib/stats.js", ["1:9", "14:12"]],
  ["round", "js/lib/round.js", ["3:15", "6:20"]],
  // `impl Circle` refers to the struct it is for.
  ["Circle", "rust/src/shapes.rs", ["17:6", "19:9", "27:16", "33:24", "33:33"]],
  ["Circle", "python/src/geometry/shapes.py", ["25:20", "30:56", "31:13"]],
];

describe("references in the fixture projects", () => {
  for (const [name, rel, expected] of CASES) {
    test(`${name} in ${rel}`, async () => {
      expect(await refsOf(rel, name)).toEqual(expected);
    });
  }
});

describe("occurrences", () => {
  test("include the definitions; a name only in comments and strings has none", async () => {
    using tree = await parseFile('// helper\nconst s = "helper";\nfunction helper() {}\nhelper();\n', "typescript");
    expect(occurrences(tree, "helper")).toEqual([{ line: 3, col: 10 }, { line: 4, col: 1 }]);
    expect(references(tree, "helper")).toEqual([{ line: 4, col: 1 }]);
    expect(occurrences(tree, "help")).toEqual([]);
  });

  test("Go fields, types and packages; Rust fields and types; Python attributes", async () => {
    using go = await parseFile("package p\n\ntype T struct{ N int }\n\nfunc f(t T) int { return t.N }\n", "go");
    expect(occurrences(go, "N").map((o) => o.line)).toEqual([3, 5]);
    expect(references(go, "T")).toEqual([{ line: 5, col: 10 }]);
    using rust = await parseFile("struct P { x: i32 }\nfn f(p: P) -> i32 { let P { x } = p; x }\n", "rust");
    expect(occurrences(rust, "x").map((o) => `${o.line}:${o.col}`)).toEqual(["1:12", "2:29", "2:38"]);
    using py = await parseFile("class A:\n    size = 1\n\nprint(A().size)\n", "python");
    expect(references(py, "size")).toEqual([{ line: 2, col: 5 }, { line: 4, col: 11 }]);
  });
});
