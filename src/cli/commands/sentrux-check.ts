import { cycleText } from "../../code/architecture/cycles.ts";
import { DgovError } from "../../errors.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject } from "../project.ts";
import { analyzeDir, engineFor, SENTRUX_HINT, offenderLines, runSentrux, summaryLine, targetDir } from "../sentrux.ts";

/** sentrux prints `Quality: 6852` (or `0.6852`, or `a -> b`): the last figure, on the 0–10000 scale. */
export function parseQuality(output: string): number {
  const line = output.split("\n").find((l) => l.trim().startsWith("Quality:"));
  const token = line?.split("->").pop()?.replace("Quality:", "").trim().split(/\s+/)[0] ?? "";
  const n = Number(token);
  if (!Number.isFinite(n) || token === "") return 0;
  return Number.isInteger(n) ? n : n <= 1 ? Math.round(n * 10000) : Math.trunc(n);
}

export default defineCommand({
  args: { path: { type: "positional", required: false, description: "The folder to analyse (default: the project root)" } },
  details:
    "The architecture of the tree: with the real sentrux (installed, and a [sentrux] table in\n" +
    "project.toml) its quality report; otherwise dgov's native analysis: the import graph, its\n" +
    "cycles, [architecture] layering violations and functions past max_function_lines/max_complexity.",
  async run({ args, globals }) {
    const project = await openProject(globals);
    const dir = targetDir(args.path, globals, project);
    const engine = await engineFor(project.loaded.config, dir);
    if (engine.kind === "sentrux") {
      const result = await runSentrux(["check", dir], dir);
      if (result.code !== 0) throw new DgovError({ code: "E_SENTRUX", exitCode: 1, message: `sentrux check failed: ${(result.stderr || result.stdout).trim()}`, hint: SENTRUX_HINT });
      const quality = parseQuality(result.stdout);
      if (globals.json) await printJson({ engine: engine.kind, path: dir, quality, output: result.stdout });
      else await printText(`${result.stdout.trimEnd()}\nQuality: ${quality}`);
      return 0;
    }
    const a = await analyzeDir(dir, project.loaded.config);
    if (globals.json) {
      await printJson({ engine: engine.kind, path: dir, files: a.graph.files.length, edges: a.graph.edges.length, functions: a.functions, cycles: a.cycles.map((c) => c.loop), offenders: a.offenders });
    } else await printText([`Engine: native (${engine.why})`, summaryLine(a), ...a.cycles.map((c) => `Cycle: ${cycleText(c)}`), "Offenders:", ...offenderLines(a.offenders)].join("\n"));
    return 0;
  },
});
