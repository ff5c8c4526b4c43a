/** Imports of the fixture projects, exactly: specifier as written, line, kind, and a Python `from`'s names. */
import { describe, expect, test } from "bun:test";
import { type Grammar, imports, parseFile } from "../../../src/code/syntax/index.ts";
import { importLines } from "./fixtures.ts";

async function importsOf(source: string, grammar: Grammar): Promise<string[]> {
  using tree = await parseFile(source, grammar);
  return imports(tree).map((i) => `${i.line} ${i.kind} ${i.specifier}${i.names ? ` [${i.names.join(", ")}]` : ""}`);
}

const EXPECTED: Record<string, string[]> = {
  "ts/src/shapes.ts": [
    "1 import ./units",
    "2 import ./math",
  ],
  "ts/src/index.ts": [
    "1 import ./shapes",
    "3 export ./shapes",
    "4 export ./units",
    "9 dynamic ./math",
  ],
  "ts/src/view.tsx": [
    "1 import ./shapes",
  ],
  "js/lib/stats.js": [
    "1 require ./round",
  ],
  "js/lib/index.mjs": [
    "1 import ./stats.js",
    "8 dynamic ./round.js",
  ],
  "python/src/geometry/__init__.py": [
    "1 import .shapes [Circle, area_of]",
  ],
  "python/src/geometry/shapes.py": [
    "2 import __future__ [annotations]",
    "4 import math",
    "5 import dataclasses [dataclass]",
    "7 import .units [DEFAULT_UNIT, Unit]",
  ],
  "python/tests/test_shapes.py": [
    "1 import geometry.shapes [Circle, area_of]",
  ],
  "go/shapes/shapes.go": [
    "5 import fmt",
    "6 import math",
  ],
  "go/shapes/shapes_test.go": [
    "4 import testing",
    "6 import example.com/geo/shapes",
  ],
  "go/cmd/geo/main.go": [
    "4 import fmt",
    "6 import example.com/geo/shapes",
  ],
  "rust/src/lib.rs": [
    "2 mod shapes",
    "3 mod units",
    "5 use crate::shapes::Circle",
    "5 use crate::shapes::Shape",
    "6 use units::Unit",
  ],
  "rust/src/main.rs": [
    "1 use geo_rs::describe",
    "1 use geo_rs::Circle",
    "1 use geo_rs::Unit",
  ],
  "rust/src/shapes.rs": [
    "1 use std::f64::consts::PI",
  ],
  "rust/tests/area.rs": [
    "1 use geo_rs::shapes::Circle",
    "1 use geo_rs::shapes::Shape",
  ],
};

describe("imports of each fixture project", () => {
  for (const [rel, lines] of Object.entries(EXPECTED)) {
    test(rel, async () => {
      expect(await importLines(rel)).toEqual(lines);
    });
  }
});

describe("every form of import", () => {
  test("TypeScript: type-only, side effect, re-exports, import-equals, require, import(); not a method named require", async () => {
    const source = [
      'import type { A } from "./a";',
      'import "./side";',
      'export type { B } from "./b";',
      'export * as ns from "./ns";',
      'import x = require("./x");',
      "function f() {",
      '  const y = require("./y");',
      '  return import("./z");',
      "}",
      'obj.require("./no");',
      "require(name);",
      'require("./one", "./two");',
    ].join("\n");
    expect(await importsOf(source, "typescript")).toEqual(["1 import ./a", "2 import ./side", "3 export ./b", "4 export ./ns", "5 import ./x", "7 require ./y", "8 dynamic ./z"]);
  });

  test("Python: aliases dropped, relative levels kept, wildcards, nested in functions, plain imports without names", async () => {
    const source = "import os.path as p, sys\nfrom ... import top\nfrom .a.b import (c as d,\n    e)\nfrom x import *\n\ndef f():\n    from json import dumps\n";
    expect(await importsOf(source, "python")).toEqual(["1 import os.path", "1 import sys", "2 import ... [top]", "3 import .a.b [c, e]", "5 import x [*]", "8 import json [dumps]"]);
  });

  test("Go: grouped, aliased, dot and blank imports, raw strings", async () => {
    const source = 'package p\n\nimport (\n\tf "fmt"\n\t. "math"\n\t_ "embed"\n\t`os`\n)\nimport "strings"\n';
    expect(await importsOf(source, "go")).toEqual(["4 import fmt", "5 import math", "6 import embed", "7 import os", "9 import strings"]);
  });

  test("Rust: use trees expanded (self, as, wildcards, nested lists), mod declarations (inside inline modules too), extern crate", async () => {
    const source = [
      "use std::{self, io::{Read, Write as W}, collections::*};",
      "use ::serde::Serialize;",
      "extern crate alloc;",
      "mod plain;",
      "mod inline {",
      "    mod nested;",
      "    use super::plain::Thing;",
      "}",
    ].join("\n");
    expect(await importsOf(source, "rust")).toEqual([
      "1 use std",
      "1 use std::io::Read",
      "1 use std::io::Write",
      "1 use std::collections::*",
      "2 use ::serde::Serialize",
      "3 extern alloc",
      "4 mod plain",
      "6 mod inline::nested",
      "7 use super::plain::Thing",
    ]);
  });
});
