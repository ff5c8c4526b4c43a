import type { ResolvedConfig } from "../config/resolve.ts";
import { coneOf } from "../git/sparse.ts";
import type { Unit } from "../plan/types.ts";
import { gateWillCheck } from "../plugin/invoke.ts";
import type { Registry } from "../plugin/registry.ts";
import { type ChangedFile, type GateInput, type GatePhase, gatePhases } from "../plugin/types.ts";

/** The phases whose gates run in the task's own worktree (the others judge checkouts of commits). */
const WORKTREE_PHASES: readonly GatePhase[] = ["review", "autofix"];

/** What a task's worktree holds under `[git] sparse = true`: a cone of folders, or everything and why. */
export type WorktreeShape = { cone: string[] } | { full: string };

/**
 * The cone of a task's sparse worktree (git/sparse.ts): its claimed paths, the project's
 * `sparse_paths`, and what every gate that will run in the worktree reads. A gate that would
 * run and reads the whole tree (see GateDef.worktreeReads) makes the worktree full. Whether a
 * gate runs is asked of it with the task's claims as the change: the change a settlement
 * accepts is within them.
 */
export function worktreeShape(unit: Unit, plan: string, base: string, config: ResolvedConfig, registry: Registry): WorktreeShape {
  const c = unit.files;
  const changed: ChangedFile[] = [
    ...c.create.map((path) => ({ path, status: "added" as const })),
    ...[...c.edit, ...c.touch].map((path) => ({ path, status: "modified" as const })),
    ...c.delete.map((path) => ({ path, status: "deleted" as const })),
  ];
  const task = { id: unit.id, plan, role: unit.role, summary: unit.summary, claims: c, testCmd: unit.testCmd || null };
  const paths = [...c.create, ...c.edit, ...c.touch, ...c.delete, ...c.read, ...config.git.sparse_paths];
  for (const phase of WORKTREE_PHASES) {
    const input: GateInput = { phase, dir: "", task, baseSha: base, headSha: null, targetSha: null, changed, transientWrites: [], config };
    for (const gate of registry.gates) {
      if (gate.level === "off" || !gatePhases(gate.def).includes(phase) || !gateWillCheck(gate.def, input)) continue;
      const reads = gate.def.worktreeReads ? gate.def.worktreeReads(task, config) : gate.def.tree === false ? [] : null;
      if (reads === null) return { full: `the ${phase} gate '${gate.def.name}' reads the whole tree` };
      paths.push(...reads);
    }
  }
  return { cone: coneOf(paths) };
}
