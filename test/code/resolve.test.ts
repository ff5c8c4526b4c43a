import { describe, expect, test } from "bun:test";
import { pythonTargets, resolveScriptImport, scriptProject } from "dgov/plugin";

describe("resolving a TypeScript/JavaScript import", () => {
  const files = new Set([
    "package.json", "src/index.ts", "src/core/a.ts", "src/utils/pad.ts", "src/db.ts",
    "packages/ui/package.json", "packages/ui/src/index.tsx", "packages/ui/src/button.tsx", "packages/legacy/lib/main.js",
  ]);
  const project = scriptProject(
    new Map<string, unknown>([
      ["package.json", { name: "app", main: "dist/index.js", imports: { "#db": "./src/db.ts", "#utils/*": "./src/utils/*.ts" }, dependencies: { react: "19" }, devDependencies: { "@types/lodash": "4", "@scope/tool": "1" } }],
      ["packages/ui/package.json", { name: "@app/ui", exports: { ".": { import: "./dist/index.js", types: "./dist/index.d.ts" }, "./*": "./dist/*.js", "./package.json": "./package.json" } }],
      ["packages/legacy/package.json", { name: "legacy", main: "lib/main.js" }],
    ]),
    { compilerOptions: { baseUrl: "src", paths: { "@/*": ["./*"], "~core": ["core/a.ts"] } } },
  );
  const at = (spec: string, from = "src/index.ts") => resolveScriptImport(spec, from, files, project);

  test("the tree's own packages by name: `exports` (conditions, subpath patterns), `main`, built paths as their sources", () => {
    expect(at("app")).toEqual({ files: ["src/index.ts"] });
    expect(at("@app/ui")).toEqual({ files: ["packages/ui/src/index.tsx"] });
    expect(at("@app/ui/button")).toEqual({ files: ["packages/ui/src/button.tsx"] });
    expect(at("legacy")).toEqual({ files: ["packages/legacy/lib/main.js"] });
    // A subpath the exports map does not name cannot be imported: nothing explains it.
    expect(at("@app/ui/missing")).toBe("unknown");
  });

  test("tsconfig paths and baseUrl, package imports, relative paths", () => {
    expect(at("@/core/a")).toEqual({ files: ["src/core/a.ts"] });
    expect(at("~core")).toEqual({ files: ["src/core/a.ts"] });
    expect(at("utils/pad")).toEqual({ files: ["src/utils/pad.ts"] });
    expect(at("#db")).toEqual({ files: ["src/db.ts"] });
    expect(at("#utils/pad")).toEqual({ files: ["src/utils/pad.ts"] });
    expect(at("./core/a.js")).toEqual({ files: ["src/core/a.ts"] });
    expect(at("../dist/core/a.js", "test/a.test.ts")).toEqual({ files: ["src/core/a.ts"] });
    expect(at("./nope")).toBe("unknown");
  });

  test("built-in modules and declared dependencies are outside the tree; anything else is unknown", () => {
    for (const spec of ["node:fs", "fs", "fs/promises", "bun:test", "bun", "react", "react/jsx-runtime", "lodash", "@scope/tool/sub"]) expect(at(spec)).toBe("external");
    for (const spec of ["vue", "$lib/x", "virtual:thing"]) expect(at(spec)).toBe("unknown");
  });
});

describe("resolving a Python import", () => {
  const files = new Set(["src/pkg/__init__.py", "src/pkg/core.py", "src/pkg/sub/__init__.py", "src/pkg/sub/deep.py", "tests/helpers.py", "tests/test_a.py", "tools/gen.py", "tools/common.py"]);
  const targets = (statement: Parameters<typeof pythonTargets>[0], from: string) => pythonTargets(statement, from, files, "src/").sort();

  test("`import a.b` loads every package on the way; `from a import b` the submodule b too", () => {
    expect(targets([0, "pkg.sub.deep", null], "tests/test_a.py")).toEqual(["src/pkg/__init__.py", "src/pkg/sub/__init__.py", "src/pkg/sub/deep.py"]);
    expect(targets([0, "pkg", ["core", "VERSION"]], "tests/test_a.py")).toEqual(["src/pkg/__init__.py", "src/pkg/core.py"]);
    expect(targets([0, "os.path", null], "tests/test_a.py")).toEqual([]);
  });

  test("relative imports by level; a test's (or script's) own folder is on sys.path", () => {
    expect(targets([1, "core", ["*"]], "src/pkg/__init__.py")).toEqual(["src/pkg/core.py"]);
    expect(targets([1, "", ["sub"]], "src/pkg/__init__.py")).toEqual(["src/pkg/__init__.py", "src/pkg/sub/__init__.py"]);
    expect(targets([2, "core", ["x"]], "src/pkg/sub/deep.py")).toEqual(["src/pkg/core.py"]);
    expect(targets([5, "core", null], "src/pkg/sub/deep.py")).toEqual([]);
    expect(targets([0, "helpers", null], "tests/test_a.py")).toEqual(["tests/helpers.py"]);
    expect(targets([0, "common", null], "tools/gen.py")).toEqual(["tools/common.py"]);
  });
});
