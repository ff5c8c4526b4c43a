import { lstatSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { basename, join } from "node:path";
import type { ResolvedConfig } from "../config/resolve.ts";
import { type Confinement, sandboxedEnv, treeSandbox } from "../exec/confine.ts";
import { exec, type ExecResult } from "../exec/exec.ts";
import { git } from "../git/run.ts";
import { log } from "../log.ts";

/*
 * A fresh tree (a task worktree, a settlement checkout) gets its dependencies one of two ways.
 * When `[project] reuse_dirs` names the folders setup_cmd makes (node_modules) and the tree's
 * install files and setup_cmd are the project root's, the root's installed folders are linked
 * in: entry by entry into a real folder of the tree, so `.gitignore`'s `node_modules/` still
 * matches and the tree's own caches (`.vite`, `.cache`) stay its own; sandboxed processes read
 * the root's packages but cannot write them. Otherwise setup_cmd runs, as configured.
 */

/** The files an install reads: package manifests, lockfiles, package-manager settings. */
const INSTALL_FILES = new Set([
  "package.json", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", "yarn.lock",
  ".yarnrc", ".yarnrc.yml", ".npmrc", "bun.lock", "bun.lockb", "bunfig.toml", "pyproject.toml", "uv.lock",
  "poetry.lock", "Pipfile", "Pipfile.lock", "setup.py", "setup.cfg",
]);
const isInstallFile = (path: string) => INSTALL_FILES.has(basename(path)) || /^requirements[\w.-]*\.txt$/.test(basename(path));

/** Entries of an installed folder a tree keeps its own: the caches tools write there. */
const OWN_CACHES = new Set([".cache", ".vite", ".vitest"]);

/**
 * What an install in `dir` depends on: setup_cmd and every install file git sees there (tracked
 * or not, ignored ones aside), by path and content; not those inside `outputs` (what the
 * install makes).
 */
export async function installKey(dir: string, setup: string, outputs: readonly string[]): Promise<string | null> {
  const listed = await git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], dir);
  if (listed.code !== 0) return null;
  const made = (path: string) => outputs.some((o) => path.startsWith(`${o}/`));
  const files = [...new Set(listed.stdout.split("\0").filter((f) => isInstallFile(f) && !made(f)))].sort();
  const hashed = files.length ? await git(["hash-object", "--no-filters", "--stdin-paths"], dir, { stdin: `${files.join("\n")}\n` }) : { code: 0, stdout: "" };
  if (hashed.code !== 0) return null;
  const blobs = hashed.stdout.trim().split("\n");
  const hash = new Bun.CryptoHasher("sha256").update(setup);
  files.forEach((f, i) => hash.update(`\0${f}\0${blobs[i]}`));
  return hash.digest("hex");
}

const isDir = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** `dir/<folder>` as a real folder of links to the root's entries. */
function linkEntries(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) if (!OWN_CACHES.has(name)) symlinkSync(join(from, name), join(to, name));
}

/**
 * Links the root's installed folders into `dir` when they may stand for an install there.
 * Returns null when linked, else why not (for the log).
 */
export async function reuseInstalls(dir: string, root: string, config: ResolvedConfig): Promise<string | null> {
  const dirs = config.project.reuse_dirs;
  if (dirs.length === 0) return "no [project] reuse_dirs";
  const absent = dirs.filter((d) => !isDir(join(root, d)));
  if (absent.length) return `the project root has no ${absent.join(", ")} to reuse`;
  const setup = config.project.setup_cmd ?? "";
  const [mine, roots] = await Promise.all([installKey(dir, setup, dirs), installKey(root, setup, dirs)]);
  if (!mine || mine !== roots) return "its install files (manifests, lockfiles) differ from the project root's";
  for (const d of dirs) linkEntries(join(root, d), join(dir, d));
  // Links git would see are a change of the tree: then the tree gets its own install.
  const unignored = [];
  for (const d of dirs) if ((await git(["check-ignore", "-q", "--", `${d}/`], dir)).code !== 0) unignored.push(d);
  if (unignored.length === 0) return null;
  for (const d of dirs) if (lstatSync(join(dir, d), { throwIfNoEntry: false })) rmSync(join(dir, d), { recursive: true, force: true });
  return `git does not ignore ${unignored.join(", ")} there`;
}

/**
 * Prepares a fresh tree: the root's installs linked (see above), or the project's setup_cmd
 * run in it with `bootstrap_timeout`. setup_cmd runs on the target's code, which tasks changed,
 * so it is sandboxed like the gates, but with the network on: its job is to install
 * dependencies. Null when nothing ran (linked, or no setup_cmd).
 */
export async function prepareTree(dir: string, root: string, config: ResolvedConfig, env: Record<string, string>, confinement: Confinement, signal: AbortSignal): Promise<ExecResult | null> {
  const notReused = await reuseInstalls(dir, root, config);
  if (notReused === null) {
    log.debug(`reused the project root's ${config.project.reuse_dirs.join(", ")} in ${dir}`);
    return null;
  }
  const setup = config.project.setup_cmd;
  if (!setup) return null;
  if (config.project.reuse_dirs.length) log.debug(`running setup_cmd in ${dir}: ${notReused}`);
  return exec(["sh", "-c", setup], {
    cwd: dir,
    env: { ...env, ...sandboxedEnv(confinement) },
    timeoutMs: config.project.bootstrap_timeout * 1000,
    signal,
    sandbox: treeSandbox(confinement, { network: "on" })(dir),
  });
}

/** A failed setup as an error text naming where it ran. */
function setupFailure(result: ExecResult, timeoutS: number, where: string): string | null {
  if (result.code === 0) return null;
  return `setup_cmd ${result.timedOut ? `timed out after ${timeoutS}s` : `failed (exit ${result.code})`} in ${where}:\n${(result.stdout + result.stderr).slice(-500)}`;
}

/** prepareTree for a tree a gate judges: a failed setup_cmd throws, naming `where` (default the tree's path). */
export async function setUpTree(dir: string, root: string, config: ResolvedConfig, env: Record<string, string>, confinement: Confinement, signal: AbortSignal, where = dir): Promise<void> {
  const result = await prepareTree(dir, root, config, env, confinement, signal);
  const failure = result && setupFailure(result, config.project.bootstrap_timeout, where);
  if (failure) throw new Error(failure);
}
