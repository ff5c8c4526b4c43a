/** Builders of SOP texts and objects for the SOP tests. */
import type { Sop, SopSections } from "../../src/sop/types.ts";

/** A body with one bullet in each of the five sections. */
export const BODY = `
## When
- adding tests

## Do
- run the narrowest target first

## Do Not
- skip failing tests

## Verify
- the suite is green

## Escalate
- a test needs network access
`;

const FIELDS: Record<string, string> = {
  name: "testing",
  title: "Testing Conventions",
  summary: "Testing rules for targeted execution.",
  applies_to: "[tests, test, pytest, verification]",
  priority: "must",
};

/** SOP text with default front matter; an override of `null` drops that field. */
export function sopText(overrides: Record<string, string | null> = {}, body: string = BODY): string {
  const fields = { ...FIELDS, ...overrides };
  const lines = Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join("\n")}\n---\n${body}`;
}

/** A Sop object with one bullet per section, for matching, hashing and rendering. */
export function makeSop(overrides: Partial<Omit<Sop, "sections">> & { sections?: Partial<SopSections> } = {}): Sop {
  const name = overrides.name ?? "testing";
  const sections: SopSections = {
    when: ["w"],
    do: ["d"],
    doNot: ["n"],
    verify: ["v"],
    escalate: ["e"],
    ...overrides.sections,
  };
  return {
    file: `.dgov/sops/${name}.md`,
    title: `Title of ${name}`,
    summary: `Summary of ${name}`,
    appliesTo: ["tests"],
    priority: "must",
    ...overrides,
    name,
    sections,
  };
}
