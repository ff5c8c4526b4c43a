import { describe, expect, test } from "bun:test";
import { parseSop } from "../../src/sop/parse.ts";
import { BODY, sopText } from "./sop-fixtures.ts";

const FILE = ".dgov/sops/testing.md";
const errorsOf = (text: string) => parseSop(text, FILE).errors;

describe("parseSop: a valid SOP", () => {
  test("reads every front-matter field and section", () => {
    const { sop, errors, warnings } = parseSop(sopText(), FILE);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(sop).toEqual({
      file: FILE,
      name: "testing",
      title: "Testing Conventions",
      summary: "Testing rules for targeted execution.",
      appliesTo: ["tests", "test", "pytest", "verification"],
      priority: "must",
      sections: {
        when: ["adding tests"],
        do: ["run the narrowest target first"],
        doNot: ["skip failing tests"],
        verify: ["the suite is green"],
        escalate: ["a test needs network access"],
      },
    });
  });

  test("strips surrounding quotes from values and list items", () => {
    const text = sopText({ title: `"Quoted: Title"`, summary: `'single'`, applies_to: `["a b", 'c', d]` });
    const { sop } = parseSop(text, FILE);
    expect(sop?.title).toBe("Quoted: Title");
    expect(sop?.summary).toBe("single");
    expect(sop?.appliesTo).toEqual(["a b", "c", "d"]);
  });

  test("reads the front matter as YAML: drops empty list items, lower-cases the priority", () => {
    const { sop } = parseSop(sopText({ applies_to: '[a, "", b,]', priority: "SHOULD" }), FILE);
    expect(sop?.appliesTo).toEqual(["a", "b"]);
    expect(sop?.priority).toBe("should");
  });

  test("ignores unknown front-matter keys and blank front-matter lines", () => {
    const text = sopText({ owner: "team-a" }).replace("name: testing", "name: testing\n");
    expect(parseSop(text, FILE).errors).toEqual([]);
  });

  test("joins indented continuation lines to the previous bullet with one space", () => {
    const body = BODY.replace("- run the narrowest target first", "- run the narrowest target first,\n    then the file\n\tthen the suite");
    expect(parseSop(sopText({}, body), FILE).sop?.sections.do).toEqual(["run the narrowest target first, then the file then the suite"]);
  });

  test("a repeated heading appends to its section", () => {
    const { sop } = parseSop(sopText({}, `${BODY}\n## do\n- a second rule\n`), FILE);
    expect(sop?.sections.do).toEqual(["run the narrowest target first", "a second rule"]);
  });

  test("accepts `* ` bullets and headings in any case", () => {
    const body = BODY.replace("## Do Not\n- skip", "## DO NOT\n* skip");
    expect(parseSop(sopText({}, body), FILE).sop?.sections.doNot).toEqual(["skip failing tests"]);
  });

  test("accepts CRLF line endings", () => {
    expect(parseSop(sopText().replace(/\n/g, "\r\n"), FILE).sop?.sections.escalate).toEqual(["a test needs network access"]);
  });

  test("a name that differs from the file stem is a warning, not an error", () => {
    const { sop, errors, warnings } = parseSop(sopText({ name: "other" }), FILE);
    expect(errors).toEqual([]);
    expect(sop?.name).toBe("other");
    expect(warnings).toEqual([`${FILE}:2: name 'other' differs from the file name 'testing.md'`]);
  });
});

