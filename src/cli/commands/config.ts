import { type LoadedConfig, loadConfig } from "../../config/load.ts";
import { loadRegistry } from "../../plugin/registry.ts";
import type { TomlDocument } from "../../toml/read.ts";
import { stringifyToml } from "../../toml/write.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { projectRoot } from "../project.ts";

/** Where one setting's value comes from. */
interface Source {
  key: string;
  value: unknown;
  from: "project" | "user" | "default";
  file: string | null;
  line: number | null;
}

const isTable = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every leaf of a table (arrays are leaves), as a key path. */
function leaves(table: Record<string, unknown>, path: string[] = []): { path: string[]; value: unknown }[] {
  return Object.entries(table).flatMap(([key, value]) => (isTable(value) && Object.keys(value).length > 0 ? leaves(value, [...path, key]) : [{ path: [...path, key], value }]));
}

function written(doc: TomlDocument | null, path: string[]): boolean {
  let at: unknown = doc?.data;
  for (const key of path) {
    if (!isTable(at) || !(key in at)) return false;
    at = at[key];
  }
  return true;
}

/** Each resolved setting with the file and line that set it, or "default". */
function sourcesOf(loaded: LoadedConfig, config: Record<string, unknown>): Source[] {
  return leaves(config).map(({ path, value }) => {
    // `[agents.<name>] command = …` resolves into `commands`.
    const filePath = path[0] === "commands" ? ["agents", ...path.slice(1)] : path;
    const key = path.join(".");
    for (const [from, doc, file] of [["project", loaded.doc, loaded.path], ["user", loaded.user.doc, loaded.user.path]] as const) {
      if (written(doc, filePath)) return { key, value, from, file, line: doc?.lineOf(filePath) ?? null };
    }
    return { key, value, from: "default", file: null, line: null };
  });
}

function sourcesText(loaded: LoadedConfig, sources: Source[]): string {
  const lines = sources.map((s) => [`${s.key} = ${JSON.stringify(s.value)}`, s.from === "default" ? "default" : `${s.from}:${s.line ?? "?"}`] as const);
  const width = Math.min(72, Math.max(...lines.map(([setting]) => setting.length)));
  const status = (path: string, doc: TomlDocument | null) => (doc ? path : `${path} (not found)`);
  return [
    `# project = ${status(loaded.path, loaded.doc)}`,
    `# user    = ${status(loaded.user.path, loaded.user.doc)} (under the project's)`,
    "",
    ...lines.map(([setting, from]) => `${setting.padEnd(width)}  # ${from}`),
    "",
  ].join("\n");
}

export default defineCommand({
  args: {
    sources: { type: "boolean", default: false, description: "Show where each setting comes from: the project's file, the user's, or a default" },
  },
  details:
    "Validates .dgov/project.toml and the user's config ($XDG_CONFIG_HOME/dgov/config.toml: providers,\n" +
    "agents, defaults, git identity, notify; merged under the project's, which wins), every key with line\n" +
    "numbers on errors, and the options of every plugin gate and tool, then prints the configuration dgov\n" +
    "will use. Exit 2 if anything is invalid.",
  async run({ args, globals }) {
    const loaded = await loadConfig(await projectRoot(globals.cwd));
    const registry = await loadRegistry(loaded);
    const config = {
      ...loaded.config,
      gates: Object.fromEntries(registry.gates.map((g) => [g.def.name, { level: g.level, ...(g.options as object) }])),
      tools: Object.fromEntries(
        registry.tools.filter((t) => Object.keys(t.options as object).length).map((t) => [t.def.name, t.options]),
      ),
    };
    const files = { project: loaded.doc ? loaded.path : null, user: loaded.user.doc ? loaded.user.path : null };
    if (args.sources) {
      const sources = sourcesOf(loaded, config);
      if (globals.json) await printJson({ root: loaded.root, files, sources });
      else await printText(sourcesText(loaded, sources));
      return 0;
    }
    if (globals.json) {
      await printJson({ root: loaded.root, file: files.project, user_file: files.user, config });
      return 0;
    }
    const header = [
      files.project ? `# ${files.project}, with every default applied` : `# ${loaded.path} does not exist: dgov's defaults (run \`dgov init\` to write one)`,
      ...(files.user ? [`# under it: ${files.user}`] : []),
    ].join("\n");
    await printText(`${header}\n\n${stringifyToml(config)}`);
    return 0;
  },
});
