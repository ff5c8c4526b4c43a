import { describe, expect, test } from "bun:test";
import { bundlePrompt, renderSopBlock } from "../../src/sop/render.ts";
import { makeSop } from "./sop-fixtures.ts";

const testing = makeSop({
  name: "testing",
  title: "Testing Conventions",
  summary: "Run the narrowest tests first.",
  appliesTo: ["tests", "pytest"],
  priority: "must",
  sections: {
    when: ["adding tests"],
    do: ["run one test first", "then the file"],
    doNot: ["skip failing tests"],
    verify: ["the suite is green"],
    escalate: ["a test needs the network"],
  },
});

const TESTING_BLOCK = `[SOP: Testing Conventions]
Summary: Run the narrowest tests first.
Applies To: tests, pytest
Priority: MUST

When:
- adding tests

Do:
- run one test first
- then the file

Do Not:
- skip failing tests

Verify:
- the suite is green

Escalate:
- a test needs the network`;

describe("renderSopBlock", () => {
  test("renders the header and every section, with no trailing newline", () => {
    expect(renderSopBlock(testing)).toBe(TESTING_BLOCK);
  });

  test("upper-cases a should priority", () => {
    expect(renderSopBlock(makeSop({ priority: "should" }))).toContain("\nPriority: SHOULD\n");
  });

  test("leaves out a section with no bullets", () => {
    const block = renderSopBlock(makeSop({ sections: { verify: [] } }));
    expect(block).not.toContain("Verify:");
    expect(block).toEndWith("Do Not:\n- n\n\nEscalate:\n- e");
  });
});

describe("bundlePrompt", () => {
  const prompt = "Implement the parser.\n";

  test("returns the prompt unchanged when no SOP applies", () => {
    expect(bundlePrompt(prompt, [])).toBe(prompt);
  });

  test("puts one SOP block and a blank line before the prompt", () => {
    expect(bundlePrompt(prompt, [testing])).toBe(`${TESTING_BLOCK}\n\n${prompt}`);
  });

  test("joins several blocks with a blank line, in SOP order", () => {
    const other = makeSop({ name: "other" });
    const otherBlock = renderSopBlock(other);
    expect(bundlePrompt(prompt, [testing, other])).toBe(`${TESTING_BLOCK}\n\n${otherBlock}\n\n${prompt}`);
    expect(bundlePrompt(prompt, [other, testing])).toBe(`${otherBlock}\n\n${TESTING_BLOCK}\n\n${prompt}`);
  });
});
