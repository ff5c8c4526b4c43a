import { afterEach, describe, expect, test } from "bun:test";
import { packageFiles } from "../fakes/packages.ts";
import { type CodeTree, codeTree, importsOf } from "./code-tree.ts";

let tree: CodeTree | undefined;
afterEach(() => tree?.remove());
const make = (files: Record<string, string>) => (tree = codeTree(files));

describe("the import graph: TypeScript", () => {
  test("a deep module is reached through the index's re-exports and the package's own name; a test of another module is not", async () => {
    const t = make(packageFiles("textkit"));
    // case.ts ← slug.ts ← index.ts (export *) ← ../src/index.ts and "textkit" (exports ".")
    expect(await t.related(["src/core/case.ts"])).toEqual(["test/slug.test.ts", "test/title.test.ts"]);
    // "textkit/words" is an `exports` subpath straight to words.ts: only its test, and the index's importers.
    expect(await t.related(["src/core/words.ts"])).toEqual(["test/slug.test.ts", "test/title.test.ts", "test/words.test.ts"]);
    expect(await t.related(["src/types.ts"])).toEqual(["test/slug.test.ts", "test/title.test.ts"]);
  });

  test("the edges are the files each import names: `export *`, type-only imports, `.js` spellings of `.ts` files", async () => {
    const t = make(packageFiles("textkit", { "src/core/slug.ts": 'import type { SlugOptions } from "../types.js";\nimport { lower } from "./case.js";\nexport const slugify = (s: string, o: SlugOptions = {}) => lower(s);\n' }));
    const { walk } = await t.graph();
    if (!walk.ok) throw new Error(walk.reason);
    expect(importsOf(walk.graph, "src/index.ts")).toEqual(["src/core/slug.ts", "src/core/title.ts", "src/core/words.ts", "src/types.ts"]);
    expect(importsOf(walk.graph, "src/core/slug.ts")).toEqual(["src/core/case.ts", "src/types.ts"]);
    expect(importsOf(walk.graph, "test/title.test.ts")).toEqual(["src/index.ts"]);
    // vitest is a declared devDependency: external, not unknown. Nothing reaches the CLI.
    expect([...walk.graph.unknown.keys()]).toEqual([]);
    expect(walk.graph.imports.has("src/cli.ts")).toBe(false);
  });

  test("tsconfig `paths` and `baseUrl`, package `imports` (#), and `main: dist/…` read as its `src/` source", async () => {
    const t = make({
      "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@core/*": ["src/core/*"] } } } // JSONC\n',
      "package.json": JSON.stringify({ name: "@acme/lib", main: "dist/index.js", imports: { "#db": "./src/db.ts" }, devDependencies: { vitest: "3" } }),
      "src/index.ts": 'export * from "@core/math";\n',
      "src/core/math.ts": 'import { conn } from "#db";\nexport const one = conn ? 1 : 0;\n',
      "src/db.ts": "export const conn = true;\n",
      "src/util/pad.ts": "export const pad = 1;\n",
      "test/lib.test.ts": 'import { one } from "@acme/lib";\nimport { pad } from "src/util/pad";\n',
      "test/other.test.ts": 'import { expect } from "vitest";\n',
    });
    expect(await t.related(["src/db.ts"])).toEqual(["test/lib.test.ts"]);
    expect(await t.related(["src/util/pad.ts"])).toEqual(["test/lib.test.ts"]);
  });

  test("an import nothing explains (a bundler alias, a missing file) makes its file depend on anything", async () => {
    const t = make({
      "package.json": '{ "name": "app", "dependencies": { "react": "19" } }',
      "src/a.ts": "export const a = 1;\n",
      "src/b.ts": 'import React from "react";\nimport { readFileSync } from "node:fs";\nimport path from "path";\nexport const b = 1;\n',
      "test/alias.test.ts": 'import { thing } from "~/lib/thing";\n',
      "test/b.test.ts": 'import { b } from "../src/b";\n',
    });
    const { walk } = await t.graph();
    if (!walk.ok) throw new Error(walk.reason);
    expect(Object.fromEntries(walk.graph.unknown)).toEqual({ "test/alias.test.ts": 'imports "~/lib/thing", which no file, package.json or tsconfig of the tree explains' });
    // src/a.ts is reached by no import: the one test with an unknown import runs for every change it could be.
    expect(await t.related(["src/b.ts"])).toEqual(["test/alias.test.ts", "test/b.test.ts"]);
    expect(await t.related(["src/a.ts"])).toBe("src/a.ts");
  });
});

