import type { SourceUnit } from "../plan/units.ts";
import type { PlanTableInput } from "../plan/schema.ts";
import { tomlMultiline, tomlString, tomlStringArray } from "../toml/write.ts";
import { slugify } from "../plan/fix-plan.ts";
import { unclaimedPaths } from "./claim-fix.ts";
import { findingLines } from "./findings.ts";
import type { FindingRecord } from "./gate-runs.ts";
import type { PlanReview, ReviewTask } from "./plan-review.ts";
import { gateLines } from "./story-lines.ts";

/*
 * `dgov plan remediate`: a follow-up plan tree from a run's failed, skipped and unverified
 * tasks — each again a task with its claims, its prompt the original one plus what the last
 * run found — and, for a degraded run, one task per group of post-run findings that share a
 * file; laid out as `dgov init-plan` writes plans: `_root.toml` and `<section>/<file>.toml`.
 */

const AGAIN = new Set(["failed", "timed_out", "abandoned", "interrupted", "skipped"]);

/** The tasks of a review that need another go: not landed, or landed with nothing verifying them. */
export function toRemediate(review: PlanReview): ReviewTask[] {
  return review.tasks.filter((t) => AGAIN.has(t.state) || (t.state === "merged" && t.verdict?.unverified));
}

export interface RemediationInput {
  name: string;
  review: PlanReview;
  /** The original plan's `[plan]` table and its units as written (author prompts, claims). */
  plan: PlanTableInput;
  units: readonly SourceUnit[];
  /** Each task's dependencies in the last run (qualified ids). */
  deps: ReadonlyMap<string, readonly string[]>;
  /** Does this repo-relative path exist now? (A path created since is edited, not created.) */
  exists(path: string): boolean;
}

/** What the last run found, for the worker of the follow-up. */
function findings(t: ReviewTask, review: PlanReview): string[] {
  const run = review.run ? `, run ${review.run.id}` : "";
  const lines = ["", `## Remediation: what the last run of this task found (plan '${review.plan}'${run})`];
  if (t.state === "merged") {
    lines.push(`It landed as ${t.sha?.slice(0, 12)}, but no check verified it (${t.verdict?.unverified}).`, "Add or run a test that proves the change works, and make it pass.");
  } else if (t.state === "skipped") {
    lines.push("It was skipped: a task it depends on did not land. That task is part of this plan too.");
  } else lines.push(`It did not land: ${t.label.replace("_", " ")}.`);
  if (t.failure) {
    const by = t.failure.gates.map((g) => g.gate).join(", ");
    lines.push(`Settlement rejected attempt ${t.failure.attempt} at ${t.failure.phase}${by ? ` (${by})` : ""}:`);
    lines.push(...(t.failure.gates.length ? t.failure.gates.flatMap((g) => gateLines(g, "  ")) : t.failure.error.split("\n").map((l) => `  ${l}`)));
  }
  const stray = unclaimedPaths(t.failure);
  if (stray.length) lines.push(`The change also touched files this task does not claim: ${stray.join(", ")}. Leave them unchanged.`);
  if (t.error && !t.failure?.error.startsWith(t.error.split("\n")[0]!)) lines.push(`Last error: ${t.error.split("\n")[0]}`);
  return lines.map((l) => l.trimEnd());
}

/** The dependencies a remediated task keeps: remediated tasks it reaches through landed ones too. */
function keptDeps(id: string, deps: ReadonlyMap<string, readonly string[]>, chosen: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const walk = (from: string) => {
    for (const d of deps.get(from) ?? []) {
      if (seen.has(d)) continue;
      seen.add(d);
      if (chosen.has(d)) out.add(d);
      else walk(d);
    }
  };
  walk(id);
  return [...out].sort();
}

