import type { Unit } from "./types.ts";

/** A unit for `--json` output, keyed as in `_compiled.toml`. */
export function unitJson(u: Unit): Record<string, unknown> {
  return {
    id: u.id,
    summary: u.summary,
    prompt: u.prompt,
    prompt_file: u.promptFile || null,
    commit_message: u.commitMessage,
    agent: u.agent || null,
    provider: u.provider || null,
    role: u.role,
    depends_on: u.dependsOn,
    timeout_s: u.timeoutS,
    iteration_budget: u.iterationBudget,
    test_cmd: u.testCmd || null,
    sop_mapping: u.sopMapping,
    self_review: u.selfReview,
    max_fork_depth: u.maxForkDepth,
    files: u.files,
  };
}

/** Each unit's depth: 0 without dependencies, else one more than its deepest dependency. */
export function depths(units: readonly Unit[]): Map<string, number> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const depth = new Map<string, number>();
  const visit = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    depth.set(id, 0);
    const deps = byId.get(id)?.dependsOn ?? [];
    const d = deps.length ? 1 + Math.max(...deps.map(visit)) : 0;
    depth.set(id, d);
    return d;
  };
  for (const u of units) visit(u.id);
  return depth;
}

/** `--graph`: units by layer, each with what it waits for. */
export function renderGraph(units: readonly Unit[]): string {
  const depth = depths(units);
  const sorted = [...units].sort((a, b) => depth.get(a.id)! - depth.get(b.id)! || (a.id < b.id ? -1 : 1));
  const width = Math.max(...units.map((u) => u.id.length));
  return sorted
    .map((u) => `  [${depth.get(u.id)}] ${u.dependsOn.length ? `${u.id.padEnd(width)}  ← ${u.dependsOn.join(", ")}` : u.id}`)
    .join("\n");
}