describe("the import graph: CommonJS", () => {
  test("require chains through index.js, and the package's own name through `exports`", async () => {
    const t = make(packageFiles("calc"));
    expect(await t.related(["lib/check.js"])).toEqual(["test/arith.test.js", "test/stats.test.js"]);
    expect(await t.related(["lib/stats.js"])).toEqual(["test/arith.test.js", "test/stats.test.js"]);
    // format.js is used by bin/calc.js alone: no test reaches it.
    expect(await t.related(["lib/format.js"])).toBe("lib/format.js");
    expect(await t.related(["package.json"])).toEqual(["test/version.test.js"]);
  });

  test("a deleted module still resolves: the tests that require it are reached", async () => {
    const t = make(packageFiles("calc"));
    t.git("rm", "-q", "lib/check.js");
    const { tests, walk } = await t.graph({ extra: ["lib/check.js"] });
    if (!walk.ok) throw new Error(walk.reason);
    expect(importsOf(walk.graph, "lib/arith.js")).toEqual(["lib/check.js"]);
    expect(tests).toContain("test/arith.test.js");
  });
});

describe("the import graph: Python", () => {
  test("`import wordy` reaches what wordy/__init__.py re-exports (`from .core import *`) and what that imports", async () => {
    const t = make(packageFiles("wordy"));
    expect(await t.related(["src/wordy/_util.py"], { testDir: "tests", runner: "pytest" })).toEqual(["tests/test_count.py", "tests/test_normalize.py", "tests/test_roman.py"]);
    // Only the test of the subpackage reaches it: the package's __init__ does not import it.
    expect(await t.related(["src/wordy/extra/roman.py"], { testDir: "tests", runner: "pytest" })).toEqual(["tests/test_roman.py"]);
    expect(await t.related(["src/wordy/__main__.py"], { testDir: "tests", runner: "pytest" })).toBe("src/wordy/__main__.py");
  });

  test("a flat layout, relative imports at any level, a test helper beside the tests, `from pkg import module`", async () => {
    const t = make({
      "clicky/__init__.py": "from .core import Command\nfrom . import termui\n",
      "clicky/core.py": "from .parser import parse\n\nclass Command:\n    pass\n",
      "clicky/parser.py": "def parse(args):\n    return args\n",
      "clicky/termui.py": "from ._compat import isatty\n",
      "clicky/_compat.py": "import os\nisatty = os.isatty\n",
      "clicky/shell/__init__.py": "",
      "clicky/shell/complete.py": "from ..core import Command\n",
      "tests/helpers.py": "from clicky import parser\n",
      "tests/test_basic.py": "import clicky\n\ndef test_command():\n    assert clicky.Command\n",
      "tests/test_parse.py": "from helpers import parser\n",
      "tests/test_complete.py": "import clicky.shell.complete as c\n",
      "tests/test_syntax.py": "def broken(:\n",
    });
    const related = (path: string) => t.related([path], { testDir: "tests", runner: "pytest" });
    // test_syntax.py does not parse: its imports are unknown, so it runs for every change.
    expect(await related("clicky/_compat.py")).toEqual(["tests/test_basic.py", "tests/test_complete.py", "tests/test_parse.py", "tests/test_syntax.py"]);
    expect(await related("tests/helpers.py")).toEqual(["tests/test_parse.py", "tests/test_syntax.py"]);
    expect(await related("clicky/shell/complete.py")).toEqual(["tests/test_complete.py", "tests/test_syntax.py"]);
  });
});

describe("the bound", () => {
  test("a walk that reaches more files than the bound ends without a graph, saying so", async () => {
    const t = make(packageFiles("textkit"));
    expect((await t.graph({ maxFiles: 8 })).walk).toEqual({ ok: false, reason: "the tests' imports reach more than 8 files, the import graph's bound" });
    expect((await t.graph({ maxFiles: 9 })).walk.ok).toBe(true);
  });
});
