import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DgovError, isDgovError } from "../../errors.ts";
import { compileTree } from "../../plan/compile.ts";
import { NAME_PATTERN } from "../../plan/schema.ts";
import { readPlanTree } from "../../plan/tree.ts";
import { buildUnits } from "../../plan/units.ts";
import { createProblemList } from "../../problems.ts";
import { withHistory } from "../../report/history.ts";
import { resolvePlanName } from "../../report/plan-name.ts";
import { type PlanReview, planReview } from "../../report/plan-review.ts";
import { postRunFixes, remediationFiles, toRemediate } from "../../report/remediate.ts";
import { readEvents } from "../../store/events.ts";
import type { Store } from "../../store/db.ts";
import { writeFileAtomic } from "../../write-file.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { compileContext, openProject, plansDir, type Project } from "../project.ts";

/** Each task's dependencies in the plan's last run (its `run_start`). */
function lastDeps(store: Store, plan: string): Map<string, string[]> {
  const start = readEvents(store, { plan, events: ["run_start"] }).at(-1);
  const specs = (start?.data.tasks as { id: string; deps: string[] }[] | undefined) ?? [];
  return new Map(specs.map((s) => [s.id, s.deps]));
}

/** `--name`, or `<plan>-remediate` (then -2, -3 …) free under .dgov/plans/ and its archive. */
function planName(project: Project, plan: string, given: string | undefined): string {
  const taken = (n: string) => existsSync(join(plansDir(project.root), n)) || existsSync(join(plansDir(project.root), "archive", n));
  if (given !== undefined) {
    if (!NAME_PATTERN.test(given)) throw new DgovError({ code: "E_USAGE", message: `invalid plan name '${given}': names must match ^[A-Za-z0-9_-]+$` });
    if (taken(given)) throw new DgovError({ code: "E_EXISTS", message: `a plan named '${given}' already exists under .dgov/plans/`, hint: "Pick another --name." });
    return given;
  }
  const base = `${plan.replace(/[^A-Za-z0-9_-]+/g, "-")}-remediate`;
  let name = base;
  for (let n = 2; taken(name); n++) name = `${base}-${n}`;
  return name;
}

/** Writes the plan and compiles it (as `dgov compile` would); a plan that does not compile is removed again. */
function writePlan(project: Project, dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) writeFileAtomic(join(dir, path), text);
  try {
    const compiled = compileTree(dir, compileContext(project, false));
    writeFileAtomic(compiled.output, compiled.text);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    if (!isDgovError(error)) throw error;
    throw new DgovError({ code: "E_INTERNAL", message: `the remediation plan does not compile: ${error.message}`, details: error.details, hint: "This is a bug in dgov plan remediate; nothing was written.", exitCode: 1 });
  }
}

function nothingText(review: PlanReview): string {
  return `Nothing to remediate: every task of plan '${review.plan}' in its last run landed and was verified (or is still pending).`;
}

export default defineCommand({
  args: {
    plan: { type: "positional", required: true, description: "A plan name, or its directory (archived plans too)" },
    name: { type: "string", valueHint: "name", description: "The follow-up plan's name (default: <plan>-remediate)" },
  },
  details:
    "Scaffolds .dgov/plans/<name>/ from the last run's failed, skipped and unverified-merged tasks:\n" +
    "each keeps its claims and dependencies among them; its prompt is the original one plus the\n" +
    "findings that rejected it. A degraded run (every task landed, a post-run gate such as\n" +
    "architecture-baseline failed) gets one task per group of findings sharing a file, claiming\n" +
    "those files. The plan is compiled before this returns; nothing is run.",
  async run({ args, globals }) {
    const project = await openProject(globals);
    const found = await withHistory(project.root, async (store) => {
      const plan = resolvePlanName(store, project.root, args.plan, globals);
      return { review: (await planReview(store, project.root, plan))!, deps: lastDeps(store, plan) };
    });
    const { review, deps } = found;
    const tasks = toRemediate(review);
    const exists = (p: string) => existsSync(join(project.root, p));
    const fixes = postRunFixes(review, exists);
    if (tasks.length === 0 && fixes.length === 0) {
      if (globals.json) await printJson({ status: "nothing", plan: review.plan, tasks: [] });
      else await printText(nothingText(review));
      return 0;
    }
    if (!review.source && tasks.length) {
      throw new DgovError({ code: "E_NOT_FOUND", message: `the directory of plan '${review.plan}' is gone: its original prompts and claims cannot be read`, hint: "Restore the plan directory (e.g. from git), then retry." });
    }
    const tree = review.source ? readPlanTree(review.source, project.display) : null;
    const units = tree ? buildUnits(tree, createProblemList(project.display), []) : [];
    const name = planName(project, review.plan, args.name);
    const files = remediationFiles({ name, review, plan: tree?.plan ?? { name: review.plan }, units, deps, exists });
    const dir = join(plansDir(project.root), name);
    writePlan(project, dir, files);
    const missing = tasks.filter((t) => !units.some((u) => u.id === t.id)).map((t) => t.id);
    const written = [
      ...tasks.filter((t) => !missing.includes(t.id)).map((t) => ({ id: t.id, state: t.label })),
      ...fixes.map((f) => ({ id: f.id, state: `fixes ${f.findings.length} post-run finding${f.findings.length === 1 ? "" : "s"} (${f.gate})` })),
    ];
    if (globals.json) {
      await printJson({ status: "written", plan: review.plan, name, dir, files: Object.keys(files).map((f) => join(dir, f)), tasks: written, missing, run: `dgov run ${name}` });
      return 0;
    }
    const lines = [`Wrote remediation plan '${name}' (${written.length} task${written.length === 1 ? "" : "s"}) to ${project.display(dir)}:`, ...written.map((t) => `  ${t.id}  ${t.state}`)];
    if (missing.length) lines.push(`not included (no longer in the plan's sources): ${missing.join(", ")}`);
    lines.push("", `Review its prompts, then run it: dgov run ${name}`);
    await printText(lines.join("\n"));
    return 0;
  },
});
