import { describe, expect, test } from "bun:test";
import { changeKind, type ImportGraph, relatedTests } from "dgov/plugin";

describe("what a changed file means for test selection", () => {
  test("configs the tests depend on, sources with and without a graph, other files", () => {
    const table: [string, string[], string][] = [
      ["package.json", [".ts"], "config"],
      ["packages/ui/package.json", [".ts"], "config"],
      ["pnpm-lock.yaml", [".ts"], "config"],
      ["tsconfig.build.json", [".ts"], "config"],
      ["vitest.config.ts", [".ts"], "config"],
      ["jest.config.cjs", [".js"], "config"],
      [".mocharc.yml", [".js"], "config"],
      ["tests/conftest.py", [".py"], "config"],
      ["pyproject.toml", [".py"], "config"],
      ["setup.cfg", [".py"], "config"],
      ["requirements-dev.txt", [".py"], "config"],
      ["src/a.ts", [".ts"], "graphed"],
      ["src/a.tsx", [".ts", ".tsx"], "graphed"],
      ["src/a.py", [".py"], "graphed"],
      ["src/a.py", [], "graphed"],
      ["web/app.js", [".py"], "other"],
      ["src/lib.rs", [".rs"], "ungraphed"],
      ["src/lib.rs", [], "other"],
      ["README.md", [".ts"], "other"],
      ["docs/conf.json", [".ts"], "other"],
    ];
    expect(table.map(([path, exts]) => [path, exts, changeKind(path, exts)])).toEqual(table);
  });

  test("related tests: those reaching a changed file or a file of unknown imports; an unreached change is named, a moved one need not be reached", () => {
    const graph: ImportGraph = {
      imports: new Map([
        ["t/a.test.ts", ["src/a.ts"]],
        ["t/b.test.ts", ["src/b.ts"]],
        ["t/c.test.ts", ["src/c.ts"]],
        ["src/a.ts", ["src/shared.ts"]],
        ["src/b.ts", ["src/shared.ts"]],
        ["src/c.ts", []],
        ["src/shared.ts", []],
      ]),
      unknown: new Map([["src/c.ts", "imports \"~x\""]]),
    };
    const tests = ["t/a.test.ts", "t/b.test.ts", "t/c.test.ts"];
    expect(relatedTests(graph, tests, ["src/shared.ts"])).toEqual({ ok: true, tests });
    expect(relatedTests(graph, tests, ["src/a.ts"])).toEqual({ ok: true, tests: ["t/a.test.ts", "t/c.test.ts"] });
    expect(relatedTests(graph, tests, ["src/a.ts", "src/cli.ts"])).toEqual({ ok: false, unreached: "src/cli.ts" });
    expect(relatedTests(graph, tests, [], ["src/old.ts", "src/b.ts"])).toEqual({ ok: true, tests: ["t/b.test.ts", "t/c.test.ts"] });
  });
});
