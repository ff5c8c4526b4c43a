import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { planState, type PlanState } from "../../plan/state.ts";
import { defineCommand } from "../define.ts";
import { columns, printJson, printText } from "../output.ts";
import { compileContext, learnDeployHistory, openProject, plansDir } from "../project.ts";

/** Plan directories (holding `_root.toml`) directly under `dir`, sorted by name. */
function planDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== "archive" && existsSync(join(dir, e.name, "_root.toml")))
    .map((e) => join(dir, e.name))
    .sort();
}

const MARK: Record<PlanState["status"], string> = {
  deployed: "✓", archived: "✓", "partially deployed": "◐", compiled: "○", "not compiled": "○", stale: "!", invalid: "✗",
};

export default defineCommand({
  args: {
    all: { type: "boolean", description: "Include archived plans" },
    archived: { type: "boolean", description: "Only archived plans" },
  },
  details: "Every plan under .dgov/plans/ with its state: not compiled, compiled, stale (sources changed since\nthe last compile), partially deployed, deployed, archived, or invalid (its sources do not compile).",
  async run({ args, globals }) {
    const project = await openProject(globals);
    await learnDeployHistory(project);
    const ctx = compileContext(project, true);
    const root = plansDir(project.root);
    const live = args.archived ? [] : planDirs(root).map((d) => planState(d, ctx));
    const archived = args.all || args.archived ? planDirs(join(root, "archive")).map((d) => planState(d, ctx, true)) : [];
    const plans = [...live, ...archived];
    if (globals.json) {
      await printJson(
        plans.map((p) => ({
          name: p.name,
          path: p.dir,
          archived: p.archived,
          compiled: p.compiled,
          total: p.units.length,
          deployed: p.units.filter((u) => p.deployed.has(u.id)).length,
          status: p.status,
          stale: p.stale,
          note: p.note,
        })),
      );
      return 0;
    }
    if (plans.length === 0) {
      await printText(`No plans under ${project.display(root)}${archived.length || args.all || args.archived ? "" : " (--all includes archived plans)"}. Create one with: dgov init-plan <name>`);
      return 0;
    }
    const row = (p: PlanState) => [`  ${MARK[p.status]} ${p.name}`, p.status, `(${p.units.filter((u) => p.deployed.has(u.id)).length}/${p.units.length})`];
    const out = [`Plans (${plans.length}):`];
    if (live.length) out.push(columns(live.map(row)));
    if (archived.length) out.push("  archive:", columns(archived.map((p) => ["  " + row(p)[0], ...row(p).slice(1)])));
    await printText(out.join("\n"));
    return 0;
  },
});
