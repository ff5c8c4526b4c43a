import type { ResolvedConfig } from "../config/resolve.ts";
import { DgovError } from "../errors.ts";
import { dirtyPaths, ensureHead } from "../git/bootstrap.ts";
import { gitTopLevel } from "../git/run.ts";
import { workingChanges } from "../git/status.ts";
import type { KernelState, RunStatus } from "../kernel/types.ts";
import { log } from "../log.ts";
import { compileTree } from "../plan/compile.ts";
import { checkApiKeys } from "../runner/executions.ts";
import { startRunner } from "../runner/run.ts";
import { openStore } from "../store/db.ts";
import { readEvents } from "../store/events.ts";
import { usageOf } from "../store/plan-state.ts";
import { writeFileAtomic } from "../write-file.ts";
import type { Globals } from "./define.ts";
import { columns, printJson, printText } from "./output.ts";
import { createProgress } from "./progress.ts";
import { compileContext, type Project } from "./project.ts";
import { onInterrupt } from "./signals.ts";
import { formatUsage, usageJson } from "./usage.ts";

/** The exit code of a run that ended with this status. */
export const EXIT: Record<RunStatus, 0 | 1 | 130> = { complete: 0, partial: 1, failed: 1, interrupted: 130 };
/** How long a graceful stop may take before the remaining work is killed. */
const STOP_DEADLINE_MS = 30_000;

/** Worktrees branch from the target head: uncommitted files would diverge from what tasks see. */
async function requireClean(root: string, json: boolean): Promise<void> {
  const dirty = dirtyPaths((await workingChanges(root)) ?? []);
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

/** `--max-tokens` / `--max-cost` override `[project] max_tokens` / `max_cost` for this run. */
function withBudgets(config: ResolvedConfig, tokens: string | undefined, cost: string | undefined): ResolvedConfig {
  if (tokens === undefined && cost === undefined) return config;
  const project = { ...config.project };
  if (tokens !== undefined) project.max_tokens = nonNegative("max-tokens", tokens, true);
  if (cost !== undefined) project.max_cost = nonNegative("max-cost", cost, false);
  return { ...config, project };
}

/** The run's LLM usage (its `llm_usage` events), and the landings that kept the user's edits in the checkout. */
function runRecord(root: string, plan: string, run: string) {
  const store = openStore(root);
  try {
    const checkout = readEvents(store, { plan, run, events: ["checkout_not_updated"] }).map((e) => ({ task: e.task, files: e.data.files as string[], command: String(e.data.command ?? "") }));
    return { usage: usageOf(readEvents(store, { plan, run, events: ["llm_usage"] })), checkout };
  } finally {
    store.close();
  }
}

function summarize(state: KernelState, status: RunStatus, usage: ReturnType<typeof usageOf>) {
  const none = { promptTokens: 0, completionTokens: 0, costUsd: null };
  const tasks = state.order.map((id) => {
    const t = state.tasks[id]!;
    return { id, state: t.state, attempts: t.attempt, sha: t.sha, error: t.state === "merged" ? null : t.lastError, usage: usageJson(usage.byTask.get(id) ?? none) };
  });
  const counts: Record<string, number> = {};
  for (const t of tasks) counts[t.state] = (counts[t.state] ?? 0) + 1;
  return { status, halted: state.halted, counts, usage: usageJson(usage.total), tasks };
}

export interface RunPlanOptions {
  continue?: boolean;
  restart?: boolean;
  only?: string;
  maxParallel?: string;
  maxTokens?: string;
  maxCost?: string;
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
    if ((await gitTopLevel(project.root)) === null) {
      throw new DgovError({ code: "E_NOT_GIT", message: "dgov run requires a git repository", hint: "Run `git init` and commit the project first." });
    }
    const compiled = compileTree(dir, compileContext(project, false));
    checkApiKeys({ root: project.root, plan: compiled.plan, config, restart: Boolean(opts.restart), ...(opts.only ? { only: opts.only } : {}) });
    const snapshot = await ensureHead(project.root);
    if (snapshot) log.info(`Created bootstrap commit from current working tree (${snapshot} file(s)).`);
    await requireClean(project.root, globals.json);
    writeFileAtomic(compiled.output, compiled.text);
    for (const w of compiled.warnings) log.warn(w.unit ? `[${w.unit}] ${w.message}` : w.message);
    const progress = createProgress({ stream: Boolean(opts.stream) });
    const started = performance.now();
    const handle = await startRunner({
      root: project.root, planDir: dir, plan: compiled.plan, config, registry: project.registry,
      maxParallel, resume: Boolean(opts.continue), restart: Boolean(opts.restart), ...(opts.only ? { only: opts.only } : {}),
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
    const { usage, checkout } = runRecord(project.root, handle.plan, handle.run);
    const summary = { run: handle.run, plan: handle.plan, duration_s: Math.round(performance.now() - started) / 1000, ...summarize(state, status, usage), checkout };
    if (globals.json) await printJson(summary);
    else {
      const used = formatUsage(usage.total);
      const head = `Run ${summary.run} of plan '${summary.plan}': ${status} in ${summary.duration_s.toFixed(1)}s${used ? ` · ${used}` : ""}`;
      const rows = summary.tasks.map((t) => [
        `  ${t.id}`, t.state, String(t.attempts), formatUsage(usage.byTask.get(t.id) ?? { promptTokens: 0, completionTokens: 0, costUsd: null }), t.sha?.slice(0, 7) ?? (t.error?.split("\n")[0] ?? ""),
      ]);
      const halted = state.halted ? [`halted: ${state.halted}; the remaining tasks were not started (\`dgov run --continue\` resumes)`] : [];
      const kept = checkout.map((c) => `checkout: ${c.task} landed, but your uncommitted edits to ${c.files.join(", ")} were kept as they were; to bring them up to date, keeping your edits: ${c.command}`);
      await printText([head, ...halted, columns([["  task", "state", "attempts", "llm usage", "sha / last error"], ...rows]), ...kept].join("\n"));
    }
  return status;
}
