import { statSync } from "node:fs";
import { type CompileResult, compileTree } from "../../plan/compile.ts";
import { readCompiled } from "../../plan/compiled-read.ts";
import { unitJson } from "../../plan/json.ts";
import type { CompiledPlan, PlanWarning } from "../../plan/types.ts";
import { validateCompiled } from "../../plan/validate-flat.ts";
import { createProblemList } from "../../problems.ts";
import { log } from "../../log.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { compileContext, openProject, type Project, projectRoot, resolvePlanArg } from "../project.ts";
import { importWarnings } from "../../plan/import-warnings.ts";

function validateFile(path: string, project: Project): { plan: CompiledPlan; warnings: PlanWarning[] } {
  const plan = readCompiled(path, project.display);
  const { issues, warnings } = validateCompiled(plan, project.loaded.config, { checkExecution: true });
  const problems = createProblemList(project.display);
  for (const issue of issues) {
    problems.add(path, { path: issue.unit ? ["tasks", issue.unit, ...(issue.key ? [issue.key] : [])] : [], message: issue.message }, new Set(["tasks"]));
  }
  problems.throwIfAny(`compiled plan ${project.display(path)} is not valid`);
  return { plan, warnings };
}

export default defineCommand({
  args: {
    plan: { type: "positional", required: true, description: "A plan directory, a compiled plan file (.toml), or a plan name" },
  },
  details: "Runs every compile check (a directory) or every plan check (a compiled file) and writes nothing.\nExit 0 when the plan is valid, 2 with every problem listed when it is not.",
  async run({ args, globals }) {
    const target = resolvePlanArg(args.plan, globals, await projectRoot(globals.cwd));
    const project = await openProject(globals, target);
    const isDir = statSync(target).isDirectory();
    let result: { plan: CompiledPlan; warnings: PlanWarning[] } & Partial<CompileResult>;
    if (isDir) result = compileTree(target, compileContext(project, false));
    else result = validateFile(target, project);
    const { plan } = result;
    // The import-graph warning reads the repository's files: a plan tree being compiled only.
    const warnings = isDir ? [...result.warnings, ...(await importWarnings(project.root, plan.units))] : result.warnings;
    const edges = plan.units.reduce((n, u) => n + u.dependsOn.length, 0);
    const roots = plan.units.filter((u) => u.dependsOn.length === 0).length;
    if (globals.json) {
      await printJson({ status: "valid", source: isDir ? "tree" : "compiled", plan: plan.meta.name, units: plan.units.map(unitJson), edges, roots, warnings });
      return 0;
    }
    for (const w of warnings) log.warn(w.unit ? `[${w.unit}] ${w.message}` : w.message);
    await printText(`Valid: plan '${plan.meta.name}': ${plan.units.length} units, ${edges} edges, ${roots} root(s)`);
    return 0;
  },
});
