import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import type { ResolvedConfig } from "../config/resolve.ts";
import { DgovError } from "../errors.ts";
import { dirtyPaths, ensureHead } from "../git/bootstrap.ts";
import { git } from "../git/run.ts";
import { sparseGitProblem } from "../git/sparse.ts";
import { workingChanges } from "../git/status.ts";
import type { KernelState, RunStatus } from "../kernel/types.ts";
import { log } from "../log.ts";
import { compileTree } from "../plan/compile.ts";
import { importWarnings } from "../plan/import-warnings.ts";
import { checkApiKeys } from "../runner/executions.ts";
import { startRunner } from "../runner/run.ts";
import { openStore } from "../store/db.ts";
import { readEvents, type StoredEvent } from "../store/events.ts";
import { type Usage, usageOf } from "../store/plan-state.ts";
import { findingLines } from "../report/findings.ts";
import { blocked, postRunGates, stateLabel, verdicts } from "../report/gate-runs.ts";
import { lastFailure } from "../report/story.ts";
import { type NextStep, nextStepLines, nextSteps } from "../report/next-steps.ts";
import { planArg } from "../report/plan-record.ts";
import { writeFileAtomic } from "../write-file.ts";
import type { Globals } from "./define.ts";
import { columns, printJson, printText } from "./output.ts";
import { notifyRunEnd } from "./notify.ts";
import { afterRun } from "./after-run.ts";
import { createProgress } from "./progress.ts";
import { compileContext, type Project } from "./project.ts";
import { onInterrupt } from "./signals.ts";
import { formatUsage, usageJson } from "./usage.ts";

/** The exit code of a run that ended with this status. */
export const EXIT: Record<RunStatus, 0 | 1 | 130> = { complete: 0, degraded: 0, partial: 1, failed: 1, interrupted: 130 };
/** How long a graceful stop may take before the remaining work is killed. */
const STOP_DEADLINE_MS = 30_000;

/**
 * Worktrees branch from the target head: uncommitted files would diverge from what tasks see.
 * The plan being run is the exception: it is read from here, never from a worktree (a plan just
 * written by hand or by `dgov plan create` runs before it is committed).
 */
async function requireClean(root: string, planDir: string): Promise<void> {
  const own = relative(root, planDir);
  const inPlan = (p: string) => own !== "" && !own.startsWith("..") && (p === own || p.startsWith(`${own}/`));
  const dirty = dirtyPaths((await workingChanges(root)) ?? []).filter((p) => !inPlan(p));
  if (dirty.length === 0) return;
  const shown = dirty.slice(0, 10);
  throw new DgovError({
    code: "E_DIRTY",
    message: `working tree has uncommitted changes (${dirty.length} path${dirty.length === 1 ? "" : "s"}); worktrees branch from HEAD, so they would not see them`,
    details: [...shown, ...(dirty.length > shown.length ? [`… and ${dirty.length - shown.length} more`] : [])],
    hint: "Commit or stash your changes, then retry.",
    exitCode: 2,
  });
}

function nonNegative(flag: string, raw: string, integer: boolean): number {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new DgovError({ code: "E_USAGE", message: `--${flag} must be a ${integer ? "whole number" : "number"} >= 0, got '${raw}'` });
  }
  return value;
}

/** `[git] sparse = true` with a git too old for sparse worktrees is refused before anything is written. */
async function requireSparseGit(root: string): Promise<void> {
  const problem = sparseGitProblem((await git(["--version"], root)).stdout);
  if (problem) throw new DgovError({ code: "E_GIT_VERSION", message: problem, hint: "Upgrade git, or set [git] sparse = false in .dgov/project.toml.", exitCode: 2 });
}

