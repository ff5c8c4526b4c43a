import { describe, expect, test } from "bun:test";
import { parseVerdict } from "../../src/runner/review.ts";

describe("parseVerdict (spec §6.2)", () => {
  test("a JSON verdict", () => {
    expect(parseVerdict('{"approved": true, "issues": []}')).toEqual({ approved: true, issues: [] });
    expect(parseVerdict('{"approved": false, "issues": ["src/a.py:3: off by one", "tests missing"]}')).toEqual({
      approved: false,
      issues: ["src/a.py:3: off by one", "tests missing"],
    });
  });

  test("JSON inside a code fence or surrounded by words", () => {
    const fenced = 'Here is my verdict:\n```json\n{"approved": false, "issues": ["src/b.ts:10: wrong return type"]}\n```\nThanks.';
    expect(parseVerdict(fenced)).toEqual({ approved: false, issues: ["src/b.ts:10: wrong return type"] });
  });

  test("approved defaults to true; only false rejects", () => {
    expect(parseVerdict('{"issues": ["nit: naming"]}')).toEqual({ approved: true, issues: ["nit: naming"] });
    expect(parseVerdict('{"approved": "no"}')).toEqual({ approved: true, issues: [] });
    expect(parseVerdict('{"approved": false}')).toEqual({ approved: false, issues: [] });
  });

  test("non-string issues are rendered as JSON; a non-array issues is ignored", () => {
    expect(parseVerdict('{"approved": false, "issues": [{"file": "a.py", "line": 3}, 7]}')).toEqual({
      approved: false,
      issues: ['{"file":"a.py","line":3}', "7"],
    });
    expect(parseVerdict('{"approved": false, "issues": "everything"}')).toEqual({ approved: false, issues: [] });
  });

  test("text: approval words pass, even next to problem words", () => {
    for (const text of ["No issues found.", "Looks good to me", "APPROVED", "lgtm", "No issues; the error handling is fine"]) {
      expect(parseVerdict(text)).toEqual({ approved: true, issues: [] });
    }
  });

  test("text: problem words fail with the trimmed text as the finding", () => {
    for (const word of ["issue", "bug", "error", "incorrect", "wrong", "missing"]) {
      const text = `  The change has a ${word} in parse().\n`;
      expect(parseVerdict(text)).toEqual({ approved: false, issues: [`The change has a ${word} in parse().`] });
    }
    expect(parseVerdict("Found a BUG")).toEqual({ approved: false, issues: ["Found a BUG"] });
  });

  test("text without either kind of word passes", () => {
    expect(parseVerdict("The refactor keeps behaviour the same.")).toEqual({ approved: true, issues: [] });
  });

  test("braces in the prose around the verdict do not hide it", () => {
    const before = 'The {name} placeholder is unescaped.\n{"approved": false, "issues": ["a.py:3: unescaped {name}"]}';
    expect(parseVerdict(before)).toEqual({ approved: false, issues: ["a.py:3: unescaped {name}"] });
    const after = '{"approved": false, "issues": ["x"]}\nSee the dict literal {} in b.py and {"k": 1}.';
    expect(parseVerdict(after)).toEqual({ approved: false, issues: ["x"] });
  });

  test("a JSON object that is not a verdict is judged by the words", () => {
    expect(parseVerdict('Called read_file {"path": "a.py"} and found a bug')).toEqual({ approved: false, issues: ['Called read_file {"path": "a.py"} and found a bug'] });
    expect(parseVerdict("{}")).toEqual({ approved: true, issues: [] });
  });

  test("braces that are not JSON fall back to the words", () => {
    expect(parseVerdict("The {config} handling is wrong")).toEqual({ approved: false, issues: ["The {config} handling is wrong"] });
    expect(parseVerdict("Uses {x} consistently")).toEqual({ approved: true, issues: [] });
  });

  test("no summary, or a blank one, passes", () => {
    expect(parseVerdict(null)).toEqual({ approved: true, issues: [] });
    expect(parseVerdict("")).toEqual({ approved: true, issues: [] });
    expect(parseVerdict("  \n ")).toEqual({ approved: true, issues: [] });
  });
});
