import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { errorMessage, isDgovError } from "../errors.ts";
import { branchHead } from "../git/repo.ts";
import { pointWorkTree } from "../git/snapshot.ts";
import { createWorktree, flattenId } from "../git/worktree.ts";
import { copyIncluded } from "../git/worktree-include.ts";
import { log } from "../log.ts";
import type { Unit } from "../plan/types.ts";
import { saveArtifact, startDispatch } from "../store/runtime.ts";
import { commandBackend } from "./backends/command.ts";
import { llmBackend } from "./backends/llm.ts";
import type { WorkerBackend } from "./backends/types.ts";
import type { LiveTask, RunContext } from "./context.ts";
import { portEnv } from "./ports.ts";
import { type LaunchKind, workerPrompt } from "./prompt.ts";
import { caseLawSection } from "./case-law.ts";
import { researchSection } from "./research.ts";
import { reviewerPrompt } from "./review.ts";
import { prepareTree } from "./setup.ts";
import { worktreeShape } from "./sparse.ts";
import { supervise } from "./supervise.ts";

const BACKENDS: Partial<Record<string, WorkerBackend>> = { command: commandBackend, llm: llmBackend };

export interface Launch {
  task: string;
  attempt: number;
  lastError: string | null;
  kind: LaunchKind;
}

/** A launch that cannot go ahead: whether another attempt could fix it. */
class LaunchError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

function pane(id: string): string {
  return `headless-${id}-${crypto.randomUUID().slice(0, 8)}`;
}

/** A fresh worktree at the target head (every dependency has landed there), set up. */
async function freshWorktree(ctx: RunContext, id: string, attempt: number): Promise<LiveTask> {
  const base = await branchHead(ctx.root, ctx.target);
  if (!base) throw new LaunchError(`target branch '${ctx.target}' does not exist`, false);
  const unit = ctx.units.get(id)!;
  const shape = ctx.config.git.sparse ? (unit.role === "worker" ? worktreeShape(unit, ctx.plan, base, ctx.config, ctx.registry) : { full: `${unit.role} tasks read the whole tree` }) : null;
  const cone = shape && "cone" in shape ? shape.cone : null;
  const { path, branch, gitDir, notice } = await createWorktree(ctx.root, id, base, ctx.identity, cone).catch((error: unknown) => {
    // A branch held by a worktree with uncommitted work needs the user: retrying cannot help.
    throw isDgovError(error) && error.code === "E_BRANCH_HELD" ? new LaunchError(`${error.message}. ${error.hint}`, false) : error;
  });
  if (notice) {
    log.warn(`[${id}] ${notice}`);
    ctx.record("worktree_freed", id, { notice });
  }
  if (shape) ctx.record("worktree_shape", id, cone ? { sparse: true, cone } : { sparse: false, reason: (shape as { full: string }).full });
  const live: LiveTask = { worktree: path, branch, gitDir, base, cone, pane: pane(id), attempt, worker: null, abort: new AbortController(), killed: false, writes: new Set(), summary: null, rebase: null, turn: null };
  ctx.live.set(id, live);
  saveArtifact(ctx.store, { plan: ctx.plan, task: id, worktree: path, branch, base_sha: base, pane: live.pane, attempt, pid: null, state: "dispatching" });
  ctx.crashPoint("dispatch:worktree");
  // Ignored files the project lists in .worktreeinclude (.env, local config), before setup runs.
  const included = await copyIncluded(ctx.root, path);
  if (included.length) ctx.record("worktree_included", id, { files: included });
  const result = unit.role === "worker" ? await prepareTree(path, ctx.root, ctx.config, { ...ctx.toolEnv, ...portEnv(ctx.ports.hold(id)) }, ctx.confinement, live.abort.signal) : null;
  if (result) {
    const timeoutS = ctx.config.project.bootstrap_timeout;
    if (result.timedOut) throw new LaunchError(`Worktree preparation timed out after ${timeoutS}s running setup_cmd in ${path}. Fix: update [project].setup_cmd or raise bootstrap_timeout.`, false);
    if (result.code !== 0) {
      throw new LaunchError(`Worktree preparation failed running setup_cmd in ${path} (exit ${result.code}):\n${(result.stdout + result.stderr).slice(-500)}`, false);
    }
  }
  return live;
}

/** Writes the prompt outside the worktree (a file inside would be an unclaimed change). */
function writePrompt(ctx: RunContext, id: string, launch: Launch, text: string): string {
  const dir = join(ctx.root, ".dgov", "out", flattenId(id));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `attempt-${launch.attempt}-${launch.kind}.prompt.md`);
  writeFileSync(file, text);
  return file;
}

/**
 * Before an in-place retry: a rejected settlement may have committed, so un-commit (the next
 * settlement judges the whole change again and lands it as one commit). After a rejection by
 * the candidate's gates, the worktree moves onto the candidate first: the target it was judged
 * on, with the task's change uncommitted on top. Returns the new base when it moved.
 */
