import { git } from "./run.ts";

/** One entry of `git status`: a path, its two-letter code, and for renames the source path. */
export interface StatusEntry {
  code: string;
  path: string;
  /** Rename or copy source. */
  from?: string;
}

/**
 * Parses `git status --porcelain=v1 -z`: `XY path\0`, and for renames/copies
 * `XY new\0old\0`. NUL-delimited, so any file name (spaces, quotes, newlines) is exact.
 */
export function parsePorcelainZ(output: string): StatusEntry[] {
  const parts = output.split("\0");
  const entries: StatusEntry[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.length < 4) continue;
    const code = part.slice(0, 2);
    const entry: StatusEntry = { code, path: part.slice(3) };
    if (code[0] === "R" || code[0] === "C") entry.from = parts[++i];
    entries.push(entry);
  }
  return entries;
}

/** Every path a change touches: new paths, and the sources of renames (they disappear). */
export function touchedPaths(entries: readonly StatusEntry[]): string[] {
  const paths = new Set<string>();
  for (const e of entries) {
    paths.add(e.path);
    if (e.from !== undefined && e.code[0] === "R") paths.add(e.from);
  }
  return [...paths].sort();
}

/** Uncommitted changes of a work tree, untracked files listed one by one. Null when git fails. */
export async function workingChanges(dir: string): Promise<StatusEntry[] | null> {
  const result = await git(["status", "--porcelain=v1", "-z", "--untracked-files=all"], dir);
  return result.code === 0 ? parsePorcelainZ(result.stdout) : null;
}

/** A committed change as gates see it. */
export interface CommittedChange {
  path: string;
  status: "added" | "modified" | "deleted" | "renamed";
  oldPath?: string;
}

/** Parses `git diff --name-status -z`: `M\0path\0`, `R100\0old\0new\0`. */
export function parseNameStatusZ(output: string): CommittedChange[] {
  const parts = output.split("\0");
  const changes: CommittedChange[] = [];
  for (let i = 0; i < parts.length - 1; i++) {
    const code = parts[i]!;
    if (!code) continue;
    if (code[0] === "R" || code[0] === "C") {
      const oldPath = parts[++i]!;
      const path = parts[++i]!;
      changes.push(code[0] === "R" ? { path, status: "renamed", oldPath } : { path, status: "added" });
    } else {
      const path = parts[++i]!;
      changes.push({ path, status: code[0] === "A" ? "added" : code[0] === "D" ? "deleted" : "modified" });
    }
  }
  return changes;
}

/** What a commit range changed, renames detected. */
export async function committedChanges(dir: string, from: string, to: string): Promise<CommittedChange[] | null> {
  const result = await git(["diff", "--name-status", "-z", "-M", from, to], dir);
  return result.code === 0 ? parseNameStatusZ(result.stdout) : null;
}

/** Every path a change touches: the changed paths, and the sources of renames (they disappear). */
export function changedPaths(changes: readonly CommittedChange[]): string[] {
  const paths = new Set<string>();
  for (const c of changes) {
    paths.add(c.path);
    if (c.oldPath !== undefined) paths.add(c.oldPath);
  }
  return [...paths].sort();
}

/** Working-tree entries in the shape gates take. */
export function asChanges(entries: readonly StatusEntry[]): CommittedChange[] {
  return entries.map((e) => {
    if (e.from !== undefined && e.code[0] === "R") return { path: e.path, status: "renamed" as const, oldPath: e.from };
    if (e.code === "??" || e.code.includes("A") || e.code[0] === "C") return { path: e.path, status: "added" as const };
    if (e.code.includes("D")) return { path: e.path, status: "deleted" as const };
    return { path: e.path, status: "modified" as const };
  });
}
