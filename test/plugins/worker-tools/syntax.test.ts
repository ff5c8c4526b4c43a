import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { fakeExec } from "dgov/testing";
import { jsonErrorOffset } from "../../../plugins/worker-tools/json-syntax.ts";
import { checkSyntax } from "../../../plugins/worker-tools/syntax.ts";
import { call, type CodeTree, makeTree } from "./code-fixture.ts";

const SUPPORTED = ".py, .pyi, .ts, .tsx, .js, .jsx, .mjs, .cjs, .mts, .cts, .go, .rs, .json";

let tree: CodeTree;
beforeAll(() => {
  tree = makeTree({
    "src/ok.py": "def hello():\n    return 1\n",
    "src/bad.py": "def (:\n",
    "src/outside_fn.py": "x = 1\nreturn x\n",
    "src/indent.py": "def f():\nreturn 1\n",
    "src/ok.ts": "export const f = (a: number): number => a * 2;\n",
    "src/bad.ts": "const a = 1;\nconst x: number = ;\n",
    "src/app.tsx": "export const App = () => <div>It's ok</div>;\n",
    "src/react.js": "export const App = () => <div>hi</div>;\n",
    "src/bad.mjs": "export default {\n  a: 1,\n  b: 2\n",
    "package.json": '{\n  "name": "x",\n  "version": "1.0.0"\n}\n',
    "bad.json": '{\n  "name": "x",\n  "deps": [1, 2,]\n}\n',
    "README.md": "# Project\n\nNot code.\n",
    "go/ok.go": "package p\n\nfunc F() int { return 1 }\n",
    "go/bad.go": "package p\n\nfunc F() int {\n\treturn 1 +\n}\n",
    "rs/ok.rs": "fn main() {\n    println!(\"{}\", 1);\n}\n",
    "rs/bad.rs": "fn main() {\n    let x = 1\n}\n",
  });
  tree.link("src/escape.py", tree.outside);
});
afterAll(() => tree.remove());

describe("check_syntax on Python (spec §3.1 #16, §7 test 8)", () => {
  test("valid Python is OK", async () => {
    expect(await call(checkSyntax, { path: "src/ok.py" }, tree)).toEqual({ ok: true, output: "OK: src/ok.py has valid syntax." });
  });

  test("a syntax error is reported as output, not as an error", async () => {
    expect(await call(checkSyntax, { path: "src/bad.py" }, tree)).toEqual({ ok: true, output: "SyntaxError in src/bad.py line 1: invalid syntax" });
    expect(await call(checkSyntax, { path: "src/indent.py" }, tree)).toEqual({ ok: true, output: "SyntaxError in src/indent.py line 2: expected an indented block after function definition on line 1" });
  });

  test("compile errors beyond parsing count too ('return' outside function)", async () => {
    expect(await call(checkSyntax, { path: "src/outside_fn.py" }, tree)).toEqual({ ok: true, output: "SyntaxError in src/outside_fn.py line 2: 'return' outside function" });
  });

  test("without python3 the syntax layer answers, with the column", async () => {
    expect(await call(checkSyntax, { path: "src/ok.py" }, tree, { exec: fakeExec() })).toEqual({ ok: true, output: "OK: src/ok.py has valid syntax." });
    expect(await call(checkSyntax, { path: "src/bad.py" }, tree, { exec: fakeExec() })).toEqual({ ok: true, output: 'SyntaxError in src/bad.py line 1: cannot parse "def (:" (column 1)' });
  });

  test("python3 failing otherwise is an error, not a guess", async () => {
    const exec = fakeExec([{ match: (argv) => argv[0] === "python3", result: { code: 1, stderr: "Fatal Python error" } }]);
    expect(await call(checkSyntax, { path: "src/ok.py" }, tree, { exec })).toEqual({ ok: false, error: "check_syntax: python3 failed (exit 1): Fatal Python error" });
  });
});

describe("check_syntax on TypeScript/JavaScript and JSON", () => {
  test("valid files are OK, whatever the loader", async () => {
    for (const path of ["src/ok.ts", "src/app.tsx", "src/react.js", "package.json"]) {
      expect(await call(checkSyntax, { path }, tree)).toEqual({ ok: true, output: `OK: ${path} has valid syntax.` });
    }
  });

  test("errors carry Bun's message and the line", async () => {
    expect(await call(checkSyntax, { path: "src/bad.ts" }, tree)).toEqual({ ok: true, output: "SyntaxError in src/bad.ts line 2: Unexpected ;" });
    expect(await call(checkSyntax, { path: "src/bad.mjs" }, tree)).toEqual({ ok: true, output: 'SyntaxError in src/bad.mjs line 3: Expected "}" but found end of file' });
  });

  test("JSON errors name the line of the offending character", async () => {
    expect(await call(checkSyntax, { path: "bad.json" }, tree)).toEqual({ ok: true, output: "SyntaxError in bad.json line 3: Unexpected comma at the end of array expression" });
  });

  test("the JSON locator stops where a parser would", () => {
    expect(jsonErrorOffset('{"a": [1, {"b": null}], "c": "\\u00e9"}')).toBe(-1);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset("[1,]")).toBe(3);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset("")).toBe(0);
    expect(jsonErrorOffset("01")).toBe(1);
  });
});

describe("check_syntax on Go and Rust, by the syntax layer", () => {
  test("valid files are OK", async () => {
    for (const path of ["go/ok.go", "rs/ok.rs"]) expect(await call(checkSyntax, { path }, tree)).toEqual({ ok: true, output: `OK: ${path} has valid syntax.` });
  });

  test("an error says where (line and column) and what", async () => {
    expect(await call(checkSyntax, { path: "go/bad.go" }, tree)).toEqual({ ok: true, output: 'SyntaxError in go/bad.go line 4: cannot parse "+" (column 11)' });
    expect(await call(checkSyntax, { path: "rs/bad.rs" }, tree)).toEqual({ ok: true, output: 'SyntaxError in rs/bad.rs line 2: missing ";" (column 14)' });
  });
});

describe("check_syntax refusals", () => {
  test("README.md is refused, not called valid Python (spec B14)", async () => {
    expect(await call(checkSyntax, { path: "README.md" }, tree)).toEqual({ ok: false, error: `check_syntax does not support .md files (supported: ${SUPPORTED})` });
  });

  test("missing files and paths outside the worktree", async () => {
    expect(await call(checkSyntax, { path: "src/none.ts" }, tree)).toEqual({ ok: false, error: "src/none.ts does not exist." });
    const blocked = { ok: false as const, error: "Path traversal attempt blocked." };
    for (const path of ["../x.py", tree.outside, "src/escape.py", tree.evilRel]) expect(await call(checkSyntax, { path }, tree)).toEqual(blocked);
  });
});
