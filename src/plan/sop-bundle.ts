import type { ProblemList } from "../problems.ts";
import { matchSops, writtenPaths } from "../sop/match.ts";
import { bundlePrompt } from "../sop/render.ts";
import type { Sop } from "../sop/types.ts";
import type { PlanTree } from "./tree.ts";
import { type SourceUnit, unitLocation } from "./units.ts";

const TABLES = new Set(["tasks"]);

export interface Bundled {
  prompt: string;
  sopMapping: string[];
}

/**
 * Selects each unit's SOPs (spec plans-config §2.4) and prepends their blocks to the
 * author's prompt. A source `sop_mapping` pins the set by name and replaces matching. There
 * is no cache: matching is deterministic and cheap, and dgov-py's cache kept removed pins.
 */
export function bundleSops(tree: PlanTree, units: SourceUnit[], sops: Sop[], problems: ProblemList): Map<string, Bundled> {
  const byName = new Map(sops.map((s) => [s.name, s]));
  const out = new Map<string, Bundled>();
  for (const unit of units) {
    let selected: Sop[];
    if (unit.pins.length > 0) {
      const unknown = unit.pins.filter((name) => !byName.has(name));
      if (unknown.length > 0) {
        const at = unitLocation(tree, unit, "sop_mapping");
        const available = sops.map((s) => s.name).join(", ") || "(none: .dgov/sops/ is empty)";
        problems.add(at.file, { path: at.path, line: at.line, message: `Task '${unit.id}' pins unknown SOP(s): ${unknown.join(", ")}. Available SOPs: ${available}.` }, TABLES);
        continue;
      }
      selected = unit.pins.map((name) => byName.get(name)!);
    } else {
      selected = matchSops({ summary: unit.summary, role: unit.role, writes: writtenPaths(unit.files) }, sops);
    }
    out.set(unit.id, { prompt: bundlePrompt(unit.authorPrompt, selected), sopMapping: selected.map((s) => s.name) });
  }
  return out;
}

const CODE = /\.(py|swift|js|jsx|mjs|cjs|ts|tsx|mts|cts|rs|go)$/;

/** Does a unit with no SOP write code or tests, where a SOP was probably meant to apply? */
export function writesCode(unit: SourceUnit): boolean {
  return writtenPaths(unit.files).some((p) => CODE.test(p) || p.split("/").some((c) => c === "test" || c === "tests"));
}
