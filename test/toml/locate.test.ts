import { describe, expect, test } from "bun:test";
import { DgovError } from "../../src/errors.ts";
import { parseToml } from "../../src/toml/read.ts";

const TEXT = `# comment
top = 1
[project]
name = "x"   # trailing comment
prompt = """
not = a key
[not.a.table]
"""
list = [
  "a",
  "b",
]
dotted.key = true
"quoted.key" = 2

[providers.fw]
base_url = "u"

[[items]]
id = 1
[[items]]
id = 2
`;

describe("parseToml line lookup", () => {
  const doc = parseToml(TEXT, "f.toml");

  test("finds keys, headers and dotted keys on their own lines", () => {
    expect(doc.lineOf(["top"])).toBe(2);
    expect(doc.lineOf(["project"])).toBe(3);
    expect(doc.lineOf(["project", "name"])).toBe(4);
    expect(doc.lineOf(["project", "dotted", "key"])).toBe(13);
    expect(doc.lineOf(["project", "quoted.key"])).toBe(14);
    expect(doc.lineOf(["providers", "fw", "base_url"])).toBe(17);
  });

  test("skips the contents of multi-line strings and arrays", () => {
    expect(doc.lineOf(["project", "list"])).toBe(9);
    expect(doc.lineOf(["not"])).toBeUndefined();
    expect(doc.lineOf(["project", "not"])).toBe(3);
  });

  test("indexes arrays of tables by occurrence", () => {
    expect(doc.lineOf(["items", 0, "id"])).toBe(20);
    expect(doc.lineOf(["items", 1, "id"])).toBe(22);
  });

  test("falls back to the nearest defined ancestor", () => {
    expect(doc.lineOf(["project", "list", 1])).toBe(9);
    expect(doc.lineOf(["providers", "fw", "missing"])).toBe(16);
  });

  test("a syntax error names file, line and column", () => {
    try {
      parseToml('[a]\nx = 1\ny = \n', "bad.toml");
      throw new Error("parsed");
    } catch (error) {
      expect(error).toBeInstanceOf(DgovError);
      expect((error as DgovError).message).toMatch(/^bad\.toml:3:5: invalid TOML: Unexpected character/);
      expect((error as DgovError).exitCode).toBe(2);
    }
  });
});
