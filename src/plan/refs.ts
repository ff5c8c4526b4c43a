import type { ProblemList } from "../problems.ts";
import { didYouMean, nearest } from "../suggest.ts";
import type { PlanTree } from "./tree.ts";
import { fileScope, type PlanWarning } from "./types.ts";
import { type SourceUnit, unitLocation } from "./units.ts";

const TABLES = new Set(["tasks"]);

function bareHint(ref: string, unit: SourceUnit, units: SourceUnit[]): string {
  const sameFile = units.filter((u) => u.file === unit.file).map((u) => u.slug);
  const close = nearest(ref, sameFile);
  if (close) return `; did you mean '${close}'?`;
  const elsewhere = units.filter((u) => u.slug === ref);
  return elsewhere.length === 1 ? `; did you mean '${elsewhere[0]!.id}'?` : "";
}

/**
 * Resolves `depends_on` (spec plans-config §1.4): a reference with `/` is a full unit id;
 * a bare slug means a task of the same file, never another file. Returns each unit's
 * dependencies as unit ids, deduplicated in the author's order.
 */
export function resolveRefs(tree: PlanTree, units: SourceUnit[], problems: ProblemList, warnings: PlanWarning[]): Map<string, string[]> {
  const ids = new Set(units.map((u) => u.id));
  const resolved = new Map<string, string[]>();
  for (const unit of units) {
    const at = unitLocation(tree, unit, "depends_on");
    const report = (message: string) => problems.add(at.file, { path: at.path, line: at.line, message }, TABLES);
    const deps: string[] = [];
    for (const ref of unit.refs) {
      const qualified = ref.includes("/");
      const target = qualified ? ref : `${fileScope(unit.id)}.${ref}`;
      if (tree.broken.has(target)) {
        // Its task is invalid and already reported: fixing it resolves this ref.
      } else if (!ids.has(target)) {
        report(
          qualified
            ? `Unknown ref '${ref}' in depends_on of '${unit.id}'${didYouMean(ref, ids)}`
            : `Unknown bare ref '${ref}' in depends_on of '${unit.id}' (same-file scope: ${fileScope(unit.id)}; other files need a full id such as section/file.slug)${bareHint(ref, unit, units)}`,
        );
      } else if (target === unit.id) {
        report(`Self-reference in '${unit.id}': depends_on includes itself`);
      } else if (deps.includes(target)) {
        warnings.push({ unit: unit.id, message: `depends_on lists '${ref}' twice` });
      } else {
        deps.push(target);
      }
    }
    resolved.set(unit.id, deps);
  }
  return resolved;
}
