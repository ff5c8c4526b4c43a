import { join } from "node:path";
import type { ResolvedConfig } from "../config/resolve.ts";
import { DgovError } from "../errors.ts";
import { createProblemList, type ProblemList } from "../problems.ts";
import { sopSetHash } from "../sop/hash.ts";
import { loadSops } from "../sop/load.ts";
import { conflictIssues, departmentIssues, executionIssues, type UnitIssue } from "./checks.ts";
import { checkClaims } from "./claims.ts";
import { renderCompiled } from "./compiled-write.ts";
import { findCycles, independenceTest, topologicalOrder } from "./dag.ts";
import { emptyPlanDiagnostic } from "./empty.ts";
import { resolveRefs } from "./refs.ts";
import { bundleSops, writesCode } from "./sop-bundle.ts";
import { type PlanTree, readPlanTree } from "./tree.ts";
import type { CompiledPlan, PlanWarning, Unit } from "./types.ts";
import { buildUnits, type SourceUnit, unitLocation } from "./units.ts";
import { missingVerifyTools } from "./verify-tools.ts";
import { archiveIgnoreWarnings, setupWarnings, treeClaimWarnings, unitWarnings } from "./warnings.ts";

export interface CompileContext {
  /** The project root (holding `.dgov/`). */
  root: string;
  config: ResolvedConfig;
  /** SOP folders: `<root>/.dgov/sops` first, then plugin folders. */
  sopDirs: string[];
  display: (abs: string) => string;
  /** Skip provider and agent resolution (the plan is checked, not prepared to run). */
  dryRun: boolean;
}

export interface CompileResult {
  plan: CompiledPlan;
  warnings: PlanWarning[];
  /** `[unit, dependency]` pairs. */
  edges: [string, string][];
  /** Where `_compiled.toml` goes, and its exact text. */
  output: string;
  text: string;
}

const TABLES = new Set(["tasks"]);

/** SHA-256 over every source file read, by plan-relative path: identical trees, identical hash. */
function sourceHash(tree: PlanTree): string {
  const hasher = new Bun.CryptoHasher("sha256");
  const sorted = [...tree.sources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const { path, text } of sorted) hasher.update(`${path}\0${text.length}\0${text}`);
  return hasher.digest("hex");
}

function locate(tree: PlanTree, byId: Map<string, SourceUnit>, issues: UnitIssue[], problems: ProblemList): void {
  for (const issue of issues) {
    const unit = issue.unit === null ? undefined : byId.get(issue.unit);
    if (!unit) problems.raw(issue.message);
    else {
      const at = unitLocation(tree, unit, issue.key);
      problems.add(at.file, { path: at.path, line: at.line, message: issue.message }, TABLES);
    }
  }
}

function planWarnings(tree: PlanTree, units: SourceUnit[], compiled: Unit[], ctx: CompileContext, hasSops: boolean, deps: Map<string, string[]>): PlanWarning[] {
  const out: PlanWarning[] = [];
  for (const [i, unit] of units.entries()) {
    const messages = [
      ...unitWarnings({ ...unit, prompt: unit.authorPrompt }, ctx.config),
      ...missingVerifyTools(unit.authorPrompt, ctx.root),
    ];
    if (hasSops && compiled[i]!.sopMapping.length === 0 && writesCode(unit)) {
      messages.push("zero SOP match: add applies_to tags a word of its summary, a file extension or its role matches, or sop_mapping = [\"sop-name\"]");
    }
    out.push(...messages.map((message) => ({ unit: unit.id, message })));
  }
  for (const key of ["project_root", "session_root"] as const) {
    if (tree.plan[key] !== undefined) out.push({ unit: null, message: `_root.toml [plan].${key} has no effect in a plan tree (a dgov-py flat-plan key)` });
  }
  const created = new Set(units.flatMap((u) => [...u.files.create, ...u.files.touch]));
  return [...out, ...treeClaimWarnings(ctx.root, units, deps), ...setupWarnings(ctx.root, ctx.config.project.setup_cmd, created), ...archiveIgnoreWarnings(ctx.root)];
}

/**
 * Unit ids name branches (`dgov/<id>`) and worktree folders, so two ids equal but for case
 * would collide on a case-insensitive file system (macOS, Windows): they are duplicates.
 */
function duplicateIds(tree: PlanTree, units: SourceUnit[], problems: ProblemList): void {
  const seen = new Map<string, SourceUnit>();
  for (const unit of units) {
    const first = seen.get(unit.id.toLowerCase());
    if (!first) {
      seen.set(unit.id.toLowerCase(), unit);
      continue;
    }
    const at = unitLocation(tree, unit);
    const how = first.id === unit.id ? "is defined twice" : `and '${first.id}' differ only in case`;
    const message = `duplicate unit id: '${unit.id}' ${how} (in ${first.file.path} and ${unit.file.path}); branch and worktree names would collide. Rename the task or its file.`;
    problems.add(at.file, { path: at.path, line: at.line, message }, TABLES);
  }
}

