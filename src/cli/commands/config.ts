import { loadConfig } from "../../config/load.ts";
import { loadRegistry } from "../../plugin/registry.ts";
import { stringifyToml } from "../../toml/write.ts";
import { defineCommand } from "../define.ts";
import { projectRoot } from "../project.ts";
import { printJson, printText } from "../output.ts";

export default defineCommand({
  args: {},
  details:
    "Validates .dgov/project.toml (every key, with line numbers on errors) and the options of every\n" +
    "plugin gate and tool, then prints the configuration dgov will use. Exit 2 if anything is invalid.",
  async run({ globals }) {
    const loaded = await loadConfig(await projectRoot(globals.cwd));
    const registry = await loadRegistry(loaded);
    const config = {
      ...loaded.config,
      gates: Object.fromEntries(registry.gates.map((g) => [g.def.name, { level: g.level, ...(g.options as object) }])),
      tools: Object.fromEntries(
        registry.tools.filter((t) => Object.keys(t.options as object).length).map((t) => [t.def.name, t.options]),
      ),
    };
    const source = loaded.doc ? loaded.path : null;
    if (globals.json) {
      await printJson({ root: loaded.root, file: source, config });
      return 0;
    }
    const header = source
      ? `# ${source}, with every default applied`
      : `# ${loaded.path} does not exist: dgov's defaults (run \`dgov init\` to write one)`;
    await printText(`${header}\n\n${stringifyToml(config)}`);
    return 0;
  },
});
