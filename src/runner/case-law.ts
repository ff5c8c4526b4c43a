import { writeClaims } from "../plan/types.ts";
import type { Unit } from "../plan/types.ts";
import type { Store } from "../store/db.ts";
import { caseLaw } from "../store/ledger.ts";

/**
 * The "## Active Probation (Case Law)" section of a task's prompt (spec core-engine §2.4.1): the
 * open ledger entries whose paths overlap the files the task may change; "" when none do.
 */
export function caseLawSection(store: Store, unit: Unit): string {
  const entries = caseLaw(store, writeClaims(unit.files));
  if (entries.length === 0) return "";
  const lines = entries.map((e) => `- Entry #${e.id} [${e.category}] (${e.paths.join(", ")}): ${e.content}`);
  return `## Active Probation (Case Law)\nOpen ledger entries about files this task may change. Respect them; do not repeat what they record.\n${lines.join("\n")}`;
}
