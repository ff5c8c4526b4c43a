import { loadConfig } from "../../config/load.ts";
import { displayFile } from "../../plugin/load.ts";
import { gatePhases } from "../../plugin/types.ts";
import { loadRegistry, type RegisteredGate, type RegisteredPlugin } from "../../plugin/registry.ts";
import type { GateDef } from "../../plugin/types.ts";
import { defineCommand } from "../define.ts";
import { projectRoot } from "../project.ts";
import { columns, printJson, printText } from "../output.ts";

interface Contribution {
  kind: "gate" | "tool" | "verify" | "toolchain";
  name: string;
  description: string;
  phase?: string;
  order?: string;
  level?: string;
  roles?: string[];
  effect?: string;
  match?: string[];
}

/** The plugin's own gates, then those the host derived from its contributions (verify recipes). */
function gatesOf(plugin: RegisteredPlugin, registered: RegisteredGate[]): GateDef[] {
  const own = plugin.def.gates ?? [];
  return [...own, ...registered.filter((g) => g.plugin === plugin && !own.includes(g.def)).map((g) => g.def)];
}

function contributions(plugin: RegisteredPlugin, registered: RegisteredGate[], levels: Map<string, string>): Contribution[] {
  const d = plugin.def;
  return [
    ...gatesOf(plugin, registered).map((g) => ({
      kind: "gate" as const,
      name: g.name,
      description: g.description,
      phase: gatePhases(g).join("+"),
      order: g.order ?? "normal",
      level: levels.get(g.name) ?? "block",
    })),
    ...(d.tools ?? []).map((t) => ({ kind: "tool" as const, name: t.name, description: t.description, roles: t.roles, effect: t.effect })),
    ...(d.verify ?? []).map((r) => ({ kind: "verify" as const, name: r.name, description: r.description ?? "", match: r.match })),
    ...(d.toolchains ?? []).map((t) => ({ kind: "toolchain" as const, name: t.name, description: t.description })),
  ];
}

function detail(c: Contribution): string {
  if (c.kind === "gate") return `${c.phase}/${c.order} (${c.level})`;
  if (c.kind === "tool") return `${c.effect}; ${c.roles!.join(",")}`;
  if (c.kind === "verify") return c.match!.join(" ");
  return "-";
}

export default defineCommand({
  args: {},
  details: "Loads plugins exactly as `dgov run` does, so a plugin that fails here fails there too (exit 2).",
  async run({ globals }) {
    const loaded = await loadConfig(await projectRoot(globals.cwd));
    const registry = await loadRegistry(loaded);
    const levels = new Map(registry.gates.map((g) => [g.def.name, g.level]));
    const plugins = registry.plugins.map((p) => ({
      name: p.def.name,
      api: p.def.api,
      description: p.def.description ?? "",
      enabled: p.enabled,
      source: { kind: p.source.kind, label: p.source.label, file: p.source.file && displayFile(loaded.root, p.source.file) },
      contributions: contributions(p, registry.gates, levels),
    }));
    if (globals.json) {
      await printJson({ root: loaded.root, plugins });
      return 0;
    }
    const rows = [["PLUGIN", "SOURCE", "KIND", "NAME", "PHASE/ORDER · EFFECT · MATCH"]];
    for (const p of plugins) {
      const name = p.enabled ? p.name : `${p.name} (disabled)`;
      const list = p.contributions.length ? p.contributions : [null];
      list.forEach((c, i) => {
        const head = i === 0 ? [name, p.source.file ?? "builtin"] : ["", ""];
        rows.push(c ? [...head, c.kind, c.name, detail(c)] : [...head, "-", "(no contributions)", ""]);
      });
    }
    await printText(columns(rows));
    return 0;
  },
});
