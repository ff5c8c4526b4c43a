import { describe, expect, test } from "bun:test";
import { parseVerdict } from "../../src/runner/review.ts";

describe("parseVerdict: only an explicit, well-formed approval approves (fail closed)", () => {
  test("strict JSON verdicts, bare or as the one fenced block", () => {
    expect(parseVerdict('{"approved": true, "issues": []}')).toEqual({ approved: true, issues: [] });
    expect(parseVerdict('  {"approved": true}  ')).toEqual({ approved: true, issues: [] });
    expect(parseVerdict('{"approved": false, "issues": ["src/a.py:3: off by one", "tests missing"]}')).toEqual({ approved: false, issues: ["src/a.py:3: off by one", "tests missing"] });
    expect(parseVerdict('```json\n{"approved": false, "issues": ["src/b.ts:10: wrong return type"]}\n```')).toEqual({ approved: false, issues: ["src/b.ts:10: wrong return type"] });
    expect(parseVerdict('{"approved": false, "issues": [{"file": "a.py", "line": 3, "message": "off by one"}]}')).toEqual({ approved: false, issues: ["a.py:3: off by one"] });
  });

  // Each of these approved in dgov-py (and in our first parser); none may.
  const rejected: [string, string | null, RegExp][] = [
    ["Not approved: divide() returns NaN", "Not approved: divide() returns NaN", /not JSON/],
    ["", "(empty verdict)", /empty verdict/],
    ["   \n ", "(empty verdict)", /empty verdict/],
    ["I could not finish the review", "I could not finish the review", /not JSON/],
    ["This does not look good", "This does not look good", /not JSON/],
    ["Looks good to me, approved!", "Looks good to me, approved!", /not JSON/],
    ['Here is my verdict: {"approved": true, "issues": []}', 'Here is my verdict: {"approved": true, "issues": []}', /not JSON/],
    ["{}", "{}", /approved/],
    ['{"issues": ["nit: naming"]}', '{"issues": ["nit: naming"]}', /approved/],
    ['{"approved": "yes"}', '{"approved": "yes"}', /approved/],
    ['{"approved": true, "issues": "none"}', '{"approved": true, "issues": "none"}', /issues/],
    ['{"approved": true, "verdict": "ok"}', '{"approved": true, "verdict": "ok"}', /verdict/],
    ["[true]", "[true]", /malformed/],
  ];
  test.each(rejected)("%p is a rejection, with the reason", (text, shown, why) => {
    const verdict = parseVerdict(text);
    expect(verdict.approved).toBe(false);
    expect(verdict.issues).toEqual([shown!]);
    expect(verdict.unreadable).toMatch(why);
  });

  test("no summary at all is a rejection", () => {
    expect(parseVerdict(null)).toMatchObject({ approved: false, unreadable: "the reviewer gave an empty verdict" });
  });
});
