import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { absoluteModule, moduleName } from "../../../src/code/python-modules.ts";
import { relatedFiles } from "../../../plugins/worker-tools/related.ts";
import { resolveSpecifier, scriptImports } from "../../../src/code/ts-imports.ts";
import { call, type CodeTree, configWith, makeTree } from "./code-fixture.ts";


let tree: CodeTree;
beforeAll(() => {
  tree = makeTree({
    // Spec §7 test 15.
    "src/foo.py": "from pathlib import Path\n\ndef hello():\n    return Path('.')\n",
    "src/baz.py": "from foo import hello\n",
    "src/lonely.py": "import os\n",
    "src/pkg/__init__.py": "from .core import run\nfrom . import util\n",
    "src/pkg/core.py": "from os import path\nfrom os import sep\nfrom ..foo import hello\n\ndef run():\n    from json import dumps\n",
    "src/pkg/util.py": "from .core import run\nfrom pkg.core import run as again\n",
    "src/broken.py": "from x import (\n",
    ".hidden/uses.py": "from foo import hello\n",
    "web/a.ts": 'import { b } from "./b.js";\nimport type { T } from "./types";\nimport React from "react";\nimport { readFileSync } from "node:fs";\nconst lib = require("./lib");\nexport * from "../shared";\nconst lazy = await import("./lazy");\nimport "./missing";\n',
    "web/b.ts": "export const b = 1;\n",
    "web/types.d.ts": "export type T = string;\n",
    "web/lib/index.js": "module.exports = {};\n",
    "web/lazy.tsx": "export default () => null;\n",
    "shared/index.ts": "export const s = 1;\n",
    "web/c.mts": 'import { b } from "./b";\n',
    "web/d.ts": "// mentions b but imports nothing\nconst b = 2;\n",
    "node_modules/dep/index.ts": 'import { b } from "../../web/b";\n',
    "notes.md": "# notes\n",
    "gomod/go.mod": "module example.com/geo\n\ngo 1.22\n",
    "gomod/shapes/shapes.go": 'package shapes\n\nimport (\n\t"fmt"\n\tm "math"\n)\n\nfunc Area(r float64) string { return fmt.Sprint(m.Pi * r * r) }\n',
    "gomod/shapes/shapes_test.go": 'package shapes_test\n\nimport "example.com/geo/shapes"\n\nvar _ = shapes.Area\n',
    "gomod/cmd/geo/main.go": 'package main\n\nimport "example.com/geo/shapes"\n\nfunc main() { _ = shapes.Area(1) }\n',
    "gomod/other/other.go": 'package other\n\n// Not an import: "example.com/geo/shapes".\n',
    "gomod/broken.go": "package geo\n\nimport (\n",
    "rs/Cargo.toml": '[package]\nname = "geo-rs"\nversion = "0.1.0"\n\n[dependencies]\n',
    "rs/src/lib.rs": "pub mod shapes;\nmod units;\n\npub use crate::shapes::Circle;\n",
    "rs/src/shapes.rs": "use super::units::Unit;\n\npub struct Circle(pub Unit);\n",
    "rs/src/units.rs": "pub enum Unit { Cm }\n",
    "rs/src/main.rs": "use geo_rs::Circle;\n\nfn main() {}\n",
    "rs/tests/it.rs": "use geo_rs::shapes::Circle;\n",
  });
});
afterAll(() => tree.remove());

describe("related_files on Python (spec §3.1 #17, §7 test 15)", () => {
  test("the spec's example: imports from pathlib, imported by src/baz.py", async () => {
    expect(await call(relatedFiles, { path: "src/foo.py" }, tree)).toEqual({
      ok: true,
      output: "== src/foo.py ==\n\nImports from (1):\n  pathlib\n\nImported by (2):\n  src/baz.py\n  src/pkg/core.py",
    });
  });

  test("imports are counted with duplicates, listed once; relative imports are resolved", async () => {
    expect(await call(relatedFiles, { path: "src/pkg/core.py" }, tree)).toEqual({
      ok: true,
      output: "== src/pkg/core.py ==\n\nImports from (4):\n  foo\n  json\n  os\n\nImported by (2):\n  src/pkg/__init__.py\n  src/pkg/util.py",
    });
  });

  test("plain `import X` is not an import relationship", async () => {
    expect(await call(relatedFiles, { path: "src/lonely.py" }, tree)).toEqual({ ok: true, output: "== src/lonely.py ==\n  (no import relationships found)" });
  });

  test("the module name drops src_dir, .py and __init__", () => {
    expect(moduleName("src/pkg/__init__.py", "src/")).toBe("pkg");
    expect(moduleName("src/pkg/core.py", "src")).toBe("pkg.core");
    expect(moduleName("tests/test_a.py", "src/")).toBe("tests.test_a");
    expect(moduleName("app/a.py", "")).toBe("app.a");
    expect(absoluteModule([1, "core"], "src/pkg/util.py", "src/")).toBe("pkg.core");
    expect(absoluteModule([1, ""], "src/pkg/__init__.py", "src/")).toBe("pkg");
    expect(absoluteModule([3, "x"], "src/pkg/util.py", "src/")).toBe("...x");
  });

  test("another src_dir changes the module names", async () => {
    const result = await call(relatedFiles, { path: "src/foo.py" }, tree, { config: configWith({ src_dir: "lib/" }) });
    expect(result).toEqual({ ok: true, output: "== src/foo.py ==\n\nImports from (1):\n  pathlib\n\nImported by (1):\n  src/pkg/core.py" });
  });

  test("a file that does not parse is an error", async () => {
    const result = await call(relatedFiles, { path: "src/broken.py" }, tree);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toStartWith("SyntaxError in src/broken.py: ");
  });
});

