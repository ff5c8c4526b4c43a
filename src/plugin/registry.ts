import { dirname, resolve } from "node:path";
import type * as v from "valibot";
import type { LoadedConfig } from "../config/load.ts";
import type { GateLevel } from "../config/schema.ts";
import { DgovError } from "../errors.ts";
import { renderProblem } from "../problems.ts";
import { didYouMean } from "../suggest.ts";
import { builtinPlugins } from "./builtins.ts";
import { parseOptions } from "./invoke.ts";
import { configSources, importPlugin, localSources, type PluginSource, sourceWhere } from "./load.ts";
import { type ContributionOrder, type GateDef, type GatePhase, gatePhases, type PluginDef, type ToolchainDef, type ToolDef, type VerifyDef } from "./types.ts";
import { verifyGates } from "./verify-gates.ts";

export interface RegisteredPlugin {
  def: PluginDef;
  source: PluginSource;
  enabled: boolean;
}

export interface Registered<T> {
  def: T;
  plugin: RegisteredPlugin;
}

export interface RegisteredGate extends Registered<GateDef> {
  level: GateLevel;
  options: unknown;
}

export interface RegisteredTool extends Registered<ToolDef> {
  options: unknown;
}

/** Every plugin and, from the enabled ones, every contribution, validated and ordered. */
export interface Registry {
  plugins: RegisteredPlugin[];
  /** Ordered by phase, then `order` (pre, normal, post), then discovery order. */
  gates: RegisteredGate[];
  tools: RegisteredTool[];
  verify: Registered<VerifyDef>[];
  toolchains: Registered<ToolchainDef>[];
  /** Absolute SOP folders contributed by plugins. */
  sopDirs: string[];
}

const PHASES: GatePhase[] = ["review", "autofix", "isolated", "candidate", "post-run"];
const ORDERS: ContributionOrder[] = ["pre", "normal", "post"];

async function loadPlugins(loaded: LoadedConfig, builtins: PluginDef[], problems: string[]) {
  const sources: [PluginSource, PluginDef | null][] = builtins.map((def) => [
    { kind: "builtin", label: "builtin", file: null, options: {} },
    def,
  ]);
  const fromConfig = configSources(loaded);
  problems.push(...fromConfig.problems);
  for (const source of [...localSources(loaded.root), ...fromConfig.sources]) {
    const result = await importPlugin(source, sourceWhere(source, loaded));
    if (Array.isArray(result)) problems.push(...result);
    else sources.push([source, result]);
  }
  const plugins: RegisteredPlugin[] = [];
  const byName = new Map<string, RegisteredPlugin>();
  for (const [source, def] of sources) {
    if (!def) continue;
    const previous = byName.get(def.name);
    if (previous) {
      problems.push(
        `duplicate plugin name '${def.name}': ${sourceWhere(previous.source, loaded)} and ${sourceWhere(source, loaded)}; rename one of them`,
      );
      continue;
    }
    const plugin = { def, source, enabled: true };
    byName.set(def.name, plugin);
    plugins.push(plugin);
  }
  for (const name of loaded.config.plugins.disable) {
    const plugin = byName.get(name);
    if (plugin) plugin.enabled = false;
    else {
      const line = loaded.doc?.lineOf(["plugins", "disable"]);
      problems.push(
        `.dgov/project.toml${line ? `:${line}` : ""}: [plugins].disable: no plugin named '${name}'${didYouMean(name, byName.keys())}`,
      );
    }
  }
  return plugins;
}

/** Collects one kind of contribution, reporting names defined twice with both sources. */
function collect<T extends { name: string }>(
  plugins: RegisteredPlugin[],
  kind: string,
  pick: (def: PluginDef) => T[] | undefined,
  loaded: LoadedConfig,
  problems: string[],
): Registered<T>[] {
  const seen = new Map<string, RegisteredPlugin>();
  const out: Registered<T>[] = [];
  for (const plugin of plugins.filter((p) => p.enabled)) {
    for (const def of pick(plugin.def) ?? []) {
      const owner = seen.get(def.name);
      if (owner) {
        problems.push(
          `duplicate ${kind} '${def.name}': defined by plugin '${owner.def.name}' (${sourceWhere(owner.source, loaded)}) and plugin '${plugin.def.name}' (${sourceWhere(plugin.source, loaded)})`,
        );
        continue;
      }
      seen.set(def.name, plugin);
      out.push({ def, plugin });
    }
  }
  return out;
}

