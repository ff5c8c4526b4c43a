import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { type LoadedConfig, loadConfig } from "../config/load.ts";
import { findProjectRoot } from "../config/root.ts";
import { DgovError } from "../errors.ts";
import type { CompileContext } from "../plan/compile.ts";
import { loadRegistry, type Registry } from "../plugin/registry.ts";
import type { Globals } from "./define.ts";

/** A project opened for a command: its root, configuration and plugins. */
export interface Project {
  root: string;
  loaded: LoadedConfig;
  registry: Registry;
  /** A path as shown to the user: relative to where they stand when below it. */
  display(abs: string): string;
}

export function displayFrom(cwd: string): (abs: string) => string {
  return (abs) => {
    const rel = relative(cwd, abs);
    return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : rel === "" ? "." : abs;
  };
}

/** Opens the project containing `start` (a directory or file); config and plugins are validated. */
export async function openProject(globals: Globals, start: string = globals.cwd): Promise<Project> {
  const root = findProjectRoot(start);
  const loaded = await loadConfig(root);
  return { root, loaded, registry: await loadRegistry(loaded), display: displayFrom(globals.cwd) };
}

export function plansDir(root: string): string {
  return join(root, ".dgov", "plans");
}

/**
 * A plan argument: a path (relative to the cwd), else the name of a plan under
 * `.dgov/plans/` or `.dgov/plans/archive/`. Returns the absolute path.
 */
export function resolvePlanArg(arg: string, globals: Globals, root = findProjectRoot(globals.cwd)): string {
  const direct = resolve(globals.cwd, arg);
  if (existsSync(direct)) return direct;
  for (const candidate of [join(plansDir(root), arg), join(plansDir(root), "archive", arg)]) {
    if (!arg.includes("/") && existsSync(candidate)) return candidate;
  }
  throw new DgovError({
    code: "E_NOT_FOUND",
    message: `plan not found: ${arg}`,
    hint: "Give a plan directory, a compiled .toml file, or the name of a plan under .dgov/plans/ (dgov plan list shows them).",
  });
}

/** A plan directory argument, which must exist and be a directory. */
export function planDirArg(arg: string, globals: Globals): string {
  const dir = resolvePlanArg(arg, globals);
  if (!statSync(dir).isDirectory()) {
    throw new DgovError({ code: "E_USAGE", message: `${arg} is not a plan directory`, hint: "dgov compile takes the directory holding _root.toml" });
  }
  return dir;
}

/** What compiling needs from an opened project. */
export function compileContext(project: Project, dryRun: boolean): CompileContext {
  return {
    root: project.root,
    config: project.loaded.config,
    sopDirs: [join(project.root, ".dgov", "sops"), ...project.registry.sopDirs],
    display: project.display,
    dryRun,
  };
}