function claimLines(u: SourceUnit, exists: (p: string) => boolean): string[] {
  const f = u.files;
  const create = f.create.filter((p) => !exists(p));
  const edit = [...f.edit, ...f.create.filter(exists)];
  const lines: string[] = [];
  for (const [kind, paths] of [["create", create], ["edit", edit], ["delete", f.delete.filter(exists)], ["touch", f.touch], ["read", f.read]] as const) {
    if (paths.length) lines.push(`files.${kind} = ${tomlStringArray(paths)}`);
  }
  return lines;
}

function taskToml(t: ReviewTask, u: SourceUnit, input: RemediationInput, chosen: ReadonlySet<string>): string {
  const lines = [`[tasks.${u.slug}]`];
  for (const p of unclaimedPaths(t.failure)) lines.push(`# the last attempt also wrote ${p}, which is not claimed: add it to files.create/edit if the task needs it`);
  lines.push(`summary = ${tomlString(u.summary || `Remediate ${u.id}`)}`, `prompt = ${tomlMultiline(`${u.authorPrompt.trimEnd()}\n${findings(t, input.review).join("\n")}\n`)}`);
  if (u.commitMessage) lines.push(`commit_message = ${tomlString(u.commitMessage)}`);
  lines.push(...claimLines(u, input.exists));
  const deps = keptDeps(u.id, input.deps, chosen);
  if (deps.length) lines.push(`depends_on = ${tomlStringArray(deps)}`);
  if (u.role !== "worker") lines.push(`role = ${tomlString(u.role)}`);
  for (const [key, value] of [["agent", u.agent], ["provider", u.provider], ["test_cmd", u.testCmd]] as const) if (value) lines.push(`${key} = ${tomlString(value)}`);
  if (u.timeoutS) lines.push(`timeout_s = ${u.timeoutS}`);
  if (u.iterationBudget) lines.push(`iteration_budget = ${u.iterationBudget}`);
  return lines.join("\n");
}

/** The section of the tasks that fix what the post-run gates found. */
export const POST_RUN_SECTION = "post-run";
const POST_RUN_FILE = "fix";

interface PostRunFix {
  /** The task's id in the follow-up plan. */
  id: string;
  slug: string;
  gate: string;
  findings: FindingRecord[];
  files: string[];
}

/** A finding's files: the one it names and the others it involves. */
const filesOf = (f: FindingRecord) => [...new Set([...(f.file ? [f.file] : []), ...(f.files ?? [])])];

/**
 * The post-run findings of a degraded run as fixes: findings that share a file are one fix
 * (two tasks of a plan may not both claim a file), each claiming every file its findings name.
 * Findings that name no file cannot be claimed and are left to the person.
 */
export function postRunFixes(review: PlanReview, exists: (path: string) => boolean): PostRunFix[] {
  let groups: Omit<PostRunFix, "id" | "slug">[] = [];
  for (const g of review.postRun) {
    for (const f of g.findings) {
      const files = filesOf(f);
      if (!files.length) continue;
      const joined = groups.filter((x) => x.files.some((p) => files.includes(p)));
      const into = { gate: joined[0]?.gate ?? g.gate, findings: [...joined.flatMap((x) => x.findings), f], files: [...new Set([...joined.flatMap((x) => x.files), ...files])] };
      groups = [...groups.filter((x) => !joined.includes(x)), into];
    }
  }
  const slugs = new Set<string>();
  return groups.filter((x) => x.files.some(exists)).map((x) => {
    const base = `fix-${slugify(x.files[0]!, "finding")}`;
    let slug = base;
    for (let n = 2; slugs.has(slug); n++) slug = `${base}-${n}`;
    slugs.add(slug);
    return { ...x, slug, id: `${POST_RUN_SECTION}/${POST_RUN_FILE}.${slug}` };
  });
}

/** The remediated tasks claiming a file of the fix: it runs after them (two parallel tasks may not write one file). */
function fixDeps(fix: PostRunFix, units: readonly SourceUnit[], chosen: ReadonlySet<string>): string[] {
  const writes = (u: SourceUnit) => [...u.files.create, ...u.files.edit, ...u.files.delete, ...u.files.touch];
  return units.filter((u) => chosen.has(u.id) && writes(u).some((p) => fix.files.includes(p))).map((u) => u.id).sort();
}

