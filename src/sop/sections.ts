import { located } from "./located.ts";
import type { SopSections } from "./types.ts";

/** Heading text (lower-cased) → section key, in canonical order. */
const HEADINGS: ReadonlyArray<[heading: string, key: keyof SopSections, label: string]> = [
  ["when", "when", "When"],
  ["do", "do", "Do"],
  ["do not", "doNot", "Do Not"],
  ["verify", "verify", "Verify"],
  ["escalate", "escalate", "Escalate"],
];

const BULLET = /^[-*] /;

/**
 * Where the reader is: before any heading, under an unknown heading, or under a known one
 * (`open` once it has a bullet under this heading that an indented line may continue).
 */
type Cursor = { kind: "none" } | { kind: "unknown" } | { kind: "section"; key: keyof SopSections; open: boolean };

/** Reads the markdown body (from `start`) into the five bullet-list sections, reporting every problem. */
export function parseSections(lines: readonly string[], start: number, file: string): { sections: SopSections; errors: string[] } {
  const sections: SopSections = { when: [], do: [], doNot: [], verify: [], escalate: [] };
  const errors: string[] = [];
  if (lines.slice(start).every((line) => line.trim() === "")) return { sections, errors: [located(file, undefined, "SOP body is empty")] };
  let cursor: Cursor = { kind: "none" };
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    if (line.startsWith("## ")) {
      cursor = headingCursor(line);
      if (cursor.kind === "unknown") errors.push(located(file, i + 1, `unknown SOP section '${line.trim()}'`));
      continue;
    }
    // Bullets of an unknown section are not reported again: the heading already was.
    if (cursor.kind === "unknown") continue;
    if (cursor.kind === "none") {
      errors.push(located(file, i + 1, "content must appear under a supported ## section"));
      continue;
    }
    cursor.open = addContent(sections[cursor.key], line, cursor.open);
    if (!cursor.open) errors.push(located(file, i + 1, `section content must be bullet lists; got '${line.trim()}'`));
  }
  const missing = HEADINGS.filter(([, key]) => sections[key].length === 0).map(([, , label]) => label);
  if (missing.length > 0) errors.push(located(file, undefined, `missing required sections: ${missing.join(", ")}`));
  return { sections, errors };
}

function headingCursor(line: string): Cursor {
  const heading = line.slice(3).trim().toLowerCase().replace(/\s+/g, " ");
  const known = HEADINGS.find(([text]) => text === heading);
  return known ? { kind: "section", key: known[1], open: false } : { kind: "unknown" };
}

/** Adds a bullet, or continues the open one with an indented line; false when the line is neither. */
function addContent(bullets: string[], line: string, open: boolean): boolean {
  const trimmed = line.trim();
  if (BULLET.test(trimmed)) {
    bullets.push(trimmed.slice(2).trim());
    return true;
  }
  const indented = line.startsWith(" ") || line.startsWith("\t");
  if (!indented || !open) return false;
  bullets[bullets.length - 1] = `${bullets.at(-1)} ${trimmed}`;
  return true;
}
