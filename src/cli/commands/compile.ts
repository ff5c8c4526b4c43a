import { compileTree } from "../../plan/compile.ts";
import { importWarnings } from "../../plan/import-warnings.ts";
import { renderGraph, unitJson } from "../../plan/json.ts";
import { log } from "../../log.ts";
import { writeFileAtomic } from "../../write-file.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { compileContext, openProject, planDirArg, projectRoot } from "../project.ts";

export default defineCommand({
  args: {
    plan: { type: "positional", required: true, description: "The plan directory (holding _root.toml), or a plan name under .dgov/plans/" },
    "dry-run": { type: "boolean", description: "Check everything but write nothing; skip provider/agent resolution" },
    "recompile-sops": { type: "boolean", description: "Accepted for compatibility: SOP matching is never cached" },
    graph: { type: "boolean", description: "Also print the DAG, layer by layer" },
  },
  details:
    "Reads the plan tree, resolves depends_on, rejects cycles, bad claims and parallel write conflicts,\n" +
    "bundles SOPs into prompts and writes <plan>/_compiled.toml (atomically, only when every check passes).",
  async run({ args, globals }) {
    const dir = planDirArg(args.plan, globals, await projectRoot(globals.cwd));
    const project = await openProject(globals, dir);
    const dryRun = Boolean(args["dry-run"]);
    const result = compileTree(dir, compileContext(project, dryRun));
    if (!dryRun) writeFileAtomic(result.output, result.text);
    const { plan, edges } = result;
    const warnings = [...result.warnings, ...(await importWarnings(project.root, plan.units))];
    const assigned = plan.units.filter((u) => u.sopMapping.length > 0).length;
    if (globals.json) {
      await printJson({
        status: "compiled",
        plan: plan.meta.name,
        output: result.output,
        written: !dryRun,
        dry_run: dryRun,
        source_hash: plan.meta.sourceHash,
        sop_set_hash: plan.meta.sopSetHash,
        sops_assigned: assigned,
        units: plan.units.map(unitJson),
        edges,
        warnings,
      });
      return 0;
    }
    for (const w of warnings) log.warn(w.unit ? `[${w.unit}] ${w.message}` : w.message);
    const lines = [
      `${dryRun ? "Checked" : "Compiled"} ${plan.units.length} units, ${edges.length} edges → ${dryRun ? "(dry run: nothing written)" : project.display(result.output)}`,
      ...(assigned ? [`  SOPs assigned to ${assigned} unit(s)`] : []),
      ...(args.graph ? ["", renderGraph(plan.units)] : []),
    ];
    await printText(lines.join("\n"));
    return 0;
  },
});
