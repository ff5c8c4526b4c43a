import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { taskFileNames, type PlanTree } from "./tree.ts";

function tomlFiles(dir: string, recursive: boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".toml"))
    .map((e) => join(e.parentPath, e.name));
}

/**
 * Why a plan tree produced no units: the first applicable cause of spec plans-config §2.1,
 * so the author learns which of the tree's rules their files broke.
 */
export function emptyPlanDiagnostic(tree: PlanTree): string {
  const sections = tree.plan.sections ?? [];
  const rel = (abs: string) => relative(tree.dir, abs);
  const undeclared = readdirSync(tree.dir)
    .filter((name) => name !== "archive" && !sections.includes(name) && statSync(join(tree.dir, name)).isDirectory())
    .filter((name) => taskFileNames(join(tree.dir, name)).length > 0);
  if (undeclared.length) {
    return `Found task TOML files in undeclared section directories: ${undeclared.join(", ")}. Add the section name to _root.toml [plan].sections or move the task file into a declared section.`;
  }
  if (!sections.length) {
    return "_root.toml [plan].sections is empty. Declare at least one section and add a depth-1 TOML file containing [tasks.<slug>].";
  }
  if (tree.files.length) {
    return `Task TOML files were found but no [tasks.<slug>] tables were parsed: ${tree.files.map((f) => f.path).join(", ")}.`;
  }
  const all = sections.flatMap((s) => tomlFiles(join(tree.dir, s), false));
  if (all.length) {
    return `Declared sections contain only ignored TOML files: ${all.map(rel).join(", ")}. Rename a task file without a leading '_' or '.' prefix.`;
  }
  const nested = sections.flatMap((s) => tomlFiles(join(tree.dir, s), true));
  if (nested.length) {
    return `Task TOML files are nested below section directories, but plan trees read only depth-1 files: ${nested.map(rel).join(", ")}.`;
  }
  return `Declared sections contain no task TOML files. Add a depth-1 TOML file containing [tasks.<slug>] to one of: ${sections.join(", ")}.`;
}
