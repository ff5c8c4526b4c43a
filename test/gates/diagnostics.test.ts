/**
 * The diagnostics reader on what the tools really print: the installed ones (eslint 9,
 * oxlint, biome, tsc 7, ruff, mypy, go vet, cargo) are run here on small projects; pyright,
 * xo, ty and tsgo outputs were captured once from real runs (test/gates/outputs/).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Diagnostic, diagnosticKey, failingDiagnostics, keyDiagnostic, newDiagnostics, parseDiagnostics, relativePath, stripAnsi } from "dgov/plugin";
import { exec } from "../../src/exec/exec.ts";
import { outputOf } from "../../gates/command-line.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";
import { haveToolchains, linkNodeModules } from "../fakes/toolchains.ts";
import { goProject, jsProject, pyProject, rustProject, tsProject } from "./tool-projects.ts";

/** Real tools on a loaded machine: a generous limit per test (a cold cargo or mypy run takes seconds). */
const TOOL_MS = 120_000;
const made: FixtureRepo[] = [];
afterAll(() => made.forEach((r) => r.remove()));

function project(files: Record<string, string>, opts: { node?: boolean } = {}): FixtureRepo {
  const repo = makeRepo(files, { git: false });
  if (opts.node) linkNodeModules(repo.dir);
  made.push(repo);
  return repo;
}

/** Runs a command line in the project as a gate would, and returns its exit status and output. */
async function run(repo: FixtureRepo, line: string): Promise<{ code: number; output: string }> {
  const result = await exec(["sh", "-c", line], { cwd: repo.dir, env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined }, timeoutMs: 120_000 });
  return { code: result.code, output: outputOf(result) };
}

/** What identifies a diagnostic for the gates, paths made relative: file, line, code. */
const places = (found: Diagnostic[], dir = "") => found.map((d) => [relativePath(d.file, dir), d.line, d.code ?? null]);
/** The same, in file and line order (Biome reports in its own order). */
const sorted = (found: Diagnostic[]) => places(found).sort((a, b) => `${a[0]}:${a[1]}`.localeCompare(`${b[0]}:${b[1]}`));
/**
 * Runs each command line (the same check in its formats): each exits `code` and reads as
 * `expected` in `order`. Returns what each read, for closer looks.
 */
async function readAlike(repo: FixtureRepo, lines: string[], code: number, expected: unknown[], order: (found: Diagnostic[]) => unknown[] = (f) => places(f, repo.dir)): Promise<Diagnostic[][]> {
  const read: Diagnostic[][] = [];
  for (const line of lines) {
    const out = await run(repo, line);
    expect({ line, code: out.code }).toEqual({ line, code });
    read.push(parseDiagnostics(out.output));
    expect(order(read.at(-1)!)).toEqual(expected);
  }
  return read;
}

const output = (name: string) => readFileSync(join(import.meta.dir, "outputs", name), "utf8");

const NAMES = 'export function greet(name) {\n  const unused = 1;\n  debugger;\n  return `hello ${name}`;\n}\n';

describe.if(haveToolchains("node"))("the JavaScript tools, run for real", () => {
  // Made once the block runs: a skipped block's body is still evaluated, without the tools to link.
  let js: FixtureRepo;
  beforeAll(() => void (js = project(jsProject(NAMES), { node: true })));

  test("eslint 9: --format json and the default stylish read alike", async () => {
    const expected = [["src/names.js", 2, "no-unused-vars"], ["src/names.js", 3, "no-debugger"]];
    const [, stylish] = await readAlike(js, ["node_modules/.bin/eslint --format json src/names.js", "node_modules/.bin/eslint --color src/names.js"], 1, expected);
    expect(stylish![1]).toMatchObject({ severity: "error", column: 3, message: "Unexpected 'debugger' statement" });
  }, TOOL_MS);

  test("oxlint: --format json and the default graphical report read alike", async () => {
    const expected = [["src/names.js", 2, "eslint(no-unused-vars)"], ["src/names.js", 3, "eslint(no-debugger)"]];
    const [, text] = await readAlike(js, ["node_modules/.bin/oxlint --format json src/names.js", "node_modules/.bin/oxlint src/names.js"], 1, expected);
    expect(text![1]).toMatchObject({ severity: "error", message: "`debugger` statement is not allowed" });
  }, TOOL_MS);

  test("biome lint: --reporter=json and the default report read alike; format reports the whole file", async () => {
    const expected = [["src/names.js", 2, "lint/correctness/noUnusedVariables"], ["src/names.js", 3, "lint/suspicious/noDebugger"]];
    await readAlike(js, ["node_modules/.bin/biome lint --reporter=json src/names.js", "node_modules/.bin/biome lint --colors=force src/names.js"], 1, expected, sorted);
    js.write("src/ugly.js", "export const  a=1\n");
    const format = await run(js, "node_modules/.bin/biome format --reporter=json src/ugly.js");
    expect(format.code).toBe(1);
    expect(parseDiagnostics(format.output)).toEqual([{ file: "src/ugly.js", line: 0, code: "format", severity: "error", message: "Formatter would have printed the following content:" }]);
  }, TOOL_MS);
});

