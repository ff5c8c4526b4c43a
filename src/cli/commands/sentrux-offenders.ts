import { compare } from "../../code/architecture/baseline.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject } from "../project.ts";
import { analyzeDir, offenderLines, readBaselineAt, targetDir } from "../sentrux.ts";

export default defineCommand({
  args: { path: { type: "positional", required: false, description: "The folder to analyse (default: the project root)" } },
  details:
    "Every architecture offender of the tree (import cycles, layering violations, functions past\n" +
    "the limits), from the native analysis, split into new and pre-existing when a baseline exists.",
  async run({ args, globals }) {
    const project = await openProject(globals);
    const dir = targetDir(args.path, globals, project);
    const a = await analyzeDir(dir, project.loaded.config);
    const baseline = readBaselineAt(dir);
    const fresh = baseline ? compare(a, baseline).introduced : a.offenders;
    if (globals.json) {
      await printJson({ path: dir, baseline: baseline !== null, offenders: a.offenders.map((o) => ({ ...o, new: fresh.includes(o) })) });
      return 0;
    }
    if (!baseline) await printText(["Offenders (no baseline):", ...offenderLines(a.offenders)].join("\n"));
    else await printText(["NEW offenders:", ...offenderLines(fresh), "PRE-EXISTING offenders:", ...offenderLines(a.offenders.filter((o) => !fresh.includes(o)))].join("\n"));
    return 0;
  },
});
