import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/*
 * Sparse task worktrees (`[git] sparse = true`): a worktree holds the top-level files, the
 * claimed paths, the project's `sparse_paths` and what the gates that run in it read; every
 * other tracked file stays in git only (git's skip-worktree bit) and is never written, which is
 * what makes a task worktree of a 30k-file repository cheap. git's cone mode
 * (git-sparse-checkout(1)): each listed path is included whole, and the files directly in each
 * of its parent folders with it, so a claimed file comes with its siblings.
 *
 * git applies the patterns only under `core.sparseCheckout`, which dgov does not write into
 * the repository's config (that would take `extensions.worktreeConfig`, a repository format
 * change): the worktree's git dir holds a marker instead, and every git call dgov makes there
 * sets the two keys on its command line (neutral.ts). The user's own git there still sees the
 * skip-worktree bits and reports a clean tree.
 */

const MARKER = "dgov-sparse";

/**
 * The oldest git sparse worktrees are safe with: from 2.37 git clears the skip-worktree bit of
 * a file present in the work tree when it loads the index, so a worker's write over a file the
 * cone left out is part of the change (older git would keep it invisible to settlement, while
 * the worktree's gates saw it); `add --sparse` exists from 2.34.
 */
export const SPARSE_MIN_GIT: readonly [number, number] = [2, 37];

/** `git version 2.39.5` (Apple's and Windows' suffixes too) → [2, 39]; null when it is not git's answer. */
export function parseGitVersion(text: string): [number, number] | null {
  const m = /^git version (\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Why this git cannot run sparse worktrees, or null when it can. */
export function sparseGitProblem(versionText: string): string | null {
  const v = parseGitVersion(versionText);
  const [major, minor] = SPARSE_MIN_GIT;
  if (v && (v[0] > major || (v[0] === major && v[1] >= minor))) return null;
  return `[git] sparse = true needs git ${major}.${minor} or newer; this is ${v ? `git ${v[0]}.${v[1]}` : `a git whose version reads ${JSON.stringify(versionText.trim().slice(0, 80))}`}`;
}

/** Was the worktree of `gitDir` made sparse by dgov? */
export function isSparse(gitDir: string): boolean {
  return existsSync(join(gitDir, MARKER));
}

/** The overrides a git call in a sparse worktree runs with. */
export const SPARSE_CONFIG: readonly (readonly [string, string])[] = [
  ["core.sparseCheckout", "true"],
  ["core.sparseCheckoutCone", "true"],
];

/** `git add --all`, with `--sparse` in a sparse worktree: files a worker wrote outside the cone are part of the change too. */
export function addAll(gitDir: string): string[] {
  return isSparse(gitDir) ? ["add", "--all", "--sparse"] : ["add", "--all"];
}

/** The smallest set of folders covering `paths` (repository-relative, no trailing `/`): none inside another, sorted. */
export function coneOf(paths: Iterable<string>): string[] {
  const sorted = [...new Set([...paths].map((p) => p.replace(/\/+$/, "")).filter(Boolean))].sort();
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(`${q}/`)));
}

/** Is `path` (a file) in a worktree checked out with cone `cone`? */
export function inCone(path: string, cone: readonly string[]): boolean {
  const parent = dirname(path);
  if (parent === ".") return true;
  return cone.some((c) => path === c || path.startsWith(`${c}/`) || c === parent || c.startsWith(`${parent}/`));
}

/** A folder name as a pattern line: backslash before the characters a pattern gives meaning to. */
const escape = (path: string) => path.replace(/[\\*?[\]!#]/g, "\\$&").replace(/ $/, "\\ ");

/** The cone-mode pattern file for `cone`, as `git sparse-checkout set` writes it. */
export function conePatterns(cone: readonly string[]): string {
  const parents = new Set<string>();
  for (const c of cone) for (let p = dirname(c); p !== "."; p = dirname(p)) parents.add(p);
  const lines = ["/*", "!/*/"];
  for (const p of [...parents].sort()) lines.push(`/${escape(p)}/`, `!/${escape(p)}/*/`);
  for (const c of cone) lines.push(`/${escape(c)}/`);
  return `${lines.join("\n")}\n`;
}

/** Makes the worktree of `gitDir` (registered, not yet checked out) sparse with `cone`. */
export function makeSparse(gitDir: string, cone: readonly string[]): void {
  mkdirSync(join(gitDir, "info"), { recursive: true });
  writeFileSync(join(gitDir, "info", "sparse-checkout"), conePatterns(cone));
  writeFileSync(join(gitDir, MARKER), `${cone.join("\n")}\n`);
}

/** The cone the worktree of `gitDir` was made with; null for a full one. */
export function worktreeCone(gitDir: string): string[] | null {
  return isSparse(gitDir) ? readFileSync(join(gitDir, MARKER), "utf8").split("\n").filter(Boolean) : null;
}

type IndexRun = (args: string[], stdin?: string) => Promise<{ code: number; stdout: string }>;

/**
 * Marks the entries of an index (through `run`, which names it) that the sparse worktree of
 * `gitDir` does not hold skip-worktree, as its checkout did: an index read from a tree
 * (`read-tree`) has no such bit, and every file the cone leaves out would read as deleted.
 * Nothing for a full worktree. False when git fails.
 */
export async function markOutsideCone(gitDir: string, run: IndexRun): Promise<boolean> {
  const cone = worktreeCone(gitDir);
  if (!cone) return true;
  const listed = await run(["ls-files", "-z"]);
  if (listed.code !== 0) return false;
  const outside = listed.stdout.split("\0").filter((p) => p && !inCone(p, cone));
  if (!outside.length) return true;
  return (await run(["update-index", "-z", "--skip-worktree", "--stdin"], `${outside.join("\0")}\0`)).code === 0;
}
