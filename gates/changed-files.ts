import type { GateContext, GateInput } from "dgov/plugin";
import { git } from "./git.ts";

/** Changed paths still present in the judged tree: deletions and rename sources are gone. */
export function presentPaths(input: GateInput): string[] {
  return [...new Set(input.changed.filter((c) => c.status !== "deleted").map((c) => c.path))];
}

/** Does the path end with one of the extensions (`.py`, `.ts`)? */
export function hasExtension(path: string, extensions: readonly string[]): boolean {
  return extensions.some((ext) => ext !== "" && path.endsWith(ext));
}

/** Changed, present files with one of `[project] source_extensions`. */
export function sourcePaths(input: GateInput): string[] {
  return presentPaths(input).filter((p) => hasExtension(p, input.config.project.source_extensions));
}

/** Splits paths into those absent at the base (new: judged whole) and those it already had. */
export async function splitByBase(ctx: GateContext, input: GateInput, paths: readonly string[]): Promise<{ fresh: string[]; existing: string[] }> {
  if (paths.length === 0) return { fresh: [], existing: [] };
  const out = await git(ctx, input.dir, ["ls-tree", "-r", "-z", "--name-only", input.baseSha, "--", ...paths]);
  const atBase = new Set(out.split("\0"));
  return { fresh: paths.filter((p) => !atBase.has(p)), existing: paths.filter((p) => atBase.has(p)) };
}

/** New-side line numbers (1-based) of the hunks of a `git diff --unified=0`. */
export function hunkLines(diff: string): Set<number> {
  const lines = new Set<number>();
  for (const match of diff.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(match[1]);
    const count = match[2] === undefined ? 1 : Number(match[2]);
    for (let n = start; n < start + count; n++) lines.add(n);
  }
  return lines;
}

/**
 * The lines (1-based, in the judged tree) the change touched in one file: the base against
 * the task commit, or against the working tree before the commit (not the index: a worker
 * that staged its edits still has them seen).
 */
export async function changedLines(ctx: GateContext, input: GateInput, path: string): Promise<Set<number>> {
  const range = input.headSha ? [input.baseSha, input.headSha] : [input.baseSha];
  const diff = await git(ctx, input.dir, ["diff", "--no-color", "--no-ext-diff", "--unified=0", ...range, "--", path]);
  return hunkLines(diff);
}

/** The tree object of a commit (`rev` as `git rev-parse` reads it in `dir`). */
export async function treeOf(ctx: GateContext, dir: string, rev: string): Promise<string> {
  return (await git(ctx, dir, ["rev-parse", "--verify", `${rev}^{tree}`])).trim();
}

/**
 * The tree `dir` holds when its files are exactly commit `sha`'s (nothing modified, deleted
 * or untracked beside it; ignored files aside), else null: a result recorded for that tree
 * then stands for any checkout of it.
 */
export async function exactTree(ctx: GateContext, dir: string, sha: string): Promise<string | null> {
  if (await git(ctx, dir, ["diff", "--name-only", "-z", sha, "--"])) return null;
  if (await git(ctx, dir, ["ls-files", "--others", "--exclude-standard", "-z"])) return null;
  return treeOf(ctx, dir, sha);
}
