import { scrubbedEnv } from "../../exec/env.ts";
import { providerKeyEnvs } from "../../config/resolve.ts";
import { listRecipes, runRecipe, selectRecipes, type VerifyResult } from "../../verify/run.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { type Project, openProject } from "../project.ts";
import { onInterrupt } from "../signals.ts";

function resultText(r: VerifyResult, project: Project): string {
  const lines = [`${r.exit_code === 0 ? "PASS" : "FAIL"}: ${r.recipe}`, `  exit_code: ${r.exit_code}`];
  if (r.failed_step) lines.push(`  failed_step: ${r.failed_step}`);
  lines.push(`  duration: ${r.duration_s.toFixed(2)}s`, `  warnings: ${r.warning_count}`, `  log: ${project.display(r.log_path)}`);
  return lines.join("\n");
}

export default defineCommand({
  args: {
    name: { type: "positional", required: false, description: "Recipes to run (default: all), in the order given" },
  },
  variadic: true,
  details:
    "Runs each recipe in the project root with the secret-free environment: a [verify.<name>] command\n" +
    "through sh -c, a plugin recipe's steps in order up to the first failure; 300 s per command or\n" +
    "step unless the step sets timeoutMs. Output goes to .dgov/runtime/verify/<log>. Exit 1 unless\n" +
    "every recipe passes.",
  async run({ args, globals }) {
    const project = await openProject(globals);
    const config = project.loaded.config;
    const names = (args._ as string[]).filter((n) => n !== "");
    const recipes = selectRecipes(listRecipes(config, project.registry), names);
    if (recipes.length === 0 && !globals.json) {
      await printText("No verification recipes configured.");
      return 0;
    }
    const env = scrubbedEnv(process.env, providerKeyEnvs(config));
    const stop = new AbortController();
    onInterrupt({ first: () => stop.abort(), second: () => {} });
    const results: VerifyResult[] = [];
    try {
      for (const recipe of recipes) {
        if (stop.signal.aborted) break;
        results.push(await runRecipe(recipe, { root: project.root, env, signal: stop.signal }));
        if (!globals.json) await printText(`${results.length > 1 ? "\n" : ""}${resultText(results.at(-1)!, project)}`);
      }
    } finally {
      onInterrupt(null);
    }
    const passed = results.length === recipes.length && results.every((r) => r.exit_code === 0);
    if (globals.json) await printJson({ status: passed ? "pass" : "fail", results });
    return stop.signal.aborted ? 130 : passed ? 0 : 1;
  },
});