describe("parseSop: front-matter errors", () => {
  test("no opening fence", () => {
    expect(errorsOf(`# Testing\n${BODY}`)).toEqual([`${FILE}:1: missing front matter`]);
  });

  test("no closing fence", () => {
    expect(errorsOf("---\nname: testing\n")).toEqual([`${FILE}:1: missing front matter`]);
  });

  test("a line without a colon: not YAML, named with its line", () => {
    const text = sopText().replace("priority: must", "priority: must\njust words");
    expect(errorsOf(text)).toEqual([`${FILE}:7: front matter is not valid YAML at 'just words' (quote a value that contains ': ' or starts with a special character)`]);
  });

  test("an unquoted ': ' in a value (dgov-py's reader took it) is named on its line; quoted it reads", () => {
    expect(errorsOf(sopText({ summary: "Tests: run them" }))).toEqual([`${FILE}:4: front matter is not valid YAML at 'summary: Tests: run them' (quote a value that contains ': ' or starts with a special character)`]);
    expect(parseSop(sopText({ summary: '"Tests: run them"' }), FILE).sop?.summary).toBe("Tests: run them");
  });

  test("YAML's own forms: a block list for applies_to, a quoted name", () => {
    const text = sopText({ name: '"testing"' }).replace(/applies_to: .*/, "applies_to:\n  - tests\n  - pytest");
    expect(parseSop(text, FILE).sop).toMatchObject({ name: "testing", appliesTo: ["tests", "pytest"] });
  });

  for (const field of ["name", "title", "summary", "applies_to", "priority"]) {
    test(`missing '${field}'`, () => {
      expect(errorsOf(sopText({ [field]: null }))).toEqual([`${FILE}:1: missing required front-matter field '${field}'`]);
    });
  }

  test("an empty value counts as missing, reported on its line", () => {
    expect(errorsOf(sopText({ title: "" }))).toEqual([`${FILE}:3: missing required front-matter field 'title'`]);
  });

  test("applies_to that is not a list", () => {
    expect(errorsOf(sopText({ applies_to: "tests, test" }))).toEqual([`${FILE}:5: 'applies_to' must be a list, e.g. [review, diff]`]);
  });

  test("an empty applies_to", () => {
    expect(errorsOf(sopText({ applies_to: "[]" }))).toEqual([`${FILE}:5: 'applies_to' must not be empty`]);
  });

  test("an unknown priority", () => {
    expect(errorsOf(sopText({ priority: "Could" }))).toEqual([`${FILE}:6: priority must be one of must, should, got 'Could'`]);
  });

  test("a name that is not lower-case kebab/snake", () => {
    expect(errorsOf(sopText({ name: "Bad Name" }))).toEqual([
      `${FILE}:2: name 'Bad Name' must match ^[a-z0-9][a-z0-9_-]*$ (lower-case letters, digits, '-', '_')`,
    ]);
    expect(errorsOf(sopText({ name: "-lead" }))).toHaveLength(1);
    expect(errorsOf(sopText({ name: "ok_name-2" }))).toEqual([]);
  });
});

describe("parseSop: body errors", () => {
  test("an empty body", () => {
    expect(errorsOf(sopText({}, "\n  \n"))).toEqual([`${FILE}: SOP body is empty`]);
  });

  test("an unknown section", () => {
    expect(errorsOf(sopText({}, `${BODY}\n## Notes\n- ignored\n`))).toEqual([`${FILE}:24: unknown SOP section '## Notes'`]);
  });

  test("text before the first heading", () => {
    expect(errorsOf(sopText({}, `\nIntro text.\n${BODY}`))).toEqual([`${FILE}:9: content must appear under a supported ## section`]);
  });

  test("a `# Title` line", () => {
    expect(errorsOf(sopText({}, `# Testing${BODY}`))).toEqual([`${FILE}:8: content must appear under a supported ## section`]);
  });

  test("content that is not a bullet", () => {
    const body = BODY.replace("- the suite is green", "- the suite is green\nAlso check lint.");
    expect(errorsOf(sopText({}, body))).toEqual([`${FILE}:20: section content must be bullet lists; got 'Also check lint.'`]);
  });

  test("an indented line with no bullet to continue", () => {
    const body = BODY.replace("## Verify\n", "## Verify\n  dangling\n");
    expect(errorsOf(sopText({}, body))).toEqual([`${FILE}:19: section content must be bullet lists; got 'dangling'`]);
  });

  test("missing sections are listed in canonical order", () => {
    const body = "## Escalate\n\n## Verify\n- v\n## When\n- w\n## Do\n- d\n";
    expect(errorsOf(sopText({}, body))).toEqual([`${FILE}: missing required sections: Do Not, Escalate`]);
  });

  test("every error of the file is reported together, in line order per part", () => {
    const text = sopText({ title: null, priority: "maybe" }, "Intro\n## When\n- w\n## Notes\n- n\n## Do\nplain\n");
    const { sop, errors } = parseSop(text, FILE);
    expect(sop).toBeNull();
    expect(errors).toEqual([
      `${FILE}:1: missing required front-matter field 'title'`,
      `${FILE}:5: priority must be one of must, should, got 'maybe'`,
      `${FILE}:7: content must appear under a supported ## section`,
      `${FILE}:10: unknown SOP section '## Notes'`,
      `${FILE}:13: section content must be bullet lists; got 'plain'`,
      `${FILE}: missing required sections: Do, Do Not, Verify, Escalate`,
    ]);
  });
});
