import { join } from "node:path";
import { BASELINE_FILE } from "../../code/architecture/baseline.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject } from "../project.ts";
import { engineFor, readBaselineAt, targetDir } from "../sentrux.ts";

function git(dir: string, args: string[]): string | null {
  const p = Bun.spawnSync(["git", ...args], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  return p.exitCode === 0 ? p.stdout.toString().trim() : null;
}

/** How many commits HEAD is past the one that last committed the baseline (null: never committed). */
function commitsBehind(dir: string): { commit: string; behind: number } | null {
  const commit = git(dir, ["log", "-1", "--format=%H", "--", BASELINE_FILE]);
  const count = commit ? git(dir, ["rev-list", "--count", `${commit}..HEAD`]) : null;
  return commit && count !== null ? { commit, behind: Number(count) } : null;
}

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
    const age = baseline ? commitsBehind(dir) : null;
    const counts = baseline ? { cycles: baseline.cycle_count ?? null, offenders: baseline.offenders?.length ?? null, edges: baseline.total_import_edges ?? null } : null;
    if (globals.json) {
      await printJson({ engine: engine.kind, why: engine.why, version: engine.version, baseline: { path: file, exists: baseline !== null, saved_at: saved, engine: baseline ? (baseline.engine ?? "sentrux") : null, commit: age?.commit ?? null, commits_behind: age?.behind ?? null, ...counts } });
      return 0;
    }
    const lines = [`Engine: ${engine.kind}${engine.version ? ` (${engine.version})` : ""}: ${engine.why}`];
    if (!baseline) lines.push(`Baseline: none at ${project.display(file)} (dgov sentrux gate-save records one)`);
    else lines.push(`Baseline: ${project.display(file)}, saved ${saved} by ${baseline.engine ?? "sentrux"}; cycles: ${counts!.cycles ?? "?"}, offenders: ${counts!.offenders ?? "?"}, import edges: ${counts!.edges ?? "?"}`);
    if (baseline) lines.push(age ? `Baseline commit ${age.commit.slice(0, 12)}: ${age.behind} commit(s) behind HEAD` : "Baseline not committed yet: commit it so every checkout judges against it");
    await printText(lines.join("\n"));
    return 0;
  },
});