const AREA_TS = 'export function area(w: number, h: number): number {\n  const scale: number = "1";\n  return w * h * scale;\n}\n\ninterface Box { size: { w: number } }\nconst raw = { size: { w: "2" } };\nexport const box: Box = raw;\n';

describe.if(haveToolchains("node"))("tsc 7, run for real", () => {
  let ts: FixtureRepo;
  beforeAll(() => void (ts = project(tsProject(AREA_TS), { node: true })));

  test("--pretty false and the pretty report read alike; an elaboration stays in its message, related information is none", async () => {
    const expected = [["src/area.ts", 2, "TS2322"], ["src/area.ts", 8, "TS2322"]];
    const [plain] = await readAlike(ts, ["node_modules/.bin/tsc --noEmit --pretty false", "node_modules/.bin/tsc --noEmit --pretty true"], 2, expected);
    const elaborated = plain![1]!;
    expect(elaborated.message).toStartWith("Type '{ size: { w: string; }; }' is not assignable to type 'Box'.\n");
    expect(elaborated.message).toContain("Type 'string' is not assignable to type 'number'.");
  }, TOOL_MS);

  test("a project file that is missing: exit 1 and not one located diagnostic", async () => {
    const missing = await run(ts, "node_modules/.bin/tsc --noEmit --pretty false -p no-such-dir");
    expect(missing.code).not.toBe(0);
    expect(missing.output).toContain("TS5058");
    expect(parseDiagnostics(missing.output)).toEqual([]);
  }, TOOL_MS);
});

const AREA_PY = 'import os\n\n\ndef area(w: int, h: int) -> int:\n    return str(w * h)\n\n\ndef label() -> str:\n    return missing_name\n';

describe.if(haveToolchains("python"))("ruff and mypy, run for real", () => {
  const py = project(pyProject(AREA_PY));

  test("ruff: --output-format json, the default full format and concise read alike", async () => {
    const expected = [["src/geometry/area.py", 1, "F401"], ["src/geometry/area.py", 9, "F821"]];
    await readAlike(py, ["--output-format json", "", "--output-format concise"].map((format) => `python3 -m ruff check --no-fix --no-cache ${format} src`), 1, expected);
  }, TOOL_MS);

  test("ruff: a syntax error is a diagnostic; a file that does not exist names itself", async () => {
    py.write("src/geometry/broken.py", "def (:\n");
    const broken = await run(py, "python3 -m ruff check --no-cache --output-format json src/geometry/broken.py");
    expect(places(parseDiagnostics(broken.output), py.dir)[0]).toEqual(["src/geometry/broken.py", 1, "invalid-syntax"]);
    const gone = await run(py, "python3 -m ruff check --no-cache src/geometry/gone.py");
    expect(places(parseDiagnostics(gone.output))).toEqual([["src/geometry/gone.py", 1, "E902"]]);
  }, TOOL_MS);

  test("mypy: --output json (JSON lines) and the text report read alike; notes are none", async () => {
    py.write("src/geometry/broken.py", "x = 1\n"); // the ruff test left a syntax error in it
    const expected = [["src/geometry/area.py", 5, "return-value"], ["src/geometry/area.py", 9, "no-any-return"], ["src/geometry/area.py", 9, "name-defined"]];
    const [json] = await readAlike(py, ["python3 -m mypy --no-incremental --output json src", "python3 -m mypy --no-incremental src"], 1, expected);
    expect(json![0]).toEqual({ file: "src/geometry/area.py", line: 5, column: 12, code: "return-value", severity: "error", message: 'Incompatible return value type (got "str", expected "int")' });
  }, TOOL_MS);
});

const SHAPES_GO = 'package shapes\n\nimport "fmt"\n\nfunc Area(w, h int) int {\n\treturn w * h\n}\n\nfunc Label(w int) string {\n\treturn fmt.Sprintf("%s", w)\n}\n';