function postRunToml(fix: PostRunFix, input: RemediationInput, chosen: ReadonlySet<string>): string {
  const { review, exists } = input;
  const run = review.run ? ` (run ${review.run.id})` : "";
  const prompt = [
    "Orient:",
    `The last run of plan '${review.plan}'${run} landed every task, but the post-run checks found what its changes made worse:`,
    ...fix.findings.flatMap((f) => findingLines(f, { indent: "  " }).map((l, i) => (i === 0 ? `-${l.slice(1)}` : l))),
    `Read the claimed files first: ${fix.files.map((p) => `\`${p}\``).join(", ")}.`,
    "Edit:",
    "Fix exactly what is listed above without changing what the code does; leave everything else as it is.",
    "Verify:",
    `Run the project's checks on the claimed files; the check that found it (${fix.gate}) runs again after this plan.`,
  ].join("\n");
  const lines = [`[tasks.${fix.slug}]`, `summary = ${tomlString(`Fix ${fix.findings[0]!.rule}${fix.findings.length > 1 ? ` (+${fix.findings.length - 1} more)` : ""} in ${fix.files[0]}`)}`, `prompt = ${tomlMultiline(`${prompt}\n`)}`];
  const edit = fix.files.filter(exists);
  if (edit.length) lines.push(`files.edit = ${tomlStringArray(edit)}`);
  const deps = fixDeps(fix, input.units, chosen);
  if (deps.length) lines.push(`depends_on = ${tomlStringArray(deps)}`);
  return lines.join("\n");
}

function rootToml(input: RemediationInput, sections: string[], count: number): string {
  const p = input.plan;
  const what = input.review.postRun.length ? "what its last run made worse" : "task(s) its last run did not land or verify";
  const lines = ["[plan]", `name = ${tomlString(input.name)}`, `summary = ${tomlString(`Remediation of plan '${input.review.plan}': ${count} ${what}`)}`, `sections = ${tomlStringArray(sections)}`];
  if (p.default_agent) lines.push(`default_agent = ${tomlString(p.default_agent)}`);
  if (p.default_provider) lines.push(`default_provider = ${tomlString(p.default_provider)}`);
  const retries = p.max_retries ?? p.default_max_retries;
  if (retries !== undefined) lines.push(`max_retries = ${retries}`);
  return `${lines.join("\n")}\n`;
}

/**
 * The follow-up plan's files, relative to its directory; empty when nothing needs remediation.
 * Tasks keep their section, file and slug, so `t/m.add` is `t/m.add` of the new plan.
 */
export function remediationFiles(input: RemediationInput): Record<string, string> {
  const byId = new Map(input.units.map((u) => [u.id, u]));
  const tasks = toRemediate(input.review).filter((t) => byId.has(t.id));
  const fixes = postRunFixes(input.review, input.exists);
  if (tasks.length === 0 && fixes.length === 0) return {};
  const chosen = new Set(tasks.map((t) => t.id));
  const files = new Map<string, string[]>();
  for (const t of tasks) {
    const u = byId.get(t.id)!;
    const path = `${u.file.section}/${u.file.stem}.toml`;
    files.set(path, [...(files.get(path) ?? []), taskToml(t, u, input, chosen)]);
  }
  for (const fix of fixes) {
    const path = `${POST_RUN_SECTION}/${POST_RUN_FILE}.toml`;
    files.set(path, [...(files.get(path) ?? []), postRunToml(fix, input, chosen)]);
  }
  const sections = [...new Set([...tasks.map((t) => byId.get(t.id)!.file.section), ...(fixes.length ? [POST_RUN_SECTION] : [])])];
  return { "_root.toml": rootToml(input, sections, tasks.length + fixes.length), ...Object.fromEntries([...files].map(([p, blocks]) => [p, `${blocks.join("\n\n")}\n`])) };
}
