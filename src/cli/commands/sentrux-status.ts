import { join } from "node:path";
import { BASELINE_FILE } from "../../code/architecture/baseline.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject } from "../project.ts";
import { engineFor, readBaselineAt, targetDir } from "../sentrux.ts";

export default defineCommand({
  args: { path: { type: "positional", required: false, description: "The folder (default: the project root)" } },
  details: "Which engine `dgov sentrux` and why, and the baseline: where, whether it exists, when it was saved and by which engine.",
  async run({ args, globals }) {
    const project = await openProject(globals);
    const dir = targetDir(args.path, globals, project);
    const engine = await engineFor(project.loaded.config, dir);
    const baseline = readBaselineAt(dir);
    const file = join(dir, BASELINE_FILE);
    const saved = baseline ? new Date(baseline.timestamp * 1000).toISOString() : null;
    const counts = baseline ? { cycles: baseline.cycle_count ?? null, offenders: baseline.offenders?.length ?? null, edges: baseline.total_import_edges ?? null } : null;
    if (globals.json) {
      await printJson({ engine: engine.kind, why: engine.why, version: engine.version, baseline: { path: file, exists: baseline !== null, saved_at: saved, engine: baseline ? (baseline.engine ?? "sentrux") : null, ...counts } });
      return 0;
    }
    const lines = [`Engine: ${engine.kind}${engine.version ? ` (${engine.version})` : ""}: ${engine.why}`];
    if (!baseline) lines.push(`Baseline: none at ${project.display(file)} (dgov sentrux gate-save records one)`);
    else lines.push(`Baseline: ${project.display(file)}, saved ${saved} by ${baseline.engine ?? "sentrux"}; cycles: ${counts!.cycles ?? "?"}, offenders: ${counts!.offenders ?? "?"}, import edges: ${counts!.edges ?? "?"}`);
    await printText(lines.join("\n"));
    return 0;
  },
});