/**
 * Compiles a plan tree in memory (spec plans-config §2): every check runs before anything is
 * written, and every problem is reported at once — keys, references, cycles, SOPs, claims and
 * conflicts — each check working on what the earlier ones left valid. Throws a DgovError (exit 2).
 */
export function compileTree(dir: string, ctx: CompileContext): CompileResult {
  const problems: ProblemList = createProblemList(ctx.display);
  const tree = readPlanTree(dir, ctx.display, problems);
  const warnings: PlanWarning[] = [];
  const units = buildUnits(tree, problems, warnings);
  checkClaims(tree, units, problems, warnings);
  if (units.length === 0 && problems.lines.length === 0) {
    throw new DgovError({ code: "E_PLAN", message: `plan tree has no units. ${emptyPlanDiagnostic(tree)}` });
  }
  duplicateIds(tree, units, problems);
  const deps = resolveRefs(tree, units, problems, warnings);
  const byId = new Map(units.map((u) => [u.id, u]));
  const cycles = findCycles(deps);
  for (const cycle of cycles) {
    const at = unitLocation(tree, byId.get(cycle[0]!)!, "depends_on");
    const message = `dependency cycle: ${cycle.join(" → ")}. Remove one of these depends_on entries`;
    problems.add(at.file, { path: at.path, line: at.line, message }, TABLES);
  }

  const loaded = loadSops(ctx.sopDirs, ctx.display);
  if (loaded.errors.length && problems.lines.length === 0) {
    throw new DgovError({ code: "E_SOP", message: `invalid SOP files (${loaded.errors.length} problem${loaded.errors.length === 1 ? "" : "s"})`, details: loaded.errors, hint: "Fix the SOP files; the format is described in .dgov/governor.md." });
  }
  for (const line of loaded.errors) problems.raw(line);
  const bundled = bundleSops(tree, units, loaded.sops, problems);
  // Units are ordered by id from here on, as in _compiled.toml (the kernel's plan order).
  const sorted = [...units].sort((a, b) => (a.id < b.id ? -1 : 1));
  // A task whose SOP pins were refused (reported) is checked on without its SOPs.
  const sops = (u: SourceUnit) => bundled.get(u.id) ?? { prompt: u.authorPrompt, sopMapping: [] };
  const compiled: Unit[] = sorted.map((u) => ({
    id: u.id, summary: u.summary, prompt: sops(u).prompt, promptFile: u.promptFile,
    commitMessage: u.commitMessage, agent: u.agent, provider: u.provider, role: u.role,
    dependsOn: deps.get(u.id)!, timeoutS: u.timeoutS, iterationBudget: u.iterationBudget,
    testCmd: u.testCmd, sopMapping: sops(u).sopMapping, selfReview: u.selfReview,
    maxForkDepth: u.maxForkDepth, files: u.files,
  }));
  const p = tree.plan;
  const plan: CompiledPlan = {
    meta: {
      name: p.name, sourceHash: sourceHash(tree), sourceMtimeMax: "", sopSetHash: sopSetHash(loaded.sops),
      defaultAgent: p.default_agent?.trim() ?? "", defaultProvider: p.default_provider?.trim() ?? "",
      maxRetries: p.max_retries ?? p.default_max_retries ?? null,
    },
    units: compiled,
  };
  // Which tasks may run in parallel needs an order, which a cycle denies: conflicts wait for it to go.
  const conflicts = cycles.length ? [] : conflictIssues(compiled, independenceTest(deps, topologicalOrder(deps)));
  const execution = ctx.dryRun ? [] : executionIssues(compiled, plan.meta, ctx.config);
  locate(tree, byId, [...conflicts, ...departmentIssues(compiled, ctx.config.departments), ...execution], problems);
  problems.throwIfAny(
    `plan ${ctx.display(dir)} has errors`,
    execution.length ? "Provider/agent errors need [project].provider and [providers.<name>] in .dgov/project.toml (or your user config, ~/.config/dgov/config.toml); `dgov compile --dry-run` checks the plan alone." : undefined,
  );
  return {
    plan,
    warnings: [...warnings, ...loaded.warnings.map((message) => ({ unit: null, message })), ...planWarnings(tree, sorted, compiled, ctx, loaded.sops.length > 0, deps)],
    edges: compiled.flatMap((u) => u.dependsOn.map((d) => [u.id, d] as [string, string])),
    output: join(dir, "_compiled.toml"),
    text: renderCompiled(plan),
  };
}
