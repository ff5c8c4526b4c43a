import { describe, expect, test } from "bun:test";
import { identity, parseDiagnostics, relativePath } from "../../gates/diagnostics.ts";

const one = (output: string) => {
  const found = parseDiagnostics(output);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe("parseDiagnostics", () => {
  test("ruff concise: path:line:col: CODE message", () => {
    expect(one("src/a.py:3:8: F401 [*] `os` imported but unused\nFound 1 error.\n")).toEqual({
      file: "src/a.py", line: 3, column: 8, code: "F401", message: "`os` imported but unused",
    });
  });

  test("eslint unix: the rule and severity in brackets at the end", () => {
    expect(one("/w/src/a.js:1:7: 'x' is assigned a value but never used. [Error/no-unused-vars]\n\n1 problem")).toEqual({
      file: "/w/src/a.js", line: 1, column: 7, severity: "error", code: "no-unused-vars", message: "'x' is assigned a value but never used.",
    });
  });

  test("biome: path:line:col then the rule", () => {
    expect(one("src/a.ts:2:5 lint/style/useConst FIXABLE  ━━━━━━━━\n\n  ✖ This let declares a variable that is only assigned once.")).toMatchObject({
      file: "src/a.ts", line: 2, code: "lint/style/useConst",
    });
  });

  test("clippy and rustc: the header line, then --> path:line:col", () => {
    const out = "warning: unused variable: `x`\n --> src/main.rs:2:9\n  |\n2 |     let x = 1;\n  |         ^\n\nerror[E0308]: mismatched types\n  --> src/lib.rs:4:18\n   |\n";
    expect(parseDiagnostics(out)).toEqual([
      { file: "src/main.rs", line: 2, column: 9, severity: "warning", message: "unused variable: `x`" },
      { file: "src/lib.rs", line: 4, column: 18, severity: "error", code: "E0308", message: "mismatched types" },
    ]);
  });

  test("ty: error[rule] header and arrow, and the concise form", () => {
    expect(one("error[unresolved-reference]: Name `y` used when not defined\n --> src/a.py:3:7\n")).toMatchObject({ file: "src/a.py", line: 3, code: "unresolved-reference" });
    expect(one("src/a.py:3:7: error[unresolved-reference] Name `y` used when not defined")).toMatchObject({ file: "src/a.py", line: 3, code: "unresolved-reference", severity: "error" });
  });

  test("tsc: path(line,col) and the pretty path:line:col - error TSxxxx", () => {
    expect(one("src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.")).toEqual({
      file: "src/a.ts", line: 3, column: 7, severity: "error", code: "TS2322", message: "Type 'string' is not assignable to type 'number'.",
    });
    expect(one("src/a.ts:3:7 - error TS2322: Type 'string' is not assignable.\n\n3 const x: number = 'a';")).toMatchObject({ file: "src/a.ts", line: 3, code: "TS2322" });
  });

  test("mypy and pyright: the code at the end; notes are not diagnostics", () => {
    const mypy = 'src/a.py:4: error: Incompatible return value type (got "int", expected "str")  [return-value]\nsrc/a.py:4: note: See docs\nFound 1 error in 1 file';
    expect(one(mypy)).toEqual({ file: "src/a.py", line: 4, severity: "error", code: "return-value", message: 'Incompatible return value type (got "int", expected "str")' });
    expect(one('  /w/a.py:3:5 - error: "foo" is not defined (reportUndefinedVariable)')).toMatchObject({ file: "/w/a.py", line: 3, code: "reportUndefinedVariable" });
  });

  test("prose, summaries and stack frames are not read as locations of real files", () => {
    const found = parseDiagnostics("Found 3 errors.\nAll checks passed!\nhttps://example.com:443/x\n\u001b[1msrc/a.py\u001b[0m:2:1: E1 bad");
    expect(found).toEqual([{ file: "src/a.py", line: 2, column: 1, code: "E1", message: "bad" }]);
  });
});

describe("relativePath and identity", () => {
  test("a leading ./ or the tree's absolute path is stripped", () => {
    expect(relativePath("./src/a.py", "/w")).toBe("src/a.py");
    expect(relativePath("/w/src/a.py", "/w/")).toBe("src/a.py");
    expect(relativePath("/other/src/a.py", "/w")).toBe("/other/src/a.py");
  });

  test("the identity ignores the line, and falls back to the message without a code", () => {
    expect(identity({ file: "a.py", line: 1, code: "E1", message: "x" })).toBe(identity({ file: "a.py", line: 9, code: "E1", message: "y" }));
    expect(identity({ file: "a.py", line: 1, message: "x" })).not.toBe(identity({ file: "a.py", line: 1, message: "y" }));
  });
});
