import type { Sop, SopSections } from "./types.ts";

const SECTION_LABELS: ReadonlyArray<[key: keyof SopSections, label: string]> = [
  ["when", "When"],
  ["do", "Do"],
  ["doNot", "Do Not"],
  ["verify", "Verify"],
  ["escalate", "Escalate"],
];

/** The block prepended to a worker prompt for one SOP: header lines, then each section's bullets. */
export function renderSopBlock(sop: Sop): string {
  const header = [
    `[SOP: ${sop.title}]`,
    `Summary: ${sop.summary}`,
    `Applies To: ${sop.appliesTo.join(", ")}`,
    `Priority: ${sop.priority.toUpperCase()}`,
  ].join("\n");
  // A parsed SOP has every section; one built in code may not, and an empty heading says nothing.
  const sections = SECTION_LABELS.filter(([key]) => sop.sections[key].length > 0).map(
    ([key, label]) => `${label}:\n${sop.sections[key].map((item) => `- ${item}`).join("\n")}`,
  );
  return [header, ...sections].join("\n\n").trim();
}

/** SOP blocks joined by a blank line, a blank line, then the prompt; the prompt unchanged when `sops` is empty. */
export function bundlePrompt(prompt: string, sops: readonly Sop[]): string {
  if (sops.length === 0) return prompt;
  return `${sops.map(renderSopBlock).join("\n\n")}\n\n${prompt}`;
}
