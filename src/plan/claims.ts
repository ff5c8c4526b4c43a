import type { ProblemList } from "../problems.ts";
import { isDgovState, RESERVED_PATHS } from "../config/ignore.ts";
import type { PlanTree } from "./tree.ts";
import type { Claims, PlanWarning } from "./types.ts";
import { type SourceUnit, unitLocation } from "./units.ts";

const TABLES = new Set(["tasks"]);
const KINDS = ["create", "edit", "delete", "touch", "read"] as const;
type Kind = (typeof KINDS)[number];


/** Pairs of claim kinds that cannot both hold for one path in one task. */
const CONTRADICTIONS: [Kind, Kind, string][] = [
  ["create", "edit", "create means the file does not exist yet, edit that it does"],
  ["create", "delete", "a task cannot both create and delete a file"],
  ["edit", "delete", "a task cannot both edit and delete a file"],
  ["touch", "delete", "a task cannot both touch and delete a file"],
];

/**
 * A claim as compared everywhere: trimmed, a leading `./` removed (only that: `.github/x` stays
 * `.github/x`, unlike dgov-py's character strip), repeated slashes collapsed, no trailing `/`.
 */
export function normalizeClaim(raw: string): string {
  let path = raw.trim().replace(/\/{2,}/g, "/");
  while (path.startsWith("./")) path = path.slice(2);
  return path.replace(/\/+$/, "");
}

/** Does one of `claims` name `path`, or a directory above it? */
export function claimCovers(claims: readonly string[], path: string): boolean {
  return claims.map(normalizeClaim).some((c) => c === path || path.startsWith(`${c}/`));
}

const STATE_PROBLEM = "this is dgov's runtime state; tasks may not write it";

/** Why a claim is not allowed, or null when it is fine. */
export function claimProblem(raw: string): string | null {
  const path = normalizeClaim(raw);
  if (path === "" || path === ".") return "an empty path claims the whole repository; name the files";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "absolute paths are not allowed; claim a path relative to the repository root";
  if (path.includes("\\")) return "use forward slashes in paths";
  const parts = path.split("/");
  if (parts.includes("..")) return "'..' may not leave or walk the repository; claim the path itself";
  if (parts.includes(".")) return "'.' components are not allowed; write the plain path";
  if (parts[0] === ".git") return "paths inside .git/ can never be claimed";
  if (/[*?[\]]/.test(path)) return "globs are not supported in claims; name the files, or a folder to claim everything in it";
  if (isDgovState(path)) return STATE_PROBLEM;
  const reserved = RESERVED_PATHS.find((r) => r === path || r.startsWith(`${path}/`));
  if (reserved) return `this covers '${reserved}', one of the reserved paths settlement owns`;
  return null;
}

/** Normalizes every claim of every unit in place, reporting bad paths and contradictions. */
export function checkClaims(tree: PlanTree, units: SourceUnit[], problems: ProblemList, warnings: PlanWarning[]): void {
  for (const unit of units) {
    const seen = new Map<string, Kind>();
    const byKind = {} as Record<Kind, Set<string>>;
    for (const kind of KINDS) {
      const at = unitLocation(tree, unit, "files");
      byKind[kind] = new Set();
      unit.files[kind].forEach((raw, i) => {
        const problem = claimProblem(raw);
        // Reading what settlement or dgov's runtime owns is harmless: only writes are refused.
        const readOnly = kind === "read" && (problem === STATE_PROBLEM || problem?.startsWith("this covers"));
        if (problem && !readOnly) {
          problems.add(at.file, { path: [...at.path, kind, i], line: at.line, message: `invalid claim '${raw}': ${problem}` }, TABLES);
        }
        if (readOnly && problem === STATE_PROBLEM) warnings.push({ unit: unit.id, message: `files.read lists '${normalizeClaim(raw)}', dgov's runtime state: it changes while dgov runs` });
        const path = normalizeClaim(raw);
        if (byKind[kind].has(path)) warnings.push({ unit: unit.id, message: `files.${kind} lists '${path}' twice` });
        byKind[kind].add(path);
        if (!seen.has(path)) seen.set(path, kind);
      });
      unit.files[kind] = [...byKind[kind]];
    }
    for (const [a, b, why] of CONTRADICTIONS) {
      for (const path of byKind[a]) {
        if (!byKind[b].has(path)) continue;
        const at = unitLocation(tree, unit, "files");
        problems.add(at.file, { path: at.path, line: at.line, message: `'${path}' is in both files.${a} and files.${b}: ${why}` }, TABLES);
      }
    }
  }
}

/** The paths a unit writes, normalized: create, edit, delete, touch. */
export function writesOf(files: Claims): string[] {
  return [...new Set([...files.create, ...files.edit, ...files.delete, ...files.touch].map(normalizeClaim))];
}

/** The tasks that may run at the same time and write one path: each with the path it claims (the path, or a folder above it). */
export interface WriteConflict {
  path: string;
  writers: { id: string; path: string }[];
}

/**
 * Per claimed path, the units that write it or a folder above it and may run at the same time
 * as another of them (neither depends on the other). One entry per path, however many tasks
 * share it (3,000 tasks on one file are one conflict, not 4.5 million pairs).
 */
export function writeConflicts(units: { id: string; files: Claims }[], independent: (a: string, b: string) => boolean): WriteConflict[] {
  const writers = new Map<string, string[]>();
  for (const unit of units) {
    for (const path of writesOf(unit.files)) writers.set(path, [...(writers.get(path) ?? []), unit.id]);
  }
  const out: WriteConflict[] = [];
  for (const path of [...writers.keys()].sort()) {
    const parts = path.split("/");
    const group = new Map<string, string>(writers.get(path)!.map((id) => [id, path]));
    for (let n = parts.length - 1; n > 0; n--) {
      const folder = parts.slice(0, n).join("/");
      for (const id of writers.get(folder) ?? []) if (!group.has(id)) group.set(id, folder);
    }
    const members = [...group].map(([id, claimed]) => ({ id, path: claimed }));
    // Pairs that both claim only a folder above are that folder's own conflict.
    const clash = (u: (typeof members)[number], v: (typeof members)[number]) => u.id !== v.id && (u.path === path || v.path === path) && independent(u.id, v.id);
    const involved = members.filter((u) => members.some((v) => clash(u, v)));
    if (involved.length >= 2) out.push({ path, writers: involved.sort((a, b) => (a.id < b.id ? -1 : 1)) });
  }
  return out;
}
