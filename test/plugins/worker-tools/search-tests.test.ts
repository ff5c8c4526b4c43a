import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { isTestFile, searchTestsFor } from "../../../plugins/worker-tools/search-tests.ts";
import { call, type CodeTree, configWith, makeTree } from "./code-fixture.ts";

const many = Array.from({ length: 8 }, (_, i) => `def test_${i}():\n    assert parse(${i})\n`).join("");

let tree: CodeTree;
beforeAll(() => {
  tree = makeTree({
    "tests/test_parser.py": `from app import parse\n\n${many}`,
    "tests/unit/test_words.py": "def test_words():\n    assert parse_all() and reparse()\n",
    "tests/helpers.py": "parse = None\n",
    "tests/parser_test.py": "    parse('x')   \n",
    "tests/web/parse.test.ts": 'import { parse } from "../../src/parse";\ntest("parse", () => expect(parse("")).toBe(1));\n',
    "tests/web/__tests__/util.js": "parse();\n",
    "tests/web/parse.spec.tsx": "// no mention\n",
    "tests/web/parse.ts": "export const parse = 1;\n",
    "tests/.cache/test_hidden.py": "parse()\n",
    "src/parse.test.ts": "parse();\n",
    "spec/test_other.py": "parse()\n",
  });
});
afterAll(() => tree.remove());

describe("search_tests_for (spec §3.1 #18)", () => {
  test("test files under test_dir, sorted; up to 5 lines each, then a count; whole words only", async () => {
    expect(await call(searchTestsFor, { symbol: "parse" }, tree)).toEqual({
      ok: true,
      output: [
        "Tests referencing 'parse':",
        "  tests/parser_test.py:",
        "    1: parse('x')",
        "  tests/test_parser.py:",
        "    1: from app import parse",
        "    4: assert parse(0)",
        "    6: assert parse(1)",
        "    8: assert parse(2)",
        "    10: assert parse(3)",
        "    ... +4 more",
        "  tests/web/__tests__/util.js:",
        "    1: parse();",
        "  tests/web/parse.test.ts:",
        '    1: import { parse } from "../../src/parse";',
        '    2: test("parse", () => expect(parse("")).toBe(1));',
      ].join("\n"),
    });
  });

  test("symbols are matched literally, not as regexes", async () => {
    expect(await call(searchTestsFor, { symbol: "pars." }, tree)).toEqual({ ok: true, output: "No test files reference 'pars.'." });
    expect(await call(searchTestsFor, { symbol: "reparse" }, tree)).toEqual({ ok: true, output: "Tests referencing 'reparse':\n  tests/unit/test_words.py:\n    2: assert parse_all() and reparse()" });
  });

  test("nothing found", async () => {
    expect(await call(searchTestsFor, { symbol: "nowhere" }, tree)).toEqual({ ok: true, output: "No test files reference 'nowhere'." });
  });

  test("test_dir comes from the project config", async () => {
    const result = await call(searchTestsFor, { symbol: "parse" }, tree, { config: configWith({ test_dir: "spec/" }) });
    expect(result).toEqual({ ok: true, output: "Tests referencing 'parse':\n  spec/test_other.py:\n    1: parse()" });
  });

  test("a missing test directory, an escaping one, an empty symbol", async () => {
    expect(await call(searchTestsFor, { symbol: "parse" }, tree, { config: configWith({ test_dir: "nope/" }) })).toEqual({ ok: false, error: "test directory nope/ does not exist." });
    expect(await call(searchTestsFor, { symbol: "parse" }, tree, { config: configWith({ test_dir: "../" }) })).toEqual({ ok: false, error: "Path traversal attempt blocked." });
    expect(await call(searchTestsFor, { symbol: " " }, tree)).toEqual({ ok: false, error: "symbol is empty." });
  });

  test("the usual test file names of Python and TypeScript/JavaScript", () => {
    const yes = ["tests/test_a.py", "a_test.py", "x/a.test.ts", "a.spec.jsx", "a.test.mjs", "src/__tests__/deep/u.tsx"];
    const no = ["tests/helpers.py", "tests/web/parse.ts", "testing.py", "a.test.py.txt", "contest_a.py", "__tests__/readme.md"];
    expect(yes.filter(isTestFile)).toEqual(yes);
    expect(no.filter(isTestFile)).toEqual([]);
  });
});
