import { compare } from "../../code/architecture/baseline.ts";
import { DgovError } from "../../errors.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject } from "../project.ts";
import { analyzeDir, engineFor, SENTRUX_HINT, offenderLines, readBaselineAt, runSentrux, targetDir } from "../sentrux.ts";

const NO_BASELINE = () => new DgovError({ code: "E_SENTRUX_BASELINE", exitCode: 1, message: "no architecture baseline: .sentrux/baseline.json is missing", hint: "dgov sentrux gate-save records the current tree as the baseline" });

export default defineCommand({
  args: {
    path: { type: "positional", required: false, description: "The folder to analyse (default: the project root)" },
    "fail-on-degradation": { type: "boolean", description: "Accepted for dgov-py compatibility: a degradation always exits 1" },
  },
  details:
    "Compares the tree with PATH/.sentrux/baseline.json and exits 1 when it degraded: with the\n" +
    "real sentrux its `gate`; natively, offenders the baseline does not have (new import cycles,\n" +
    "layering violations, functions past the limits) or counts that grew, each listed.",
  async run({ args, globals }) {
    const project = await openProject(globals);
    const dir = targetDir(args.path, globals, project);
    const engine = await engineFor(project.loaded.config, dir);
    if (engine.kind === "sentrux") {
      const result = await runSentrux(["gate", dir], dir);
      const degraded = /degrad/i.test(result.stdout) && !/no degradation/i.test(result.stdout);
      if (result.code !== 0 && !degraded) throw new DgovError({ code: "E_SENTRUX", exitCode: 1, message: `sentrux gate failed: ${(result.stderr || result.stdout).trim()}`, hint: SENTRUX_HINT });
      // sentrux says what degraded, not where: the native analysis names the offenders.
      const offenders = degraded ? (await analyzeDir(dir, project.loaded.config)).offenders : [];
      if (globals.json) await printJson({ engine: engine.kind, path: dir, degraded, output: result.stdout, offenders });
      else await printText([result.stdout.trimEnd(), ...(degraded ? ["Offenders (native analysis):", ...offenderLines(offenders)] : [])].join("\n"));
      return degraded ? 1 : 0;
    }
    const baseline = readBaselineAt(dir);
    if (!baseline) throw NO_BASELINE();
    const a = await analyzeDir(dir, project.loaded.config);
    const d = compare(a, baseline);
    const preexisting = a.offenders.filter((o) => !d.introduced.includes(o));
    if (globals.json) await printJson({ engine: engine.kind, path: dir, degraded: d.degraded, counts: d.counts, introduced: d.introduced, preexisting });
    else if (!d.degraded) await printText(`✓ No degradation detected (${preexisting.length} pre-existing offender(s))`);
    else await printText(["✗ DEGRADED", ...d.counts.map((c) => `  ✗ ${c}`), "NEW offenders:", ...offenderLines(d.introduced), "PRE-EXISTING offenders:", ...offenderLines(preexisting)].join("\n"));
    return d.degraded ? 1 : 0;
  },
});