/** `--max-tokens` / `--max-cost` override `[project] max_tokens` / `max_cost` for this run. */
function withBudgets(config: ResolvedConfig, tokens: string | undefined, cost: string | undefined): ResolvedConfig {
  if (tokens === undefined && cost === undefined) return config;
  const project = { ...config.project };
  if (tokens !== undefined) project.max_tokens = nonNegative("max-tokens", tokens, true);
  if (cost !== undefined) project.max_cost = nonNegative("max-cost", cost, false);
  return { ...config, project };
}

/** What the run recorded that its summary shows: LLM usage, verdicts, failing gates, landings that kept the user's edits. */
function runRecord(root: string, plan: string, run: string) {
  const store = openStore(root);
  try {
    const events = readEvents(store, { plan, run, events: [...SUMMARY_EVENTS] });
    const checkout = events.filter((e) => e.event === "checkout_not_updated").map((e) => ({ task: e.task, files: e.data.files as string[], command: String(e.data.command ?? "") }));
    // A task landed by an earlier run keeps the verdict recorded then.
    return { usage: usageOf(events), verdicts: verdicts(readEvents(store, { plan, events: ["task_verdict"] })), events, checkout };
  } finally {
    store.close();
  }
}

const SUMMARY_EVENTS = ["dag_task_dispatching", "llm_usage", "checkout_not_updated", "task_verdict", "settlement_started", "gate_completed", "task_merge_failed", "merge_completed", "post_run_failed"] as const;
const NOT_LANDED = new Set(["failed", "timed_out", "abandoned", "skipped"]);
const none = { promptTokens: 0, completionTokens: 0, costUsd: null };

function summarize(state: KernelState, status: RunStatus, record: ReturnType<typeof runRecord>) {
  const tasks = state.order.map((id) => {
    const t = state.tasks[id]!;
    const merged = t.state === "merged";
    const verdict = merged ? record.verdicts.get(id) : undefined;
    const failure = merged ? [] : (lastFailure(record.events, id)?.gates ?? []);
    const retries = record.events.filter((e) => e.event === "dag_task_dispatching" && e.task === id && e.data.inPlace === true).length;
    return {
      id, state: t.state, attempts: t.attempt, settlement_retries: retries, sha: t.sha, error: merged ? null : t.lastError,
      ...(verdict ? { verified: verdict.verified, unverified: verdict.unverified } : {}),
      ...(failure.length ? { failed_gates: failure.map((r) => ({ gate: r.gate, phase: r.phase, findings: r.findings })) } : {}),
      usage: usageJson(record.usage.byTask.get(id) ?? none),
    };
  });
  const counts: Record<string, number> = {};
  for (const t of tasks) counts[t.state] = (counts[t.state] ?? 0) + 1;
  // A hard budget's stopped workers: the tasks it abandoned, by name.
  const stopped = state.halted ? tasks.filter((t) => t.error?.startsWith("stopped: ")).map((t) => t.id) : [];
  return { status, halted: state.halted, ...(stopped.length ? { stopped } : {}), counts, usage: usageJson(record.usage.total), tasks, ...(status === "degraded" ? { post_run: postRunFailures(record.events) } : {}) };
}

/** What made a run degraded: the post-run gates that blocked, with their findings, or the phase's own error. */
function postRunFailures(events: readonly StoredEvent[]) {
  const gates = postRunGates(events).filter(blocked).map((r) => ({ gate: r.gate, status: r.status, findings: r.findings, ...(r.status === "error" ? { error: r.reason } : {}) }));
  const error = events.findLast((e) => e.event === "post_run_failed")?.data.error;
  return { gates, ...(typeof error === "string" ? { error } : {}) };
}

/** A degraded run's post-run failures as lines. */
function degradedLines(summary: Summary): string[] {
  const post = summary.post_run;
  if (!post) return [];
  return [
    "",
    "degraded: every task landed, but the post-run gates found what the run's changes made worse (nothing was undone):",
    ...(post.error ? [`  the post-run phase failed: ${post.error}`] : []),
    ...post.gates.flatMap((g) => [`  ${g.gate} (post-run) ${g.status === "error" ? `error: ${g.error}` : "failed:"}`, ...g.findings.flatMap((f) => findingLines(f, { maxMessageLines: 15, indent: "    " }))]),
  ];
}

