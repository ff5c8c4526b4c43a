import type { RepoProbe } from "dgov/plugin";
import { LOCKFILES } from "./package-manager.ts";

/** The parts of package.json detection reads. */
export interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  packageManager?: string;
  [key: string]: unknown;
}

/** What the repository says about one package. */
export interface Declared {
  /** A dependency of package.json. */
  inPackage(name: string): boolean;
  /** Installed by the lockfile (also as a dependency of another package). */
  inLockfile(name: string): boolean;
  /** One of the files exists, or package.json has the key (`"prettier": {…}`). */
  hasConfig(files: readonly string[], packageKey?: string): boolean;
}

/** package.json as an object, or null when missing or not an object. */
export function readPackageJson(probe: RepoProbe): PackageJson | null {
  const data = probe.readJson("package.json");
  return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as PackageJson) : null;
}

/** Lockfile spellings of an entry: `"name"` (npm, bun), `/name@` (pnpm), `name@` (yarn 1), `"name@` (yarn berry). */
function lockfileForms(name: string): string[] {
  return [`"${name}"`, `/${name}@`, `\n${name}@`, `"${name}@`, `\n  ${name}@`, `\n  '${name}@`];
}

export function declaredIn(probe: RepoProbe, pkg: PackageJson | null): Declared {
  const deps = new Set(
    [pkg?.dependencies, pkg?.devDependencies, pkg?.peerDependencies, pkg?.optionalDependencies].flatMap((d) => Object.keys(d ?? {})),
  );
  // bun.lockb is binary; its text is not searchable.
  const locks = LOCKFILES.filter(([f]) => !f.endsWith(".lockb"))
    .map(([f]) => probe.readText(f) ?? "")
    .join("\n");
  return {
    inPackage: (name) => deps.has(name),
    inLockfile: (name) => lockfileForms(name).some((form) => locks.includes(form)),
    hasConfig: (files, key) => files.some((f) => probe.exists(f)) || (key !== undefined && pkg !== null && key in pkg),
  };
}
