import type { RepoProbe, ToolchainCommands, ToolchainDetection } from "dgov/plugin";
import type { Category, JsTool } from "./catalogue.ts";
import { coverageCommand } from "./coverage.ts";
import { declaredIn, type PackageJson, readPackageJson } from "./declared.ts";
import { type Invocation, lineInvocations, scriptInvocations, type Scripts } from "./invocations.ts";
import { detectManager, LOCKFILES, type PackageManager } from "./package-manager.ts";
import { type Chosen, choose, OWN_SCRIPTS, type Usage } from "./select.ts";

/*
 * TypeScript / JavaScript detection from what the repository declares and runs: package.json
 * scripts and dependencies, config files, CI steps, lockfiles. Each of lint, format, type
 * check and tests gets the one tool the project uses for it, run directly (a script that
 * bundles several is read to learn which tools run, never configured as a command).
 */

const TS_EXT = [".ts", ".tsx", ".mts", ".cts"];
const JS_EXT = [".js", ".jsx", ".mjs", ".cjs"];
/** Tool configuration, not project code: `vite.config.ts`, `.eslintrc.js`. */
const CONFIG_FILE = /(?:^|\/)(?:[^/]*\.config\.[cm]?[jt]s|\.[^/]*)$/;
const CATEGORIES: Category[] = ["types", "lint", "format", "tests"];

/** Source files of each kind; a repository is TypeScript when TS files are at least as many as JS ones. */
function sourceShare(probe: RepoProbe): { ts: number; js: number } {
  let ts = 0;
  let js = 0;
  for (const path of probe.files) {
    if (CONFIG_FILE.test(path) || path.endsWith(".d.ts")) continue;
    const ext = path.slice(path.lastIndexOf("."));
    if (TS_EXT.includes(ext)) ts++;
    else if (JS_EXT.includes(ext)) js++;
  }
  return { ts, js };
}

function usageOf(scripts: Scripts, ci: readonly string[]): Usage {
  const byScript = new Map(Object.keys(scripts).map((name) => [name, scriptInvocations(name, scripts)]));
  const all: Invocation[] = [...[...byScript.values()].flat(), ...ci.flatMap((line) => lineInvocations(line, scripts))];
  return {
    own: (category) => [...byScript].filter(([name]) => OWN_SCRIPTS[category].test(name)).flatMap(([, inv]) => inv),
    all,
  };
}

/** Biome formats unless its config turns the formatter off. */
function formatterOff(probe: RepoProbe): (tool: JsTool) => boolean {
  const config = (probe.readJson("biome.json") ?? probe.readJson("biome.jsonc")) as { formatter?: { enabled?: boolean } } | null;
  return (tool) => tool.name === "biome" && tool.category === "format" && config?.formatter?.enabled === false;
}

/** A type check needs the tsconfig it checks; `tsc --noEmit` without one prints its help and fails. */
function missingTsconfig(probe: RepoProbe, commands: ToolchainCommands): string | null {
  const project = / -p (\S+)$/.exec(commands.type_check_cmd ?? "")?.[1] ?? "tsconfig.json";
  return probe.exists(project) ? null : project;
}

interface Picked {
  commands: ToolchainCommands;
  tools: string[];
  notes: string[];
}

function pickTools(probe: RepoProbe, pkg: PackageJson | null, pm: PackageManager): Picked {
  const declared = declaredIn(probe, pkg);
  const usage = usageOf(pkg?.scripts ?? {}, probe.ciCommands);
  const picked: Picked = { commands: {}, tools: [pm.name], notes: [] };
  for (const category of CATEGORIES) {
    let chosen: Chosen | null = choose(category, declared, usage, formatterOff(probe));
    if (!chosen && category === "tests" && pm.name === "bun") chosen = choose(category, declared, { own: () => [], all: [{ tool: "bun test", args: [] }] });
    if (!chosen) continue;
    const commands = chosen.tool.commands(pm.bin, chosen.used);
    const missing = category === "types" ? missingTsconfig(probe, commands) : null;
    if (missing) {
      picked.notes.push(`${chosen.tool.name} is installed but ${missing} is missing: no type check configured`);
      continue;
    }
    Object.assign(picked.commands, commands);
    const coverage = category === "tests" ? coverageCommand(chosen.tool.name, pm.bin, declared) : null;
    if (coverage) picked.commands.coverage_cmd = coverage;
    if (!picked.tools.includes(chosen.tool.name)) picked.tools.push(chosen.tool.name);
    if (chosen.others.length) picked.notes.push(`${category}: using ${chosen.tool.name} (${chosen.why}); also found ${chosen.others.join(", ")}`);
  }
  // Without a package.json there is nothing to install (and npm install would fail).
  if (pkg) picked.commands.setup_cmd = pm.setup;
  return picked;
}

/** Detects the package manager and the lint, format, type-check and test tools of a JS/TS repo. */
export function detectTypeScript(probe: RepoProbe): ToolchainDetection | null {
  const pkg = readPackageJson(probe);
  const { ts, js } = sourceShare(probe);
  if (!pkg && ts + js === 0) return null;
  const pm = detectManager(probe, pkg?.packageManager);
  const { commands, tools, notes } = pickTools(probe, pkg, pm);
  const typescript = ts > 0 && ts >= js;
  return {
    language: typescript ? "typescript" : "javascript",
    sourceFiles: ts + js,
    sourceExtensions: typescript ? [...TS_EXT, ...JS_EXT] : JS_EXT,
    tools,
    commands,
    notes,
    ignoreFiles: [...new Set(["node_modules", ...LOCKFILES.map(([f]) => f).filter((f) => probe.exists(f)), pm.writes])],
    // Plug'n'Play installs no node_modules: nothing to reuse.
    ...(pkg && pm.bin !== "yarn " ? { reuseDirs: ["node_modules"] } : {}),
  };
}
