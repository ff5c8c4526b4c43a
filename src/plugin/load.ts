import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import * as v from "valibot";
import type { LoadedConfig } from "../config/load.ts";
import { errorMessage } from "../errors.ts";
import { formatKeyPath, problemsFromIssues } from "../problems.ts";
import { pluginShape } from "./shape.ts";
import { PLUGIN_API_VERSION, type PluginDef } from "./types.ts";
import { registerVirtualModules } from "./virtual.ts";

/** Where a plugin came from, for messages and `dgov plugins list`. */
export interface PluginSource {
  kind: "builtin" | "local" | "config";
  /** `builtin`, `.dgov/plugins/acme.ts`, or the `[plugins] load` entry as written. */
  label: string;
  /** Absolute path of the module file; null for built-ins. */
  file: string | null;
  options: Record<string, unknown>;
  /** Index in `[plugins] load`, for config entries. */
  loadIndex?: number;
}

const PLUGIN_FILE = /\.(ts|mts|js|mjs)$/;

/** `.dgov/plugins/*.{ts,js}`, sorted by name. */
export function localSources(root: string): PluginSource[] {
  const dir = join(root, ".dgov", "plugins");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => PLUGIN_FILE.test(name) && !name.endsWith(".d.ts") && !/\.(test|spec)\./.test(name))
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => ({ kind: "local", label: `.dgov/plugins/${name}`, file: join(dir, name), options: {} }));
}

function looksLikePath(entry: string): boolean {
  return entry.startsWith(".") || isAbsolute(entry) || PLUGIN_FILE.test(entry);
}

/** `[plugins] load` entries resolved to files: a path relative to the root, or a package. */
export function configSources(loaded: LoadedConfig): { sources: PluginSource[]; problems: string[] } {
  const sources: PluginSource[] = [];
  const problems: string[] = [];
  loaded.config.plugins.load.forEach((entry, index) => {
    const where = configWhere(loaded, index);
    if (looksLikePath(entry.from)) {
      const path = resolve(loaded.root, entry.from);
      if (!existsSync(path)) {
        problems.push(`${where}: plugin file '${entry.from}' not found (looked at ${path})`);
        return;
      }
      try {
        // A file loads as is; a folder through its package.json entry (or index.ts).
        const file = statSync(path).isFile() ? path : Bun.resolveSync(path, loaded.root);
        sources.push({ kind: "config", label: entry.from, file, options: entry.options, loadIndex: index });
      } catch {
        problems.push(`${where}: '${entry.from}' is a folder without an entry point (package.json "exports"/"main", or index.ts)`);
      }
      return;
    }
    try {
      const file = Bun.resolveSync(entry.from, loaded.root);
      sources.push({ kind: "config", label: entry.from, file, options: entry.options, loadIndex: index });
    } catch {
      problems.push(
        `${where}: cannot find package '${entry.from}' from ${loaded.root}; install it in the repo (bun add -d ${entry.from}) or give a path such as ./plugins/x.ts`,
      );
    }
  });
  return { sources, problems };
}

/** `.dgov/project.toml:<line>: [plugins].load[<i>]` for messages about a load entry. */
export function configWhere(loaded: LoadedConfig, index: number): string {
  const path = ["plugins", "load", index];
  const line = loaded.doc?.lineOf(path);
  return `.dgov/project.toml${line === undefined ? "" : `:${line}`}: ${formatKeyPath(path)}`;
}

/** How a problem with a loaded plugin is located for the user. */
export function sourceWhere(source: PluginSource, loaded: LoadedConfig): string {
  if (source.kind === "config" && source.loadIndex !== undefined) {
    return `${configWhere(loaded, source.loadIndex)} (${source.label})`;
  }
  return source.kind === "builtin" ? `built-in plugin` : source.label;
}

/** Imports one plugin module and checks its shape. Returns the definition or the problems. */
export async function importPlugin(source: PluginSource, where: string): Promise<PluginDef | string[]> {
  registerVirtualModules();
  let exported: unknown;
  try {
    const mod = (await import(source.file!)) as { default?: unknown };
    exported = mod.default;
  } catch (error) {
    return [`${where}: failed to load: ${errorMessage(error)}`];
  }
  if (exported === undefined) {
    return [`${where}: has no default export; export default definePlugin({ … }) from "dgov/plugin"`];
  }
  if (typeof exported === "function") {
    try {
      exported = await exported(source.options);
    } catch (error) {
      return [`${where}: plugin factory threw: ${errorMessage(error)}`];
    }
  }
  return checkShape(exported, where);
}

/** Validates a plugin object: API version first, then every key of every contribution. */
export function checkShape(value: unknown, where: string): PluginDef | string[] {
  if (typeof value !== "object" || value === null) {
    return [`${where}: default export must be a plugin object (definePlugin({ … })), got ${typeof value}`];
  }
  const candidate = value as { api?: unknown; name?: unknown };
  const name = typeof candidate.name === "string" ? `plugin '${candidate.name}'` : "plugin";
  if (candidate.api !== PLUGIN_API_VERSION) {
    const declared = candidate.api === undefined ? "declares no api version" : `targets plugin API ${String(candidate.api)}`;
    return [`${where}: ${name} ${declared}; this dgov supports api: ${PLUGIN_API_VERSION}`];
  }
  const result = v.safeParse(pluginShape, value);
  if (result.success) return value as PluginDef;
  return problemsFromIssues(result.issues, pluginShape).map(
    (p) => `${where}: ${name}: ${shapePath(p.path)}: ${p.message}`,
  );
}

function shapePath(path: readonly (string | number)[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("") || "(root)";
}

/** A short display path of a plugin file relative to the project root. */
export function displayFile(root: string, file: string | null): string {
  if (file === null) return "builtin";
  const rel = relative(root, file);
  return rel.startsWith("..") ? file : rel;
}