describe("related_files on TypeScript/JavaScript", () => {
  test("imports resolve to worktree files; packages and unresolved specifiers stay as written", async () => {
    expect(await call(relatedFiles, { path: "web/a.ts" }, tree)).toEqual({
      ok: true,
      output: ["== web/a.ts ==", "", "Imports from (8):", "  ./missing", "  node:fs", "  react", "  shared/index.ts", "  web/b.ts", "  web/lazy.tsx", "  web/lib/index.js", "  web/types.d.ts"].join("\n"),
    });
  });

  test("imported by: files whose relative imports resolve to it, not mere mentions, not node_modules", async () => {
    expect(await call(relatedFiles, { path: "web/b.ts" }, tree)).toEqual({ ok: true, output: "== web/b.ts ==\n\nImported by (2):\n  web/a.ts\n  web/c.mts" });
    expect(await call(relatedFiles, { path: "shared/index.ts" }, tree)).toEqual({ ok: true, output: "== shared/index.ts ==\n\nImported by (1):\n  web/a.ts" });
  });

  test("type-only imports, require and import-equals are found besides Bun's scan", async () => {
    const source = 'import type { A } from "./a";\nexport type { B } from "./b";\nimport x = require("./x");\nconst y = require("./y");\nimport.meta.url;\nobj.require("./no");\n';
    expect((await scriptImports(source, "m.ts")).sort()).toEqual(["./a", "./b", "./x", "./y"]);
  });

  test("specifier resolution", () => {
    const files = new Set(["src/a.ts", "src/b.tsx", "src/dir/index.ts", "lib/x.mts", "src/c.js"]);
    expect(resolveSpecifier("./a", "src/m.ts", files)).toBe("src/a.ts");
    expect(resolveSpecifier("./a.js", "src/m.ts", files)).toBe("src/a.ts");
    expect(resolveSpecifier("./b.js", "src/m.ts", files)).toBe("src/b.tsx");
    expect(resolveSpecifier("./c.js", "src/m.ts", files)).toBe("src/c.js");
    expect(resolveSpecifier("./dir", "src/m.ts", files)).toBe("src/dir/index.ts");
    expect(resolveSpecifier("../lib/x.mjs", "src/m.ts", files)).toBe("lib/x.mts");
    expect(resolveSpecifier("../../etc/passwd", "src/m.ts", files)).toBeNull();
    expect(resolveSpecifier("react", "src/m.ts", files)).toBeNull();
  });
});

describe("related_files on Go", () => {
  test("import paths as written; imported by the files importing its package (its external tests too), not by mentions", async () => {
    expect(await call(relatedFiles, { path: "gomod/shapes/shapes.go" }, tree)).toEqual({
      ok: true,
      output: "== gomod/shapes/shapes.go ==\n\nImports from (2):\n  fmt\n  math\n\nImported by (2):\n  gomod/cmd/geo/main.go\n  gomod/shapes/shapes_test.go",
    });
    expect(await call(relatedFiles, { path: "gomod/cmd/geo/main.go" }, tree)).toEqual({ ok: true, output: "== gomod/cmd/geo/main.go ==\n\nImports from (1):\n  example.com/geo/shapes" });
  });

  test("a file that does not parse is an error", async () => {
    const result = await call(relatedFiles, { path: "gomod/broken.go" }, tree);
    expect(result.ok ? "" : result.error).toStartWith("SyntaxError in gomod/broken.go: ");
  });
});

describe("related_files on Rust", () => {
  test("use paths as written, mod declarations as the files they load", async () => {
    expect(await call(relatedFiles, { path: "rs/src/lib.rs" }, tree)).toEqual({
      ok: true,
      output: "== rs/src/lib.rs ==\n\nImports from (3):\n  crate::shapes::Circle\n  rs/src/shapes.rs\n  rs/src/units.rs\n\nImported by (1):\n  rs/src/main.rs",
    });
  });

  test("imported by: the parent's mod, use paths through crate, super and the crate's name (integration tests)", async () => {
    expect(await call(relatedFiles, { path: "rs/src/shapes.rs" }, tree)).toEqual({
      ok: true,
      output: "== rs/src/shapes.rs ==\n\nImports from (1):\n  super::units::Unit\n\nImported by (2):\n  rs/src/lib.rs\n  rs/tests/it.rs",
    });
    expect(await call(relatedFiles, { path: "rs/src/units.rs" }, tree)).toEqual({ ok: true, output: "== rs/src/units.rs ==\n\nImported by (2):\n  rs/src/lib.rs\n  rs/src/shapes.rs" });
  });
});

describe("related_files refusals", () => {
  test("other languages, missing files, paths outside", async () => {
    const supported = ".py, .pyi, .ts, .tsx, .js, .jsx, .mjs, .cjs, .mts, .cts, .go, .rs";
    expect(await call(relatedFiles, { path: "notes.md" }, tree)).toEqual({ ok: false, error: `related_files only works on ${supported} files, got .md.` });
    expect(await call(relatedFiles, { path: "src/gone.py" }, tree)).toEqual({ ok: false, error: "src/gone.py does not exist." });
    expect(await call(relatedFiles, { path: tree.evilRel }, tree)).toEqual({ ok: false, error: "Path traversal attempt blocked." });
    expect(await call(relatedFiles, { path: tree.outside }, tree)).toEqual({ ok: false, error: "Path traversal attempt blocked." });
  });
});