type Summary = ReturnType<typeof summarize> & { run: string; plan: string; duration_s: number; next: NextStep[] };

/** Each task that did not land: its last error, and the findings of the gates that blocked it. */
function failureLines(summary: Summary): string[] {
  return summary.tasks.filter((t) => NOT_LANDED.has(t.state) && (t.error || t.failed_gates)).flatMap((t) => [
    "",
    `${t.id} ${t.state}${t.error ? `: ${t.error.split("\n")[0]}` : ""}`,
    ...(t.failed_gates ?? []).flatMap((g) => [`  ${g.gate} (${g.phase}) failed:`, ...g.findings.flatMap((f) => findingLines(f, { maxMessageLines: 15, indent: "    " }))]),
  ]);
}

function summaryText(summary: Summary, usage: Usage, byTask: Map<string, Usage>, checkout: ReturnType<typeof runRecord>["checkout"]): string {
  const used = formatUsage(usage);
  const head = `Run ${summary.run} of plan '${summary.plan}': ${summary.status} in ${summary.duration_s.toFixed(1)}s${used ? ` · ${used}` : ""}`;
  const rows = summary.tasks.map((t) => [
    `  ${t.id}`, stateLabel(t.state, { unverified: t.unverified ?? null }), `${t.attempts}${t.settlement_retries ? ` (+${t.settlement_retries} after rejection)` : ""}`, formatUsage(byTask.get(t.id) ?? none), t.sha?.slice(0, 7) ?? (t.error?.split("\n")[0] ?? ""),
  ]);
  const stopped = summary.stopped ?? [];
  const halted = summary.halted ? [`halted: ${summary.halted}; the remaining tasks were not started${stopped.length ? `, and the running workers were stopped: ${stopped.join(", ")}` : ""}`] : [];
  const kept = checkout.map((c) => `checkout: ${c.task} landed, but your uncommitted edits to ${c.files.join(", ")} were kept as they were; to bring them up to date, keeping your edits: ${c.command}`);
  const next = nextStepLines(summary.next);
  const reasons = Map.groupBy(summary.tasks.filter((t) => t.unverified), (t) => t.unverified!);
  const why = [...reasons].map(([reason, ts]) => `unverified: ${ts.length === summary.tasks.length ? "every task" : ts.map((t) => t.id).join(", ")} landed with no check that runs the code (${reason})`);
  return [head, ...halted, columns([["  task", "state", "attempts", "llm usage", "sha / last error"], ...rows]), ...why, ...kept, ...failureLines(summary), ...degradedLines(summary), ...(next.length ? ["", ...next] : [])].join("\n");
}

export interface RunPlanOptions {
  continue?: boolean;
  restart?: boolean;
  only?: string;
  maxParallel?: string;
  maxTokens?: string;
  maxCost?: string;
  /** `--budget-mode soft`: a budget reached lets running workers finish. */
  softBudgets?: boolean;
  /** Merged into the `--json` summary (what the command did before the run, e.g. the plan it wrote). */
  jsonExtra?: Record<string, unknown>;
  /** `--stream`: print the workers' tool calls, gate runs and retries as they happen. */
  stream?: boolean;
}

/**
 * Compiles a plan and runs it to the end, printing progress and the summary: what `dgov run`
 * does, and `dgov fix` with a plan it wrote. Returns how the run ended.
 */
