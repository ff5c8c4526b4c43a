/**
 * The compile-time import-graph warning: per language, two tasks with no dependency path whose
 * written files import one another are named with both files and told to add depends_on; a
 * dependency between them, files that do not import each other, or an import of a file no
 * other task writes, give nothing.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { importWarnings } from "../../src/plan/import-warnings.ts";
import type { Unit } from "../../src/plan/types.ts";

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function repo(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), "h-semantic-imports-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function unit(id: string, edit: string[], dependsOn: string[] = [], create: string[] = []): Unit {
  return {
    id, summary: id, prompt: "", promptFile: "", commitMessage: "", agent: "", provider: "", role: "worker", dependsOn,
    timeoutS: null, iterationBudget: null, testCmd: "", sopMapping: [], selfReview: false, maxForkDepth: 0,
    files: { create, edit, delete: [], touch: [], read: [] },
  };
}

const CASES: [string, Record<string, string>, string, string][] = [
  ["TypeScript (a .js specifier for a .ts file)", { "src/a.ts": 'import { b } from "./lib/b.js";\nexport const a = b;\n', "src/lib/b.ts": "export const b = 1;\n" }, "src/a.ts", "src/lib/b.ts"],
  ["TypeScript (a folder's index)", { "src/a.tsx": 'import b from "./lib";\n', "src/lib/index.ts": "export default 1;\n" }, "src/a.tsx", "src/lib/index.ts"],
  ["JavaScript (require)", { "lib/a.js": 'const b = require("./b");\n', "lib/b.js": "module.exports = 1;\n" }, "lib/a.js", "lib/b.js"],
  ["Python (relative)", { "pkg/__init__.py": "", "pkg/a.py": "from .b import f\n", "pkg/b.py": "def f():\n    pass\n" }, "pkg/a.py", "pkg/b.py"],
  ["Python (package-absolute, under src/)", { "src/pkg/__init__.py": "", "src/pkg/a.py": "from pkg import b\n", "src/pkg/b.py": "X = 1\n" }, "src/pkg/a.py", "src/pkg/b.py"],
  ["Go (a package under the module path)", { "go.mod": "module example.com/m\n\ngo 1.22\n", "main.go": 'package main\n\nimport "example.com/m/geo"\n\nfunc main() { geo.Area() }\n', "geo/area.go": "package geo\n\nfunc Area() {}\n" }, "main.go", "geo/area.go"],
  ["Rust (a mod file)", { "src/lib.rs": "mod geo;\n", "src/geo.rs": "pub fn area() {}\n" }, "src/lib.rs", "src/geo.rs"],
  ["Rust (a crate:: path)", { "src/main.rs": "use crate::geo::area;\nfn main() {}\n", "src/geo/mod.rs": "pub fn area() {}\n" }, "src/main.rs", "src/geo/mod.rs"],
];

describe("import-graph conflict warning", () => {
  test.each(CASES)("%s: independent tasks warned, naming both tasks and files", async (_, files, importer, imported) => {
    const root = repo(files);
    const warnings = await importWarnings(root, [unit("p/a.one", [importer]), unit("p/a.two", [imported])]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.unit).toBe("p/a.two");
    for (const part of ["'p/a.one'", "'p/a.two'", importer, imported, 'depends_on = ["p/a.one"]']) expect(warnings[0]!.message).toContain(part);
  });

  test("a dependency path between them (even through a third task): no warning", async () => {
    const root = repo(CASES[0]![1]);
    const units = [unit("p/a.one", ["src/a.ts"]), unit("p/a.mid", ["x.txt"], ["p/a.one"]), unit("p/a.two", ["src/lib/b.ts"], ["p/a.mid"])];
    expect(await importWarnings(root, units)).toEqual([]);
  });

  test("files that do not import each other, or an import no other task writes: no warning", async () => {
    const root = repo({ "src/a.ts": 'import { c } from "./c.ts";\n', "src/b.ts": "export const b = 1;\n", "src/c.ts": "export const c = 1;\n" });
    expect(await importWarnings(root, [unit("p/a.one", ["src/a.ts"]), unit("p/a.two", ["src/b.ts"])])).toEqual([]);
  });

  test("the imported file is one the other task creates: warned; the importer must exist to be read", async () => {
    const root = repo({ "src/a.ts": 'import { n } from "./new.ts";\n' });
    const warned = await importWarnings(root, [unit("p/a.one", ["src/a.ts"]), unit("p/a.two", [], [], ["src/new.ts"])]);
    expect(warned.map((w) => w.unit)).toEqual(["p/a.two"]);
    expect(await importWarnings(root, [unit("p/a.one", [], [], ["src/b.ts"]), unit("p/a.two", ["src/a.ts"])])).toEqual([]);
  });
});
