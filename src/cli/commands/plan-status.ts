import { dirname } from "node:path";
import { statSync } from "node:fs";
import { DgovError } from "../../errors.ts";
import { planState } from "../../plan/state.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { compileContext, learnDeployHistory, openProject, projectRoot, resolvePlanArg } from "../project.ts";

export default defineCommand({
  args: {
    plan: { type: "positional", required: true, description: "A plan directory, its _compiled.toml, or a plan name (archived ones too)" },
  },
  details:
    "Units deployed (from .dgov/plans/deployed.jsonl, and the target branch's commits with dgov's\n" +
    "Dgov-Plan/Dgov-Task trailers where that log knows nothing of a unit: a fresh clone sees what\n" +
    "landed) against those still pending, and whether the\n" +
    "compiled plan is stale. With -v/--verbose, every unit with its deploy time and sha, or what blocks it.",
  async run({ args, globals }) {
    const target = resolvePlanArg(args.plan, globals, await projectRoot(globals.cwd));
    const dir = statSync(target).isDirectory() ? target : dirname(target);
    if (!statSync(target).isDirectory() && !target.endsWith(".toml")) {
      throw new DgovError({ code: "E_USAGE", message: `Plan file must be .toml, got: ${args.plan}` });
    }
    const project = await openProject(globals, dir);
    await learnDeployHistory(project);
    const state = planState(dir, compileContext(project, true), dir.split("/").includes("archive"));
    const units = [...state.units].sort((a, b) => (a.id < b.id ? -1 : 1)).map((u) => {
      const record = state.deployed.get(u.id);
      const blockedBy = u.dependsOn.filter((d) => !state.deployed.has(d));
      return record
        ? { unit: u.id, status: "deployed", sha: record.sha, ts: record.ts, blocked_by: [] as string[] }
        : { unit: u.id, status: "pending", sha: null, ts: null, blocked_by: blockedBy };
    });
    const deployed = units.filter((u) => u.status === "deployed").length;
    if (globals.json) {
      await printJson({
        plan: state.name,
        path: dir,
        status: state.status,
        compiled: state.compiled,
        stale: state.stale,
        note: state.note,
        units: units.length,
        deployed,
        pending: units.length - deployed,
        unit_statuses: units,
      });
      return 0;
    }
    const lines = [`Plan: ${state.name}  (${deployed}/${units.length} deployed, ${units.length - deployed} pending)`, `  state: ${state.status}`];
    if (!state.compiled) lines.push(`  not compiled — units shown from the sources; run 'dgov compile ${project.display(dir)}'`);
    if (state.stale) lines.push(`  stale — rerun 'dgov compile ${project.display(dir)}'`);
    if (state.note && !state.stale) lines.push(`  ${state.note}`);
    if (globals.verbose) {
      lines.push("");
      for (const u of units) {
        if (u.status === "deployed") lines.push(`  ✓ ${u.unit}  (deployed ${u.ts}, sha ${u.sha!.slice(0, 7)})`);
        else lines.push(`  ○ ${u.unit}  (pending${u.blocked_by.length ? `, blocked by: ${u.blocked_by.join(", ")}` : ""})`);
      }
    }
    await printText(lines.join("\n"));
    return 0;
  },
});