describe.if(haveToolchains("go"))("go vet, run for real", () => {
  const go = project(goProject(SHAPES_GO));

  test("-json exits 0 with its findings on stderr: they still fail; the text form exits 1", async () => {
    const json = await run(go, "go vet -json ./...");
    const text = await run(go, "go vet ./...");
    expect([json.code, text.code]).toEqual([0, 1]);
    const expected = [["internal/shapes/shapes.go", 10, "printf"]];
    expect(places(failingDiagnostics(json.output, 0), go.dir)).toEqual(expected);
    expect(places(parseDiagnostics(text.output))).toEqual([["internal/shapes/shapes.go", 10, null]]);
  }, TOOL_MS);

  test("a type error stops vet: printed as text, even with -json", async () => {
    go.write("internal/shapes/bad.go", 'package shapes\n\nfunc Bad() int { return "s" }\n');
    const json = await run(go, "go vet -json ./...");
    expect(json.code).toBe(1);
    expect(places(failingDiagnostics(json.output, 1))).toEqual([["internal/shapes/bad.go", 3, null]]);
  }, TOOL_MS);
});

const AREA_RS = "pub fn area(w: i32, h: i32) -> i32 {\n    let scale = 1;\n    return w * h;\n}\n";

describe.if(haveToolchains("rust"))("cargo, run for real", () => {
  const rs = project(rustProject(AREA_RS));

  test("clippy --message-format=json: each problem once (not once per target), with its lint", async () => {
    const json = await run(rs, "cargo clippy --all-targets --message-format=json -- -D warnings");
    expect(json.code).toBe(101);
    expect(places(parseDiagnostics(json.output))).toEqual([["src/area.rs", 2, "unused_variables"], ["src/area.rs", 3, "clippy::needless_return"]]);
  }, TOOL_MS);

  test("clippy's text report: the header, the --> location, the lint from its notes", async () => {
    const text = await run(rs, "cargo clippy --all-targets --color always -- -D warnings");
    expect(places(parseDiagnostics(text.output))).toEqual([["src/area.rs", 2, "unused_variables"], ["src/area.rs", 3, "clippy::needless_return"]]);
    expect(parseDiagnostics(text.output)[0]).toMatchObject({ severity: "error", message: "unused variable: `scale`" });
  }, TOOL_MS);

  test("cargo check --message-format=json: a type error with its code", async () => {
    rs.write("src/area.rs", 'pub fn area(w: i32, h: i32) -> i32 {\n    let scale: i32 = "1";\n    w * h * scale\n}\n');
    const json = await run(rs, "cargo check --all-targets --message-format=json");
    expect(places(parseDiagnostics(json.output))).toEqual([["src/area.rs", 2, "E0308"]]);
  }, TOOL_MS);
});

describe("outputs captured from pyright, xo, ty and tsgo", () => {
  const PY = [["src/pkg/a.py", 5], ["src/pkg/a.py", 9], ["src/pkg/a.py", 12]];
  const at = (found: Diagnostic[]) => found.map((d) => [relativePath(d.file, "/home/dev/proj"), d.line]);

  test("pyright: --outputjson (0-based positions made 1-based) and its text report", () => {
    const json = parseDiagnostics(output("pyright-1.1.414.json"));
    const text = parseDiagnostics(output("pyright-1.1.414.txt"));
    expect(at(json)).toEqual(PY);
    expect(at(text)).toEqual(PY);
    expect(json.map((d) => d.code)).toEqual(["reportReturnType", "reportUndefinedVariable", "reportAssignmentType"]);
    expect(text.map((d) => d.code)).toEqual(json.map((d) => d.code));
    expect(text[0]!.message).toBe('Type "int" is not assignable to return type "str"\n"int" is not assignable to "str"');
  });

  test("ty: the concise and the full format", () => {
    for (const name of ["ty-0.0.108-concise.txt", "ty-0.0.108-full.txt"]) {
      const found = parseDiagnostics(output(name));
      expect(at(found)).toEqual(PY);
      expect(found.map((d) => d.code)).toEqual(["invalid-explicit-return", "unresolved-reference", "invalid-assignment"]);
    }
  });

  test("xo: --reporter=json and its own pretty report", () => {
    const expected = [1, 2, 2, 3, 5, 5, 5].map((line) => ["src/a.js", line]);
    const json = parseDiagnostics(output("xo-2.0.2.json"));
    expect(at(json)).toEqual(expected);
    expect(at(parseDiagnostics(output("xo-2.0.2.txt")))).toEqual(expected);
    expect(json[2]).toMatchObject({ code: "prefer-const", severity: "error" });
  });

  test("tsgo --pretty false", () => {
    expect(places(parseDiagnostics(output("tsgo-7.0.0-dev.20260707.2.txt")))).toEqual([["src/t.ts", 3, "TS2322"], ["src/t.ts", 4, "TS2322"], ["src/t.ts", 5, "TS2322"]]);
  });
});