/** Validates `[<table>.<name>]` options against each contribution's schema. */
function validateOptions(
  table: "gates" | "tools",
  items: Registered<{ name: string; options?: v.GenericSchema }>[],
  raw: Record<string, Record<string, unknown>>,
  loaded: LoadedConfig,
  problems: string[],
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const file = ".dgov/project.toml";
  const allNames = new Set(items.map((i) => i.def.name));
  for (const name of Object.keys(raw)) {
    if (!allNames.has(name)) {
      const path = [table, name];
      const message = `no ${table === "gates" ? "gate" : "tool"} named '${name}'${didYouMean(name, allNames)}`;
      problems.push(renderProblem(file, { path, message, line: loaded.doc?.lineOf(path) }, new Set([table])));
    }
  }
  for (const { def } of items) {
    const parsed = parseOptions(def.options, raw[def.name], table === "gates" ? ["level"] : []);
    if (parsed.ok) {
      out.set(def.name, parsed.value);
      continue;
    }
    for (const problem of parsed.problems) {
      const path = [table, def.name, ...problem.path];
      const located = { ...problem, path, line: loaded.doc?.lineOf(path) };
      problems.push(renderProblem(file, located, new Set([table])));
    }
  }
  return out;
}

function sortGates(gates: RegisteredGate[]): RegisteredGate[] {
  const rank = (g: RegisteredGate) => PHASES.indexOf(gatePhases(g.def)[0]!) * 10 + ORDERS.indexOf(g.def.order ?? "normal");
  return gates
    .map((gate, index) => ({ gate, index }))
    .sort((a, b) => rank(a.gate) - rank(b.gate) || a.index - b.index)
    .map(({ gate }) => gate);
}

/**
 * Discovers, loads and validates every plugin for a project. All problems (load failures,
 * bad shapes, duplicate names, bad options) are reported together as one DgovError. With
 * `toolsOnly` (an agent process: its run checked everything else) only the tools are collected
 * and validated; gates, verify recipes and toolchains are left out.
 */
export async function loadRegistry(loaded: LoadedConfig, builtins: PluginDef[] = builtinPlugins, opts: { toolsOnly?: boolean } = {}): Promise<Registry> {
  const problems: string[] = [];
  const plugins = await loadPlugins(loaded, builtins, problems);
  const all = !opts.toolsOnly;
  const gates = all ? collect(plugins, "gate", (d) => d.gates, loaded, problems) : [];
  const tools = collect(plugins, "tool", (d) => d.tools, loaded, problems);
  const verify = all ? collect(plugins, "verify recipe", (d) => d.verify, loaded, problems) : [];
  const toolchains = all ? collect(plugins, "toolchain", (d) => d.toolchains, loaded, problems) : [];
  for (const recipe of verify) {
    if (recipe.def.name in loaded.config.verify) {
      problems.push(
        `duplicate verify recipe '${recipe.def.name}': [verify.${recipe.def.name}] in .dgov/project.toml and plugin '${recipe.plugin.def.name}' (${sourceWhere(recipe.plugin.source, loaded)})`,
      );
    }
  }
  gates.push(...verifyGates(verify, gates, (p) => sourceWhere(p.source, loaded), problems));
  const rawGates = Object.fromEntries(Object.entries(loaded.config.gates).map(([k, g]) => [k, g.options]));
  const gateOptions = all ? validateOptions("gates", gates, rawGates, loaded, problems) : new Map<string, unknown>();
  const toolOptions = validateOptions("tools", tools, loaded.config.tools, loaded, problems);
  if (problems.length > 0) {
    throw new DgovError({
      code: "E_PLUGIN",
      message: `plugins could not be loaded (${problems.length} problem${problems.length === 1 ? "" : "s"})`,
      details: problems,
      hint: "Fix the plugins or [plugins]/[gates]/[tools] in .dgov/project.toml; `dgov plugins list` shows what loads.",
    });
  }
  const sopDirs = plugins
    .filter((p) => p.enabled && p.source.file && p.def.sops)
    .flatMap((p) => p.def.sops!.map((dir) => resolve(dirname(p.source.file!), dir)));
  return {
    plugins,
    gates: sortGates(
      gates.map((g) => ({ ...g, level: loaded.config.gates[g.def.name]?.level ?? "block", options: gateOptions.get(g.def.name) })),
    ),
    tools: tools.map((t) => ({ ...t, options: toolOptions.get(t.def.name) })),
    verify,
    toolchains,
    sopDirs,
  };
}
