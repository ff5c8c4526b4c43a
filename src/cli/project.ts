import { existsSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { type LoadedConfig, loadConfig } from "../config/load.ts";
import { findProjectRoot } from "../config/root.ts";
import { DgovError } from "../errors.ts";
import { markerPath } from "../git/checkout-sync.ts";
import { finishPendingSync } from "../git/land.ts";
import { currentBranch } from "../git/repo.ts";
import { useWorktreesDir } from "../git/worktree.ts";
import { gitTopLevel } from "../git/run.ts";
import { importDeployHistory } from "../git/trailers.ts";
import { log } from "../log.ts";
import { normalizeClaim } from "../plan/claims.ts";
import type { CompileContext } from "../plan/compile.ts";
import { loadRegistry, type Registry } from "../plugin/registry.ts";
import type { Globals } from "./define.ts";

/**
 * A path the user gave (relative to where they stand), as the repository names it: relative to
 * the root, `/`-separated, claim-normalized ("" for the root itself); null when it lies outside.
 */
export function projectPath(root: string, cwd: string, raw: string): string | null {
  const rel = relative(root, isAbsolute(raw) ? raw : resolve(cwd, raw));
  if (rel.startsWith("..") || isAbsolute(rel)) return null;
  return normalizeClaim(rel.split(sep).join("/"));
}

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

/**
 * The project root for `start` (config/root.ts), which must be in a git repository: dgov works
 * on git worktrees, and every command says so outside one.
 */
export async function projectRoot(start: string): Promise<string> {
  const root = findProjectRoot(start);
  if (existsSync(join(root, ".git")) || (await gitTopLevel(root)) !== null) {
    await finishLanding(root);
    return root;
  }
  throw new DgovError({
    code: "E_NOT_GIT",
    message: `${root} is not inside a git repository`,
    hint: "dgov works on git worktrees: run `git init` (and commit the project), then `dgov init`.",
    exitCode: 2,
  });
}

/**
 * A landing a crash interrupted leaves the user's checkout at the tree before it (the branch
 * moved, the files did not): every command first brings it along, as the landing would have.
 */
async function finishLanding(root: string): Promise<void> {
  if (!existsSync(markerPath(root))) return;
  // The sync writes no commit, so it needs no configured identity (the config may not even load).
  const synced = await finishPendingSync(root, { name: "dgov-worker", email: "agent@dgov.local" });
  if (synced?.state === "updated") log.info("brought the checkout up to date with a landing an interrupted dgov had made");
  if (synced?.state === "left") log.warn(`a landing an interrupted dgov had made left your edits to ${synced.files.join(", ")} as they were; to bring them up to date, keeping your edits: ${synced.command}`);
}

/** Opens the project containing `start` (a directory or file); config and plugins are validated. */
export async function openProject(globals: Globals, start: string = globals.cwd): Promise<Project> {
  const root = await projectRoot(start);
  const loaded = await loadConfig(root);
  useWorktreesDir(root, loaded.config.git.worktrees_dir);
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
  if (existsSync(direct)) return insideProject(direct, arg, root);
  for (const candidate of [join(plansDir(root), arg), join(plansDir(root), "archive", arg)]) {
    if (!arg.includes("/") && existsSync(candidate)) return insideProject(candidate, arg, root);
  }
  throw new DgovError({
    code: "E_NOT_FOUND",
    message: `plan not found: ${arg}`,
    hint: "Give a plan directory, a compiled .toml file, or the name of a plan under .dgov/plans/ (dgov plan list shows them).",
  });
}

/**
 * A plan must live in the project it runs on: one whose real path (links followed) is outside
 * the project root would compile and run another tree's tasks against this repository.
 */
function insideProject(path: string, arg: string, root: string): string {
  const rel = relative(realpathSync(root), realpathSync(path));
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new DgovError({
      code: "E_USAGE",
      message: `plan ${arg} is outside the project at ${root} (it resolves to ${realpathSync(path)})`,
      hint: "Put the plan under the project (.dgov/plans/<name>/), not a link to another folder.",
    });
  }
  return path;
}

/** A plan directory argument, which must exist and be a directory; a plan's `_compiled.toml` names its directory. */
export function planDirArg(arg: string, globals: Globals, root = findProjectRoot(globals.cwd)): string {
  const given = resolvePlanArg(arg, globals, root);
  const dir = basename(given) === "_compiled.toml" && statSync(given).isFile() ? dirname(given) : given;
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

/**
 * What the target branch's history says landed, added to the local deploy log where it knows
 * nothing of a unit (a fresh clone, another machine's run): `plan status`/`plan list` then
 * show it deployed, as `run` treats it (git/trailers.ts).
 */
export async function learnDeployHistory(project: Project): Promise<void> {
  const target = project.loaded.config.git.target || (await currentBranch(project.root));
  if (target) await importDeployHistory(project.root, target);
}
