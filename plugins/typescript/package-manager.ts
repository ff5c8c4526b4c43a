import type { RepoProbe } from "dgov/plugin";

/*
 * The package manager decides two command forms: how a task worktree gets its node_modules
 * (setup_cmd, lockfile or not) and how a locally installed tool is started. Tools run from
 * node_modules/.bin (npm, bun, yarn with node_modules), `pnpm exec` (pnpm) or `yarn <tool>`
 * (Plug'n'Play, which has no node_modules): never npx or any form that could download.
 */

export type ManagerName = "bun" | "pnpm" | "yarn" | "npm";

export interface PackageManager {
  name: ManagerName;
  /** The lockfile found, or null. */
  lockfile: string | null;
  /** The prefix a local tool's name is appended to: `node_modules/.bin/`, `pnpm exec `, `yarn `. */
  bin: string;
  setup: string;
  /** The lockfile setup writes when the repository has none: workers' trees may show it. */
  writes: string;
}

/** Lockfiles by manager, in the order a repository holding several is read. */
export const LOCKFILES: ReadonlyArray<[string, ManagerName]> = [
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
];

const MARKERS: ReadonlyArray<[string, ManagerName]> = [
  ["pnpm-workspace.yaml", "pnpm"],
  ["bunfig.toml", "bun"],
  [".yarnrc.yml", "yarn"],
];

function managerName(probe: RepoProbe, declared: string | undefined, lockfile: string | null): ManagerName {
  if (lockfile) return LOCKFILES.find(([file]) => file === lockfile)![1];
  const name = declared?.split("@")[0];
  if (name === "bun" || name === "pnpm" || name === "yarn" || name === "npm") return name;
  return MARKERS.find(([file]) => probe.exists(file))?.[1] ?? "npm";
}

/** Yarn 2+ ("berry"): a .yarnrc.yml, a `yarn@2+` packageManager, or a berry lockfile. */
function isBerry(probe: RepoProbe, declared: string | undefined): boolean {
  const version = /^yarn@(\d+)/.exec(declared ?? "")?.[1];
  if (version) return Number(version) >= 2;
  return probe.exists(".yarnrc.yml") || (probe.readText("yarn.lock") ?? "").includes("__metadata:");
}

/** Plug'n'Play: a .pnp.cjs, or berry whose nodeLinker is not one that writes node_modules (pnp is its default). */
function isPnp(probe: RepoProbe, berry: boolean): boolean {
  if (probe.exists(".pnp.cjs")) return true;
  if (!berry) return false;
  const linker = /^\s*nodeLinker:\s*["']?([\w-]+)/m.exec(probe.readText(".yarnrc.yml") ?? "")?.[1];
  return linker !== undefined && linker !== "node-modules" && linker !== "pnpm";
}

function setupCommand(name: ManagerName, locked: boolean, berry: boolean): string {
  switch (name) {
    case "npm":
      return locked ? "npm ci" : "npm install --no-audit --no-fund";
    case "pnpm":
      return locked ? "pnpm install --frozen-lockfile" : "pnpm install";
    case "bun":
      return locked ? "bun install --frozen-lockfile" : "bun install";
    case "yarn":
      return !locked ? "yarn install" : berry ? "yarn install --immutable" : "yarn install --frozen-lockfile";
  }
}

/** The repository's package manager, from its lockfile, `packageManager` field or marker files. */
export function detectManager(probe: RepoProbe, declared: string | undefined): PackageManager {
  const lockfile = LOCKFILES.find(([file]) => probe.exists(file))?.[0] ?? null;
  const name = managerName(probe, declared, lockfile);
  const berry = name === "yarn" && isBerry(probe, declared);
  const bin = name === "pnpm" ? "pnpm exec " : name === "yarn" && isPnp(probe, berry) ? "yarn " : "node_modules/.bin/";
  const writes = lockfile ?? LOCKFILES.find(([, pm]) => pm === name)![0];
  return { name, lockfile, bin, setup: setupCommand(name, lockfile !== null, berry), writes };
}
