import type { ResolvedConfig } from "../config/resolve.ts";
import { didYouMean } from "../suggest.ts";
import { conflictIssues, departmentIssues, executionIssues, type UnitIssue } from "./checks.ts";
import { claimProblem } from "./claims.ts";
import { findCycles, independenceTest, topologicalOrder } from "./dag.ts";
import type { CompiledPlan, PlanWarning } from "./types.ts";
import { unitWarnings } from "./warnings.ts";

/** The author's part of a compiled prompt: from the first Orient heading on (SOP blocks come first). */
function authorPart(prompt: string): string {
  const at = prompt.search(/^\s*(#{1,6}\s*|\*\*)?orient\b/im);
  return at === -1 ? prompt : prompt.slice(at);
}

/**
 * Checks a compiled (flat) plan as `dgov validate` and `dgov run` need it: every dependency
 * exists (dgov-py did not check this for flat files), no cycles, claims are legal, no
 * parallel write conflicts, prompts are present, and each unit can resolve its execution.
 */
export function validateCompiled(plan: CompiledPlan, config: ResolvedConfig, opts: { checkExecution: boolean }): { issues: UnitIssue[]; warnings: PlanWarning[] } {
  const ids = new Set(plan.units.map((u) => u.id));
  const issues: UnitIssue[] = [];
  for (const unit of plan.units) {
    for (const dep of unit.dependsOn) {
      if (dep === unit.id) issues.push({ unit: unit.id, key: "depends_on", message: `Self-reference in '${unit.id}': depends_on includes itself` });
      else if (!ids.has(dep)) issues.push({ unit: unit.id, key: "depends_on", message: `Unknown ref '${dep}' in depends_on of '${unit.id}'${didYouMean(dep, ids)}` });
    }
    if (unit.role !== "reviewer" && !unit.prompt.trim()) issues.push({ unit: unit.id, key: "prompt", message: `Task '${unit.id}' has an empty prompt.` });
    for (const [kind, paths] of Object.entries(unit.files)) {
      for (const path of paths) {
        const problem = claimProblem(path);
        if (problem && !(kind === "read" && problem.startsWith("this covers"))) {
          issues.push({ unit: unit.id, key: "files", message: `invalid claim '${path}' in files.${kind}: ${problem}` });
        }
      }
    }
  }
  const deps = new Map(plan.units.map((u) => [u.id, u.dependsOn.filter((d) => ids.has(d) && d !== u.id)]));
  const cycles = findCycles(deps);
  issues.push(...cycles.map((c) => ({ unit: c[0]!, key: "depends_on", message: `dependency cycle: ${c.join(" → ")}` })));
  if (cycles.length === 0) {
    issues.push(...conflictIssues(plan.units, independenceTest(deps, topologicalOrder(deps))));
  }
  issues.push(...departmentIssues(plan.units, config.departments));
  if (opts.checkExecution) issues.push(...executionIssues(plan.units, plan.meta, config));
  const warnings = plan.units.flatMap((u) =>
    unitWarnings({ ...u, prompt: authorPart(u.prompt) }, config).map((message) => ({ unit: u.id, message })),
  );
  return { issues, warnings };
}
