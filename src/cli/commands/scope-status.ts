import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatScopeReport, type ScopeReport, scopeReport } from "../../../plugins/worker-tools/scope-report.ts";
import { DgovError } from "../../errors.ts";
import { asChanges, workingChanges } from "../../git/status.ts";
import { readCompiled } from "../../plan/compiled-read.ts";
import type { Unit } from "../../plan/types.ts";
import type { Claims } from "../../plugin/types.ts";
import { openStore, storePath } from "../../store/db.ts";
import { latestPaneWrites } from "../../store/transient-writes.ts";
import { didYouMean } from "../../suggest.ts";
import type { Globals } from "../define.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject, type Project, resolvePlanArg } from "../project.ts";

const usage = (message: string, hint?: string) => new DgovError({ code: "E_USAGE", message, ...(hint ? { hint } : {}) });
const many = (value: unknown) => [value].flat().filter((v): v is string => typeof v === "string" && v.trim() !== "");

/** A task of the compiled plan: its exact id, or the unique id ending in `.<task>` or `/<task>`. */
function findUnit(units: Unit[], task: string, plan: string): Unit {
  const exact = units.find((u) => u.id === task);
  if (exact) return exact;
  const suffix = units.filter((u) => u.id.endsWith(`.${task}`) || u.id.endsWith(`/${task}`));
  if (suffix.length === 1) return suffix[0]!;
  const ids = units.map((u) => u.id);
  throw new DgovError({
    code: "E_NOT_FOUND",
    message: `task '${task}' not found in plan '${plan}'${didYouMean(task, ids)}`,
    hint: `tasks: ${ids.join(", ")}`,
  });
}

/** The compiled plan's unit for `--plan` (a name, a directory or its _compiled.toml) and `--task`. */
function planUnit(planArg: string, task: string, globals: Globals, project: Project): { plan: string; unit: Unit } {
  const target = resolvePlanArg(planArg, globals, project.root);
  const file = statSync(target).isDirectory() ? join(target, "_compiled.toml") : target;
  if (!existsSync(file)) {
    throw new DgovError({ code: "E_PLAN", message: `plan '${planArg}' is not compiled`, hint: `dgov compile ${project.display(target)}` });
  }
  const compiled = readCompiled(file, project.display);
  return { plan: compiled.meta.name, unit: findUnit(compiled.units, task, compiled.meta.name) };
}

/** The latest attempt's transient writes, when a store exists (reading never creates one). */
function transientWrites(root: string, plan: string, task: string): string[] {
  if (!existsSync(storePath(root))) return [];
  const store = openStore(root);
  try {
    return latestPaneWrites(store, plan, task).writes;
  } finally {
    store.close();
  }
}

/** The spec's JSON keys (settlement-git §4.3). */
function reportJson(r: ScopeReport): Record<string, unknown> {
  return {
    claimed_writable: r.claimedWritable,
    claimed_readonly: r.claimedReadonly,
    modified_files: r.modified,
    transient_write_paths: r.transient,
    ignored_actual_paths: r.ignoredModified,
    ignored_transient_paths: r.ignoredTransient,
    unclaimed_actual_paths: r.unclaimedModified,
    unclaimed_transient_paths: r.unclaimedTransient,
    path_policy_denied_paths: r.denied,
    path_policy_outside_allow_paths: r.outsideAllowlist,
    blocking_failure: r.blocking && { passed: false, verdict: r.blocking.rule, error: r.blocking.message, hint: r.blocking.hint ?? null },
  };
}

export default defineCommand({
  repeatable: ["claim", "read"],
  args: {
    plan: { type: "string", valueHint: "plan", description: "Take the claims of --task from this compiled plan (a name or directory)" },
    task: { type: "string", valueHint: "id", description: "The task whose claims (with --plan) and transient writes apply" },
    claim: { type: "string", valueHint: "path", description: "A path the change may write (repeat for several)" },
    read: { type: "string", valueHint: "path", description: "A path claimed for reading only (repeat for several)" },
    worktree: { type: "string", valueHint: "dir", description: "Judge this work tree (e.g. a kept task worktree) instead of the project root" },
  },
  details:
    "Settlement's scope check on uncommitted changes: claimed, modified, ignored and unclaimed files,\n" +
    "the project's [scope] allow/deny policy, and (with --plan/--task) the files the task's worker tools\n" +
    "wrote in its latest attempt. Exit 1 when settlement would reject the change.",
  async run({ args, globals }) {
    const claimed = many(args.claim);
    const read = many(args.read);
    if (args.plan !== undefined && (claimed.length || read.length)) throw usage("give --plan and --task, or --claim/--read, not both");
    if (args.plan !== undefined && !args.task) throw usage("--plan needs --task", "e.g. dgov scope status --plan my-plan --task tasks/main.alpha");
    if (args.plan === undefined && claimed.length === 0) {
      throw usage("--plan and --task, or at least one --claim, is required", "e.g. dgov scope status --claim src/a.py --read src/b.py");
    }
    const project = await openProject(globals);
    const dir = args.worktree === undefined ? project.root : resolve(globals.cwd, args.worktree);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw usage(`--worktree: ${dir} is not a directory`);
    const fromPlan = args.plan === undefined ? null : planUnit(args.plan, args.task!, globals, project);
    const claims: Claims = fromPlan?.unit.files ?? { create: [], edit: claimed, delete: [], touch: [], read };
    const status = await workingChanges(dir);
    if (status === null) throw usage(`git status failed in ${project.display(dir)}`, "scope status judges the uncommitted changes of a git work tree");
    const report = scopeReport({
      phase: "review",
      dir,
      task: { id: fromPlan?.unit.id ?? args.task ?? "<task>", plan: fromPlan?.plan ?? "", role: "worker", summary: "", claims, testCmd: null },
      baseSha: "",
      headSha: null,
      targetSha: null,
      changed: asChanges(status),
      transientWrites: fromPlan ? transientWrites(project.root, fromPlan.plan, fromPlan.unit.id) : [],
      config: project.loaded.config,
    });
    if (globals.json) await printJson(reportJson(report));
    else await printText(formatScopeReport(report));
    return report.blocking ? 1 : 0;
  },
});
