import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { DgovError } from "../../src/errors.ts";
import { loadRegistry } from "../../src/plugin/registry.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let repo: FixtureRepo;
afterEach(() => repo?.remove());

const gatePlugin = (name: string, gates: string) =>
  `import { definePlugin } from "dgov/plugin";\nimport * as v from "valibot";\nexport default definePlugin({ name: "${name}", api: 1, gates: [${gates}] });\n`;
const gate = (name: string, phase: string, order?: string, extra = "") =>
  `{ name: "${name}", description: "d", phase: "${phase}"${order ? `, order: "${order}"` : ""}${extra}, check: () => ({ status: "pass" }) }`;

async function registryFor(files: Record<string, string>) {
  repo = makeRepo(files);
  return loadRegistry(await loadConfig(repo.dir));
}

describe("plugin discovery", () => {
  test("built-ins only, in their static order", async () => {
    const registry = await registryFor({});
    expect(registry.plugins.map((p) => p.def.name)).toEqual(["python", "typescript", "go", "rust", "worker-tools", "core-gates"]);
    expect(registry.toolchains.map((t) => t.def.name)).toEqual(["python", "typescript", "go", "rust"]);
    // dgov-py's 31 worker tools keep their names; the planner adds emit_plan and ask_user.
    expect(registry.tools).toHaveLength(33);
    expect(registry.tools.filter((t) => t.def.roles.includes("worker")).map((t) => t.def.name)).toHaveLength(31);
    expect(registry.tools.filter((t) => t.def.roles.includes("researcher")).map((t) => t.def.name).sort()).toEqual(
      registry.tools
        .map((t) => t.def.name)
        .filter((n) => !["write_file", "edit_file", "apply_patch", "run_bash", "revert_file", "lint_fix", "format_file", "emit_plan", "ask_user"].includes(n))
        .sort(),
    );
    expect(registry.plugins.every((p) => p.source.kind === "builtin" && p.source.file === null)).toBe(true);
  });

  test(".dgov/plugins/*.ts load sorted by name; tests, declarations and folders are skipped", async () => {
    const registry = await registryFor({
      ".dgov/plugins/zeta.ts": gatePlugin("zeta", ""),
      ".dgov/plugins/alpha.ts": gatePlugin("alpha", ""),
      ".dgov/plugins/alpha.test.ts": "throw new Error('not a plugin')",
      ".dgov/plugins/types.d.ts": "export {};",
      ".dgov/plugins/helpers/x.ts": "throw new Error('not a plugin')",
    });
    const local = registry.plugins.filter((p) => p.source.kind === "local");
    expect(local.map((p) => [p.def.name, p.source.label])).toEqual([
      ["alpha", ".dgov/plugins/alpha.ts"],
      ["zeta", ".dgov/plugins/zeta.ts"],
    ]);
  });

  test("[plugins] load: a path, a package from node_modules, a factory with options", async () => {
    const registry = await registryFor({
      ".dgov/project.toml": '[plugins]\nload = ["./tools/p.ts", "dgov-plugin-pkg", { from = "./tools/f.ts", options = { prefix = "x" } }]\n',
      "tools/p.ts": gatePlugin("by-path", ""),
      "node_modules/dgov-plugin-pkg/package.json": '{ "name": "dgov-plugin-pkg", "main": "main.ts" }',
      "node_modules/dgov-plugin-pkg/main.ts": gatePlugin("by-package", ""),
      "tools/f.ts": 'export default (o: { prefix: string }) => ({ name: `${o.prefix}-made`, api: 1 });\n',
    });
    const fromConfig = registry.plugins.filter((p) => p.source.kind === "config");
    expect(fromConfig.map((p) => p.def.name)).toEqual(["by-path", "by-package", "x-made"]);
    expect(fromConfig[1]!.source.file).toBe(join(repo.dir, "node_modules/dgov-plugin-pkg/main.ts"));
  });

  test("[plugins] disable keeps the plugin listed but drops its contributions", async () => {
    const registry = await registryFor({
      ".dgov/project.toml": '[plugins]\ndisable = ["acme", "go"]\n',
      ".dgov/plugins/acme.ts": gatePlugin("acme", gate("no-todo", "review")),
    });
    expect(registry.plugins.find((p) => p.def.name === "acme")!.enabled).toBe(false);
    expect(registry.gates.map((g) => g.def.name)).toEqual(["scope", "review-hooks", "autofix", "lint", "format", "semantic", "architecture", "typecheck", "tests", "coverage", "architecture-baseline"]);
    expect(registry.toolchains.map((t) => t.def.name)).toEqual(["python", "typescript", "rust"]);
  });

  test("gates are ordered by phase, then pre/normal/post, then discovery order", async () => {
    const registry = await registryFor({
      ".dgov/plugins/a.ts": gatePlugin("a", [gate("a-iso", "isolated"), gate("a-review-post", "review", "post"), gate("a-review", "review")].join(",")),
      ".dgov/plugins/b.ts": gatePlugin("b", [gate("b-review-pre", "review", "pre"), gate("b-review", "review"), gate("b-fix", "autofix")].join(",")),
    });
    // The built-in gates are discovered before local plugins: scope is review/pre, the rest normal.
    expect(registry.gates.map((g) => g.def.name)).toEqual([
      "scope", "b-review-pre", "review-hooks", "a-review", "b-review", "a-review-post",
      "autofix", "b-fix", "lint", "format", "semantic", "architecture", "typecheck", "tests", "coverage", "a-iso", "architecture-baseline",
    ]);
  });

  test("options are validated once, with schema defaults applied, and the level attached", async () => {
    const registry = await registryFor({
      ".dgov/project.toml": '[gates.limits]\nlevel = "warn"\nmax = 3\n',
      ".dgov/plugins/a.ts": gatePlugin(
        "a",
        [
          gate("limits", "review", undefined, ", options: v.object({ max: v.number(), mode: v.optional(v.string(), 'fast') })"),
          gate("plain", "review"),
        ].join(","),
      ),
    });
    const byName = Object.fromEntries(registry.gates.filter((g) => g.plugin.def.name === "a").map((g) => [g.def.name, { level: g.level, options: g.options }]));
    expect(byName).toEqual({ limits: { level: "warn", options: { max: 3, mode: "fast" } }, plain: { level: "block", options: {} } });
  });

  test("a required option that is missing is an error naming the gate", async () => {
    const failure = registryFor({
      ".dgov/plugins/a.ts": gatePlugin("a", gate("limits", "review", undefined, ", options: v.object({ max: v.number() })")),
    });
    await expect(failure).rejects.toBeInstanceOf(DgovError);
    await expect(failure).rejects.toMatchObject({
      details: [".dgov/project.toml: [gates.limits].max: missing required key 'max'"],
    });
  });

  test("toolsOnly (an agent process): the tools with their options checked, no gates, a gate's options not read", async () => {
    repo = makeRepo({
      ".dgov/project.toml": "[tools.shout]\nloud = 2\n",
      ".dgov/plugins/a.ts": gatePlugin("a", gate("limits", "review", undefined, ", options: v.object({ max: v.number() })")).replace(
        "gates: [",
        'tools: [{ name: "shout", description: "d", args: v.object({}), roles: ["worker"], effect: "read", options: v.object({ loud: v.number() }), run: () => ({ ok: true, output: "" }) }], gates: [',
      ),
    });
    const loaded = await loadConfig(repo.dir);
    // The whole registry refuses the gate's missing option; the agent's never looks at it.
    await expect(loadRegistry(loaded)).rejects.toMatchObject({ details: [".dgov/project.toml: [gates.limits].max: missing required key 'max'"] });
    const agent = await loadRegistry(loaded, undefined, { toolsOnly: true });
    expect(agent.gates).toEqual([]);
    expect(agent.verify).toEqual([]);
    expect(agent.tools.find((t) => t.def.name === "shout")?.options).toEqual({ loud: 2 });
    expect(agent.tools.some((t) => t.def.name === "read_file")).toBe(true);
    // A tool's options are still checked.
    const bad = { ...loaded, config: { ...loaded.config, tools: { shout: { loud: "x" } } } };
    await expect(loadRegistry(bad, undefined, { toolsOnly: true })).rejects.toBeInstanceOf(DgovError);
  });

  test("plugin SOP folders resolve next to the plugin file", async () => {
    repo = makeRepo({
      ".dgov/plugins/s.ts": 'export default { name: "s", api: 1, sops: ["./s-sops"] };\n',
    });
    mkdirSync(join(repo.dir, ".dgov/plugins/s-sops"));
    const registry = await loadRegistry(await loadConfig(repo.dir));
    expect(registry.sopDirs).toEqual([join(repo.dir, ".dgov/plugins/s-sops")]);
  });
});