export async function runPlan(dir: string, project: Project, opts: RunPlanOptions, globals: Globals): Promise<RunStatus> {
    const maxParallel = opts.maxParallel === undefined ? project.loaded.config.project.max_parallel : Number(opts.maxParallel);
    if (!Number.isInteger(maxParallel) || maxParallel < 1) throw new DgovError({ code: "E_USAGE", message: `--max-parallel must be a positive integer, got '${opts.maxParallel}'` });
    const config = withBudgets(project.loaded.config, opts.maxTokens, opts.maxCost);
    const compiled = compileTree(dir, compileContext(project, false));
    checkApiKeys({ root: project.root, plan: compiled.plan, config, restart: Boolean(opts.restart), ...(opts.only ? { only: opts.only } : {}) });
    if (config.git.sparse) await requireSparseGit(project.root);
    const snapshot = await ensureHead(project.root);
    if (snapshot) log.info(`Created bootstrap commit from current working tree (${snapshot} file(s)).`);
    await requireClean(project.root, dir);
    // Warnings are shown once per compile: a plan compiled as it is now (`dgov compile`, an earlier
    // run) had them shown then, and gets a line saying how many there are.
    const seen = existsSync(compiled.output) && readFileSync(compiled.output, "utf8") === compiled.text;
    writeFileAtomic(compiled.output, compiled.text);
    const warnings = [...compiled.warnings, ...(await importWarnings(project.root, compiled.plan.units))];
    if (!seen) for (const w of warnings) log.warn(w.unit ? `[${w.unit}] ${w.message}` : w.message);
    else if (warnings.length) log.info(`${warnings.length} compile warning${warnings.length === 1 ? "" : "s"}, shown when the plan last changed (\`dgov compile\` shows them again)`);
    const progress = createProgress({ stream: Boolean(opts.stream) });
    const started = performance.now();
    const handle = await startRunner({
      root: project.root, planDir: dir, plan: compiled.plan, config, registry: project.registry,
      maxParallel, resume: Boolean(opts.continue), restart: Boolean(opts.restart), ...(opts.only ? { only: opts.only } : {}), softBudgets: Boolean(opts.softBudgets),
      onTransition: progress.onTransition, onEvent: progress.onEvent,
    });
    let deadline: Timer | undefined;
    const stopped = new Promise<never>((_, reject) => {
      onInterrupt({
        first: () => {
          log.warn("interrupt: stopping (running work is stopped; Ctrl-C again to kill at once)");
          handle.stop();
          deadline = setTimeout(() => {
            handle.forceStop();
            reject(new DgovError({ code: "E_INTERRUPTED", message: `the run did not stop within ${STOP_DEADLINE_MS / 1000}s; its remaining processes were killed`, hint: "`dgov run --continue` resumes it.", exitCode: 130 }));
          }, STOP_DEADLINE_MS);
        },
        second: () => handle.forceStop(),
      });
    });
    const { status, state } = await Promise.race([handle.done, stopped]).finally(() => {
      clearTimeout(deadline);
      onInterrupt(null);
      progress.end();
    });
    const record = runRecord(project.root, handle.plan, handle.run);
    const partial = summarize(state, status, record);
    const failed = partial.tasks.filter((t) => NOT_LANDED.has(t.state)).map((t) => t.id);
    const next = nextSteps({ ref: planArg(project.root, dir, handle.plan), status, halted: state.halted, failed });
    const summary: Summary = { run: handle.run, plan: handle.plan, duration_s: Math.round(performance.now() - started) / 1000, ...partial, next };
    const archived = await afterRun({
      root: project.root, dir, plan: handle.plan, run: handle.run, target: handle.target, identity: { name: config.git.name, email: config.git.email },
      status, durationS: summary.duration_s, halted: state.halted, only: Boolean(opts.only), archive: config.project.archive_completed, tasks: summary.tasks,
      tokens: { prompt: record.usage.total.promptTokens, completion: record.usage.total.completionTokens },
    });
    const full = { ...opts.jsonExtra, ...summary, checkout: record.checkout, ...(archived ? { archived } : {}) };
    if (globals.json) await printJson(full);
    else await printText(summaryText(summary, record.usage.total, record.usage.byTask, record.checkout));
    await notifyRunEnd(project.root, config, { plan: summary.plan, status, counts: summary.counts, duration_s: summary.duration_s }, full);
  return status;
}
