import { describe, expect, test } from "bun:test";
import { matchSops, normalizeWord, type SopMatchInput, unitKeywords, writtenPaths } from "../../src/sop/match.ts";
import { makeSop } from "./sop-fixtures.ts";

const unit = (overrides: Partial<SopMatchInput> = {}): SopMatchInput => ({ summary: "", role: "worker", writes: [], ...overrides });
const names = (input: SopMatchInput, sops = PACK) => matchSops(input, sops).map((s) => s.name);

const PACK = [
  makeSop({ name: "testing", appliesTo: ["tests", "test", "pytest"] }),
  makeSop({ name: "python-style", appliesTo: ["python", "lint"] }),
  makeSop({ name: "return-values", appliesTo: ["javascript", "typescript", "api"] }),
  makeSop({ name: "code-review", appliesTo: ["review", "reviewer"] }),
  makeSop({ name: "error-handling", appliesTo: ["errors", "exceptions"] }),
  makeSop({ name: "go", appliesTo: ["go"] }),
];

describe("normalizeWord", () => {
  test.each([
    ["tests", "test"],
    ["Errors", "error"],
    ["class", "class"],
    ["bus", "bus"],
    ["ERRORS", "error"],
    ["is", "is"],
    ["types", "type"],
    ["rules", "rule"],
  ])("%s → %s", (word, expected) => {
    expect(normalizeWord(word)).toBe(expected);
  });

  test("drops only one trailing s", () => {
    expect(normalizeWord("passess")).toBe("passess");
    expect(normalizeWord("abcss")).toBe("abcss");
    expect(normalizeWord("abcs")).toBe("abc");
  });
});

describe("unitKeywords", () => {
  test("summary words lose surrounding punctuation and are normalized", () => {
    expect([...unitKeywords(unit({ summary: `Fix the (parser's) "Errors."  \`tests\`;` }))]).toEqual(["fix", "the", "parser'", "error", "test"]);
  });

  test("language keywords come from written file extensions", () => {
    expect(unitKeywords(unit({ writes: ["src/a.py"] }))).toEqual(new Set(["python"]));
    expect(unitKeywords(unit({ writes: ["App/View.swift"] }))).toEqual(new Set(["swift"]));
    expect(unitKeywords(unit({ writes: ["main.go"] }))).toEqual(new Set(["go"]));
    expect(unitKeywords(unit({ writes: ["lib.rs"] }))).toEqual(new Set(["rust"]));
    for (const ext of ["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts"]) {
      expect(unitKeywords(unit({ writes: [`src/x.${ext}`] }))).toEqual(new Set(["javascript", "typescript"]));
    }
    expect(unitKeywords(unit({ writes: ["README.md", "Makefile"] }))).toEqual(new Set());
  });

  test.each([
    "tests/helpers.txt",
    "pkg/test/fixture.json",
    "src/__tests__/x.json",
    "test_a.py",
    "pkg/a_test.py",
    "pkg/a_test.go",
    "Tests/AppTests/FooTests.swift",
    "Sources/FooTest.swift",
    "src/a.test.ts",
    "web/b.spec.js",
  ])("%s is a test path", (path) => {
    expect(unitKeywords(unit({ writes: [path] })).has("test")).toBe(true);
  });

  test.each(["src/testing.txt", "src/contest/a.txt", "latest.json", "src/attest_x.txt"])("%s is not a test path", (path) => {
    expect(unitKeywords(unit({ writes: [path] })).has("test")).toBe(false);
  });

  test("reviewer and researcher roles add review keywords; worker does not", () => {
    expect(unitKeywords(unit({ role: "reviewer" }))).toEqual(new Set(["review", "reviewer"]));
    expect(unitKeywords(unit({ role: "researcher" }))).toEqual(new Set(["review", "reviewer"]));
    expect(unitKeywords(unit({ role: "worker" }))).toEqual(new Set());
  });
});

describe("matchSops", () => {
  test("a .py edit selects the python SOP", () => {
    expect(names(unit({ writes: ["src/app/models.py"] }))).toEqual(["python-style"]);
  });

  test("test paths select the test-tagged SOP", () => {
    expect(names(unit({ writes: ["tests/test_a.py"] }))).toEqual(["testing", "python-style"]);
    expect(names(unit({ writes: ["src/a.test.ts"] }))).toEqual(["testing", "return-values"]);
  });

  test("a .ts edit selects javascript/typescript SOPs", () => {
    expect(names(unit({ writes: ["src/cli/main.ts"] }))).toEqual(["return-values"]);
  });

  test("reviewer and researcher roles select the review SOP; worker does not", () => {
    expect(names(unit({ role: "reviewer" }))).toEqual(["code-review"]);
    expect(names(unit({ role: "researcher" }))).toEqual(["code-review"]);
    expect(names(unit({ role: "worker", summary: "look at things" }))).toEqual([]);
  });

  test("summary words match tags after normalization", () => {
    expect(names(unit({ summary: "Fix the Errors." }), [makeSop({ name: "e", appliesTo: ["error"] })])).toEqual(["e"]);
    expect(names(unit({ summary: "raise exception on bad input" }))).toEqual(["error-handling"]);
  });

  test("tests and test match each other in both directions", () => {
    const tagTest = [makeSop({ name: "singular", appliesTo: ["test"] })];
    const tagTests = [makeSop({ name: "plural", appliesTo: ["tests"] })];
    expect(names(unit({ summary: "add tests" }), tagTest)).toEqual(["singular"]);
    expect(names(unit({ summary: "add a test" }), tagTests)).toEqual(["plural"]);
  });

  test("class is not shortened to clas", () => {
    const sops = [makeSop({ name: "clas", appliesTo: ["clas"] }), makeSop({ name: "class", appliesTo: ["class"] })];
    expect(names(unit({ summary: "extract a class" }), sops)).toEqual(["class"]);
  });

  test("only written paths count: reading or deleting Go files selects no Go SOP", () => {
    const claims = { create: ["docs/new.md"], edit: [], touch: [], read: ["cmd/main.go"], delete: ["old/x.go"] };
    expect(writtenPaths(claims)).toEqual(["docs/new.md"]);
    expect(names(unit({ writes: writtenPaths(claims) }))).toEqual([]);
  });

  test("created, edited and touched paths all count", () => {
    const claims = { create: ["a.go"], edit: ["b.py"], touch: ["tests/c.txt"], read: [], delete: [] };
    expect(writtenPaths(claims)).toEqual(["a.go", "b.py", "tests/c.txt"]);
    expect(names(unit({ writes: writtenPaths(claims) }))).toEqual(["testing", "python-style", "go"]);
  });

  test("keeps the order of the given SOPs, not of the keywords", () => {
    const input = unit({ summary: "go lint", writes: ["tests/test_x.py"] });
    expect(names(input)).toEqual(["testing", "python-style", "go"]);
    expect(names(input, [...PACK].reverse())).toEqual(["go", "python-style", "testing"]);
  });

  test("nothing matches an empty unit", () => {
    expect(matchSops(unit(), PACK)).toEqual([]);
  });
});
