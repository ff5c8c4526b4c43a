import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedConfig } from "../config/resolve.ts";
import { normalizeClaim } from "./claims.ts";
import type { Claims, PlanWarning, TaskRole } from "./types.ts";

/*
 * Advice that never blocks a compile (spec plans-config §2.2 "Warnings"). Every check reads
 * the author's own prompt, before SOP blocks are prepended: dgov-py ran the structure check on
 * the bundled prompt, whose SOP text contains `Verify:` and silenced the warning.
 */

export interface WarnableUnit {
  id: string;
  role: TaskRole;
  testCmd: string;
  prompt: string;
  files: Claims;
}

const HEADING = /^\s*(?:#{1,6}\s*(orient|edit|verify)\b|\*\*\s*(orient|edit|verify)\s*:?\s*\*\*|(orient|edit|verify)\s*(?::|$))/i;

/** Orient/Edit/Verify sections (headings, bold, or `Name:` lines); prose such as "Edit the file" does not count. */
export function missingSections(unit: WarnableUnit): string[] {
  const found = new Set<string>();
  for (const line of unit.prompt.split("\n")) {
    const m = HEADING.exec(line);
    if (m) found.add((m[1] ?? m[2] ?? m[3])!.toLowerCase());
  }
  const needed = unit.role === "worker" ? ["orient", "edit", ...(unit.testCmd ? [] : ["verify"])] : ["orient"];
  return needed.filter((s) => !found.has(s)).map((s) => s[0]!.toUpperCase() + s.slice(1));
}

const PATH_TOKEN = /(?<![\w./-])((?:[\w.-]+\/)+[\w.-]+\.(?:py|pyi|toml|json|ya?ml|md|txt|cfg|ini|sh|ts|tsx|js|jsx|mjs|cjs|go|rs|swift|java|rb))(?![\w/])/g;

function claimed(files: Claims, path: string): boolean {
  const all = [...files.create, ...files.edit, ...files.delete, ...files.touch, ...files.read].map(normalizeClaim);
  return all.some((c) => c === path || path.startsWith(`${c}/`));
}

function hasExtension(path: string, exts: string[]): boolean {
  return exts.some((ext) => path.endsWith(ext));
}

/** Warnings about one unit's prompt and claims. */
export function unitWarnings(unit: WarnableUnit, config: ResolvedConfig): string[] {
  const out: string[] = [];
  // A reviewer without a prompt gets the generated review prompt at run time.
  const missing = unit.role === "reviewer" && !unit.prompt.trim() ? [] : missingSections(unit);
  if (missing.length) {
    out.push(`prompt has no ${missing.join(", ")} section (structured Orient/Edit/Verify prompts land more often)`);
  }
  const refs = new Set([...unit.prompt.matchAll(PATH_TOKEN)].map((m) => normalizeClaim(m[1]!)));
  for (const path of refs) {
    if (claimed(unit.files, path)) continue;
    out.push(`prompt names '${path}', which no claim covers: add it to files.edit or files.read (a write outside the claims is rejected)`);
  }
  const code = config.project.source_extensions;
  const codeWrites = [...unit.files.edit, ...unit.files.touch].filter((p) => hasExtension(p, code));
  if (unit.files.create.length && !unit.files.create.some((p) => hasExtension(p, code)) && codeWrites.length) {
    out.push(`creates only non-code files (${unit.files.create.join(", ")}) yet claims code (${codeWrites.join(", ")}): drop those claims, or say in the prompt why they change`);
  }
  return out;
}

const GLOB = /[*?[]/;

/**
 * Claims against the tree the plan starts from: a file to create that is there already, a file
 * to edit that is not there and that no task it depends on (directly or not) creates.
 */
export function treeClaimWarnings(root: string, units: readonly { id: string; files: Claims }[], deps: ReadonlyMap<string, readonly string[]>): PlanWarning[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const upstream = (id: string, seen = new Set<string>()): Set<string> => {
    for (const dep of deps.get(id) ?? []) if (!seen.has(dep)) (seen.add(dep), upstream(dep, seen));
    return seen;
  };
  const out: PlanWarning[] = [];
  for (const unit of units) {
    const exists = (path: string) => existsSync(join(root, path));
    for (const path of unit.files.create.map(normalizeClaim)) {
      if (!GLOB.test(path) && exists(path)) out.push({ unit: unit.id, message: `files.create lists '${path}', which exists already: claim it as files.edit` });
    }
    const made = new Set([...upstream(unit.id)].flatMap((dep) => [...(byId.get(dep)?.files.create ?? []), ...(byId.get(dep)?.files.touch ?? [])].map(normalizeClaim)));
    for (const path of unit.files.edit.map(normalizeClaim)) {
      if (GLOB.test(path) || exists(path) || [...made].some((m) => m === path || path.startsWith(`${m}/`))) continue;
      out.push({ unit: unit.id, message: `files.edit lists '${path}', which does not exist and no task it depends on creates: claim it as files.create, or depend on the task that creates it` });
    }
  }
  return out;
}

/** `.dgov/plans/archive/` must stay tracked: archived plan sources are history (spec §2.2). */
export function archiveIgnoreWarnings(root: string): PlanWarning[] {
  const files = [".dgov/.gitignore", ".gitignore"].filter((f) => {
    const abs = join(root, f);
    if (!existsSync(abs)) return false;
    const lines = readFileSync(abs, "utf8").split("\n").map((l) => l.trim());
    const prefix = f === ".gitignore" ? [".dgov/plans/archive/", "/.dgov/plans/archive/"] : ["plans/archive/", "/plans/archive/"];
    return lines.some((l) => prefix.includes(l));
  });
  if (!files.length) return [];
  return [{ unit: null, message: `${files.join(" and ")} ignores .dgov/plans/archive: archived plans would be deleted from git, not kept; remove that line` }];
}

/**
 * Files `setup_cmd` names that do not exist yet: preparing a worktree would fail, or would
 * depend on a task of this plan creating them first.
 */
export function setupWarnings(root: string, setupCmd: string | null, created: Set<string>): PlanWarning[] {
  if (!setupCmd) return [];
  const out: PlanWarning[] = [];
  for (const m of setupCmd.matchAll(/(?<![\w/.-])([\w.-]+\.(?:ya?ml|json|toml|xcodeproj|xcworkspace))(?![\w/])/g)) {
    const file = m[1]!;
    const guarded = new RegExp(`(\\[|test)\\s+-f\\s+["']?${file.replace(/[.]/g, "\\.")}`).test(setupCmd);
    if (guarded || existsSync(join(root, file))) continue;
    out.push({
      unit: null,
      message: created.has(file)
        ? `setup_cmd needs '${file}', which this plan only creates later: guard it ([ -f ${file} ] && …) or create it in an earlier plan`
        : `setup_cmd needs '${file}', which does not exist: preparing a worktree will fail until it does`,
    });
  }
  return out;
}