describe("what is not a diagnostic", () => {
  test("prose, summaries, URLs and stack frames name no place", () => {
    const noise = [
      "Found 3 errors.", "All checks passed!", "https://example.com:443/x", "localhost:8080 refused",
      "    at packageResolve (node:internal/modules/esm/resolve:873:9)", '  File "/w/a.py", line 3, in <module>',
      "error: could not compile `fx` (lib) due to 2 previous errors", "Diff in /w/src/lib.rs:1:", "[warn] src/a.ts",
    ];
    expect(parseDiagnostics(noise.join("\n"))).toEqual([]);
  });

  test("colours are removed before reading: the path and the message come out plain", () => {
    expect(parseDiagnostics("\u001b[1msrc/a.py\u001b[0m:2:1: \u001b[31mE1\u001b[0m bad")).toEqual([{ file: "src/a.py", line: 2, column: 1, code: "E1", message: "bad" }]);
    expect(stripAnsi("\u001b[31m-x\u001b(B\u001b[m \u001b]8;;https://x\u0007link\u001b]8;;\u0007")).toBe("-x link");
  });
});

describe("failingDiagnostics", () => {
  const mixed = "a.ts:1:1 - error TS1: one\na.ts:2:1 - warning W1: two\n".replace(/ - (\w+) (\w+):/g, ": $1[$2]:");

  test("after a failure, the errors; warnings only when nothing else failed it", () => {
    expect(failingDiagnostics(mixed, 1).map((d) => d.code)).toEqual(["TS1"]);
    expect(failingDiagnostics("a.ts:2:1: warning[W1]: two\n", 1).map((d) => d.code)).toEqual(["W1"]);
  });

  test("after exit 0, nothing, except a format whose tool exits 0 with findings (go vet -json)", () => {
    expect(failingDiagnostics(mixed, 0)).toEqual([]);
    const vet = '# example.com/m\n{\n\t"example.com/m": {\n\t\t"printf": [\n\t\t\t{ "posn": "/w/a.go:3:2", "message": "bad format" }\n\t\t]\n\t}\n}\n';
    expect(failingDiagnostics(vet, 0)).toEqual([{ file: "/w/a.go", line: 3, column: 2, code: "printf", severity: "error", message: "bad format" }]);
  });
});

describe("identity", () => {
  const d = (line: number, message = "Type 'string' is not assignable to type 'number'.") => ({ file: "src/a.ts", line, code: "TS2322", message });
  const key = (diag: Diagnostic, text: string[], dir?: string) => keyDiagnostic(diag, text, dir);

  test("survives line shifts: same file, code, message and line text", () => {
    const before = ["const a: number = 'x';"];
    const after = ["// added", "", "  const a: number = 'x';"];
    expect(key(d(1), before).key).toBe(key(d(3), after).key);
    expect(key(d(1), before).key).not.toBe(key(d(1), ["const b: number = 'x';"]).key);
  });

  test("line and column references and the tree's own path in a message are not part of it", () => {
    const base = diagnosticKey(d(1, "'x' was also declared at line 4 in /base/src/b.ts:4:7"), "let x;", "/base");
    expect(diagnosticKey(d(9, "'x' was also declared at line 12 in /tree/src/b.ts:12:7"), "let x;", "/tree")).toBe(base);
    expect(diagnosticKey(d(1, "expected 3 arguments"), "f()")).not.toBe(diagnosticKey(d(1, "expected 4 arguments"), "f()"));
  });

  test("counts per identity: a second copy of an old error is one new one, on the line the base did not have", () => {
    const text = ["const v: number = '1';", "", "const v: number = '1';"];
    const base = [key(d(1), text)];
    const tree = [key(d(1), text), key(d(3), text)];
    expect(newDiagnostics(tree, base).map((x) => x.line)).toEqual([3]);
    expect(newDiagnostics([key(d(1), text)], base)).toEqual([]);
    expect(newDiagnostics(tree, [])).toHaveLength(2);
  });

  test("eligible and preferred: new ones are taken from those allowed, the preferred first", () => {
    const text = ["x = BAD", "x = BAD", "x = BAD"];
    const tree = [1, 2, 3].map((n) => key(d(n), text));
    const base = [key(d(1), text)];
    expect(newDiagnostics(tree, base, { eligible: (x) => x.line === 1 }).map((x) => x.line)).toEqual([1]);
    expect(newDiagnostics(tree, [...base, key(d(2), text)], { prefer: (x) => x.line === 2 }).map((x) => x.line)).toEqual([2]);
  });
});
