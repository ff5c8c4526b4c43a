import { listRecipes, type Recipe } from "../../verify/run.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject } from "../project.ts";

/** A recipe as `--json` shows it: a config recipe's command, or a plugin recipe's steps. */
export function recipeJson(r: Recipe): Record<string, unknown> {
  return r.source === "config"
    ? { name: r.name, description: r.description, command: r.command, source: "config" }
    : { name: r.name, description: r.description, steps: r.steps, match: r.match, source: "plugin", plugin: r.plugin };
}

function recipeLine(r: Recipe): string {
  const what = r.description || (r.source === "config" ? r.command : r.steps.map((s) => s.id).join(", "));
  const from = r.source === "config" ? ".dgov/project.toml" : `plugin ${r.plugin}; gate verify-${r.name} on ${r.match.join(" ")}`;
  return `  ${r.name} — ${what}  (${from})`;
}

export default defineCommand({
  args: {},
  details:
    "Recipes come from [verify.<name>] in .dgov/project.toml (a shell command) and from plugins\n" +
    "(defineVerify: argv steps). Plugin recipes also run in settlement as the gate verify-<name>.",
  async run({ globals }) {
    const project = await openProject(globals);
    const recipes = listRecipes(project.loaded.config, project.registry);
    if (globals.json) await printJson({ recipes: recipes.map(recipeJson) });
    else if (recipes.length === 0) await printText("No verification recipes configured.");
    else await printText(["Verification recipes:", ...recipes.map(recipeLine)].join("\n"));
    return 0;
  },
});
