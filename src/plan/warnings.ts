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

function looksLikeTest(path: string, testDir: string): boolean {
  const name = path.split("/").pop() ?? "";
  const dir = normalizeClaim(testDir);
  return (
    (dir !== "" && (path === dir || path.startsWith(`${dir}/`))) ||
    path.split("/").slice(0, -1).some((p) => p === "tests" || p === "test" || p === "__tests__") ||
    name.startsWith("test_") ||
    /_test\.\w+$|\.(test|spec)\.\w+$/.test(name)
  );
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
    out.push(`Prompt is missing section headers: ${missing.join(", ")}. Structured prompts (Orient/Edit/Verify) have higher first-attempt success rates.`);
  }
  const refs = new Set([...unit.prompt.matchAll(PATH_TOKEN)].map((m) => normalizeClaim(m[1]!)));
  for (const path of refs) {
    if (claimed(unit.files, path)) continue;
    out.push(`Prompt references '${path}' but it is not in the file claim. Workers that touch unclaimed files get scope_violation (terminal, no retry). Add to files.edit or files.read if the task needs this file.`);
  }
  const code = config.project.source_extensions;
  const codeWrites = [...unit.files.edit, ...unit.files.touch].filter((p) => hasExtension(p, code));
  if (unit.files.create.length && !unit.files.create.some((p) => hasExtension(p, code)) && codeWrites.length) {
    out.push(`Task only creates non-code files (${unit.files.create.join(", ")}) but also claims code files via edit/touch: ${codeWrites.join(", ")}. This tempts the worker to change code the task does not need; drop those claims or say why in the prompt.`);
  }
  const writes = [...unit.files.create, ...unit.files.edit, ...unit.files.touch];
  if (unit.role === "worker" && !unit.testCmd && writes.some((p) => looksLikeTest(p, config.project.test_dir))) {
    out.push("Task writes test files but has no task-level test_cmd. Settlement will auto-target changed tests from project.toml; add test_cmd when this task needs a specific verification command.");
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
  return [{ unit: null, message: `${files.join(" and ")} ignores .dgov/plans/archive. Automatic archive moves can leave tracked plan deletions without tracked archived source.` }];
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
        ? `setup_cmd references '${file}', which this plan creates. setup_cmd runs before the first worker task. Guard it (e.g. [ -f ${file} ] && …) or create the file in an earlier plan.`
        : `setup_cmd references missing input '${file}'. Worker preparation will fail unless the file exists before the run.`,
    });
  }
  return out;
}
