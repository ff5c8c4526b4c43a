import { join } from "node:path";
import { BASELINE_FILE } from "../../code/architecture/baseline.ts";
import { DgovError } from "../../errors.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject } from "../project.ts";
import { analyzeDir, engineFor, SENTRUX_HINT, runSentrux, summaryLine, targetDir, writeBaselineAt } from "../sentrux.ts";

export default defineCommand({
  args: { path: { type: "positional", required: false, description: "The folder to analyse (default: the project root)" } },
  details:
    "Saves the tree's architecture as the baseline, PATH/.sentrux/baseline.json, that\n" +
    "`dgov sentrux gate` compares with: the real sentrux's `gate --save` when it is the engine,\n" +
    "else the native analysis (counts with sentrux's keys, plus every offender). Commit the file.",
  async run({ args, globals }) {
    const project = await openProject(globals);
    const dir = targetDir(args.path, globals, project);
    const engine = await engineFor(project.loaded.config, dir);
    const file = join(dir, BASELINE_FILE);
    if (engine.kind === "sentrux") {
      const result = await runSentrux(["gate", "--save", dir], dir);
      if (result.code !== 0) throw new DgovError({ code: "E_SENTRUX", exitCode: 1, message: `sentrux gate --save failed: ${(result.stderr || result.stdout).trim()}`, hint: SENTRUX_HINT });
      if (globals.json) await printJson({ engine: engine.kind, baseline: file, output: result.stdout });
      else await printText(`${result.stdout.trimEnd()}\nBaseline saved at ${project.display(file)}`);
      return 0;
    }
    const a = await analyzeDir(dir, project.loaded.config);
    writeBaselineAt(dir, a);
    if (globals.json) await printJson({ engine: engine.kind, baseline: file, cycles: a.cycles.length, offenders: a.offenders.length, edges: a.graph.edges.length });
    else await printText(`Baseline saved at ${project.display(file)}\n${summaryLine(a)}`);
    return 0;
  },
});
