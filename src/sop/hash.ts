import type { Sop } from "./types.ts";

/**
 * SHA-256 hex of the SOP set: one line per SOP, sorted by name, carrying its header and every
 * bullet (so editing a rule changes the hash); "" for no SOPs. Independent of input order.
 */
export function sopSetHash(sops: readonly Sop[]): string {
  if (sops.length === 0) return "";
  const lines = [...sops].sort(byNameThenFile).map(sopLine);
  return new Bun.CryptoHasher("sha256").update(lines.join("\n")).digest("hex");
}

/** JSON keeps the fields unambiguous: a `|` or `,` inside a bullet cannot shift a boundary. */
function sopLine(sop: Sop): string {
  const { when, do: doItems, doNot, verify, escalate } = sop.sections;
  return JSON.stringify([sop.name, sop.title, sop.summary, sop.appliesTo.join(","), sop.priority, when, doItems, doNot, verify, escalate]);
}

// Code-unit order, not localeCompare: the hash must not depend on the machine's locale.
function byNameThenFile(a: Sop, b: Sop): number {
  const ka = `${a.name}\u0000${a.file}`;
  const kb = `${b.name}\u0000${b.file}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
