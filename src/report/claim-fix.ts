import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileScope } from "../plan/types.ts";
import type { FindingRecord } from "./gate-runs.ts";
import type { Failure } from "./story.ts";

/*
 * A scope rejection's fix, said concretely: which task file to edit, which claim to add each
 * unclaimed path to (files.create for a path the target does not have yet, else files.edit).
 */

const UNCLAIMED = new Set(["scope/unclaimed", "scope/transient-unclaimed"]);

/** The paths a scope finding names (its message ends `: a, b`; its `file` is the first). */
export function findingPaths(f: FindingRecord): string[] {
  const at = f.message.lastIndexOf(": ");
  const listed = at === -1 ? [] : f.message.slice(at + 2).split(", ").map((p) => p.trim()).filter(Boolean);
  return listed.length ? listed : f.file ? [f.file] : [];
}

/** The unclaimed paths of a failure's scope findings. */
export function unclaimedPaths(failure: Failure | null): string[] {
  const findings = failure?.gates.filter((g) => g.gate === "scope").flatMap((g) => g.findings) ?? [];
  return [...new Set(findings.filter((f) => UNCLAIMED.has(f.rule)).flatMap(findingPaths))];
}

/** The task file of a task id: `t/m.slug` is `[tasks.slug]` of `<plan>/t/m.toml`. */
export function taskFile(planDir: string, task: string): string {
  return join(planDir, `${fileScope(task)}.toml`);
}

/** `edit .dgov/plans/p/t/m.toml: add "x.ts" to files.create of [tasks.slug]` — or null when nothing is unclaimed. */
export function claimFix(root: string, planDir: string | null, task: string, failure: Failure | null): string | null {
  const paths = unclaimedPaths(failure);
  if (paths.length === 0) return null;
  const slug = task.slice(task.lastIndexOf(".") + 1);
  const where = planDir ? relative(root, taskFile(planDir, task)) : `the task file of ${task}`;
  const kind = (p: string) => (existsSync(join(root, p)) ? "files.edit" : "files.create");
  const adds = ["files.create", "files.edit"].flatMap((k) => {
    const mine = paths.filter((p) => kind(p) === k);
    return mine.length ? [`add ${mine.map((p) => JSON.stringify(p)).join(", ")} to ${k}`] : [];
  });
  return `edit ${where}: ${adds.join(" and ")} of [tasks.${slug}] (or split the task), then recompile`;
}