async function resetForRetry(ctx: RunContext, live: LiveTask): Promise<string | null> {
  const rebase = live.rebase;
  live.rebase = null;
  try {
    if (rebase) {
      await pointWorkTree(ctx.root, live, rebase.candidate, { files: true }, ctx.identity);
      live.base = rebase.target;
    }
    await pointWorkTree(ctx.root, live, live.base, { files: false }, ctx.identity);
  } catch (error) {
    throw new LaunchError(`resetting the task worktree for the retry failed: ${errorMessage(error)}`, true);
  }
  return rebase ? rebase.target : null;
}

/**
 * What the task asks, as its worker reads it: the compiled prompt (a reviewer's: with its
 * dependencies' diffs), then the ledger's case law on its files and its researchers' reports.
 */
async function taskPrompt(ctx: RunContext, unit: Unit, cone: readonly string[] | null): Promise<string> {
  const base = unit.role === "reviewer" ? await reviewerPrompt(ctx.root, unit, ctx.landedSha) : unit.prompt;
  const researchers = new Set([...ctx.units.values()].filter((u) => u.role === "researcher").map((u) => u.id));
  return [base, caseLawSection(ctx.store, unit), researchSection(ctx.store, ctx.plan, unit, researchers), cone && sparseSection(cone)].filter(Boolean).join("\n\n");
}

/** Tells the worker what a sparse worktree holds, so a file it does not find is not a surprise. */
function sparseSection(cone: readonly string[]): string {
  return `SPARSE WORKTREE: this worktree holds only part of the project: the top-level files, ${cone.map((c) => `\`${c}\``).join(", ") || "nothing else"}, and the files directly in their parent folders. Every file you may change is here; the rest of the project exists but is not checked out.`;
}

/**
 * Starts one worker for a task: a fresh worktree for a dispatch, the existing one for an
 * in-place retry or a fork. Reports `dag_task_dispatched` once it runs (a fork continues an
 * already-running attempt), then hands the worker to supervision.
 */
export async function launch(ctx: RunContext, l: Launch): Promise<void> {
  const unit = ctx.units.get(l.task)!;
  const execution = ctx.executions.get(l.task)!;
  try {
    const backend = BACKENDS[execution.backend];
    if (!backend) throw new LaunchError(`no worker backend for '${execution.backend}' workers in this dgov build`, false);
    let live = ctx.live.get(l.task);
    if (l.kind === "dispatch") live = await freshWorktree(ctx, l.task, l.attempt);
    else if (!live || !existsSync(live.worktree)) throw new LaunchError("the task worktree is gone; a fresh attempt is needed", true);
    else Object.assign(live, { pane: pane(l.task), abort: new AbortController(), killed: false, summary: null });
    const rebasedOnto = l.kind === "retry-in-place" ? await resetForRetry(ctx, live!) : null;
    if (ctx.stopping) return void (await ctx.post({ type: "task_abandoned", task: l.task, reason: "shutdown" }));
    const prompt = workerPrompt({ ...unit, prompt: await taskPrompt(ctx, unit, live!.cone) }, l.kind, l.attempt, l.lastError, rebasedOnto);
    const promptFile = writePrompt(ctx, l.task, l, prompt);
    // A fresh worktree is its base commit: the run's map of that commit, made once per base.
    const repoMap = l.kind === "dispatch" && execution.backend === "llm" ? await ctx.repoMaps.at(live!.base, live!.worktree, live!.cone) : null;
    const worker = backend.launch({
      repoMap,
      unit, plan: ctx.plan, run: ctx.run, attempt: l.attempt, pane: live!.pane, worktree: live!.worktree, root: ctx.root, prompt, promptFile, execution,
      config: ctx.config, env: { ...ctx.toolEnv, ...portEnv(ctx.ports.hold(l.task)) }, priorWrites: [...live!.writes], settlementError: l.kind === "retry-in-place" ? l.lastError : null, confinement: ctx.confinement,
    });
    live!.worker = worker;
    const dispatchId = `${ctx.run}:${l.task}:${l.attempt}:${live!.pane}`;
    startDispatch(ctx.store, { id: dispatchId, run: ctx.run, plan: ctx.plan, task: l.task, attempt: l.attempt, pane: live!.pane, backend: execution.backend, agent: execution.agent, worktree: live!.worktree, base_sha: live!.base });
    saveArtifact(ctx.store, { plan: ctx.plan, task: l.task, worktree: live!.worktree, branch: live!.branch, base_sha: live!.base, pane: live!.pane, attempt: l.attempt, pid: worker.pid, state: "active" });
    if (l.kind !== "fork") await ctx.post({ type: "dag_task_dispatched", task: l.task, pane: live!.pane });
    await supervise(ctx, unit, live!, worker, dispatchId);
  } catch (error) {
    if (ctx.stopping) return void (await ctx.post({ type: "task_abandoned", task: l.task, reason: "shutdown" }));
    // Stopped while it was being set up (a hard budget reached).
    const stopped = ctx.live.get(l.task)?.stopReason;
    if (stopped) return void (await ctx.post({ type: "task_abandoned", task: l.task, reason: stopped }));
    const retryable = error instanceof LaunchError ? error.retryable : true;
    const event = l.kind === "fork" ? "task_failed" : "dispatch_failed";
    if (event === "task_failed") await ctx.post({ type: "task_failed", task: l.task, error: errorMessage(error), kind: "error", retryable });
    else await ctx.post({ type: "dispatch_failed", task: l.task, error: errorMessage(error), retryable });
  }
}
