import { availableParallelism } from "node:os";
import { providerKeyEnvs, type ResolvedConfig } from "../config/resolve.ts";
import { DgovError, errorMessage } from "../errors.ts";
import type { Confinement } from "../exec/confine.ts";
import { scrubbedEnv } from "../exec/env.ts";
import { killAllGroups, watchGroups } from "../exec/exec.ts";
import { allAncestors, branchHead, currentBranch, isAncestor } from "../git/repo.ts";
import { importDeployHistory } from "../git/trailers.ts";
import { useWorktreesDir } from "../git/worktree.ts";
import { createKernel, seedLanded } from "../kernel/init.ts";
import { replay } from "../kernel/reduce.ts";
import type { KernelAction, KernelEvent, KernelState, RunStatus } from "../kernel/types.ts";
import { log } from "../log.ts";
import type { Execution } from "../plan/checks.ts";
import { type CompiledPlan, DEFAULT_MAX_RETRIES, type Unit } from "../plan/types.ts";
import type { Registry } from "../plugin/registry.ts";
import { openStore, type Store } from "../store/db.ts";
import { type DeployRecord, latestByUnit, readDeployLog, verifiedRecords } from "../store/deploy-log.ts";
import { appendEvent, forgetPlan, KERNEL_EVENTS, kernelEventRow, readEvents, toKernelEvent } from "../store/events.ts";
import { forgetGroup, recordGroup } from "../store/processes.ts";
import { claimRun, finishRun } from "../store/runtime.ts";
import { resolveConfinement } from "./confinement.ts";
import type { RunContext } from "./context.ts";
import { launch } from "./dispatch.ts";
import { closure, executions, requireApiKeys } from "./executions.ts";
import { cleanup, kill, verifyLanding } from "./housekeeping.ts";
import { createLoop, type Transition } from "./loop.ts";
import { createMeter } from "./meter.ts";
import { PortLeases } from "./ports.ts";
import { createRepoMaps } from "./repo-maps.ts";
import { killOrphans, removeLeftovers } from "./recover.ts";
import { settle } from "./settle/pipeline.ts";
import { postRun } from "./settle/post-run.ts";
import { sweepScratch } from "../scratch.ts";

export interface RunOptions {
  root: string;
  planDir: string;
  plan: CompiledPlan;
  config: ResolvedConfig;
  registry: Registry;
  maxParallel: number;
  /** `--continue`: retry what ended without merging. */
  resume: boolean;
  /** `--restart`: forget this plan's events first (the deploy log stays). */
  restart: boolean;
  /** `--only`: this task and its dependencies. */
  only?: string;
  /** `--budget-mode soft`: a budget reached only stops new tasks (default hard: running workers stop too). */
  softBudgets?: boolean;
  onTransition?(t: Transition, state: KernelState): void;
  /** Every event the run records, as it is recorded (progress shows gates starting, retries, tool calls). */
  onEvent?(e: RecordedEvent): void;
}

/** An event as the run recorded it. */
export interface RecordedEvent {
  event: string;
  task: string | null;
  data: Record<string, unknown>;
}

export interface RunHandle {
  run: string;
  plan: string;
  /** The branch tasks land on. */
  target: string;
  done: Promise<{ status: RunStatus; state: KernelState }>;
  /** First Ctrl-C: stop dispatching, stop running work, keep the store consistent. */
  stop(): void;
  /** Second Ctrl-C: kill every process group now. */
  forceStop(): void;
}

function crashPoint(name: string): void {
  const spec = process.env.DGOV_CRASH_AT;
  if (spec && spec === name) process.kill(process.pid, "SIGKILL");
}

/**
 * Starts a run of a compiled plan: rebuilds the kernel from the deploy log and the plan's
 * whole event history, then drives it: every event recorded before it is acted on, every
 * effect in the background. Resolves when the kernel completes the run.
 */
export async function startRunner(opts: RunOptions): Promise<RunHandle> {
  const name = opts.plan.meta.name;
  const units = opts.only ? closure(opts.plan.units, opts.only) : opts.plan.units;
  const execs = executions(units, opts.plan, opts.config);
  useWorktreesDir(opts.root, opts.config.git.worktrees_dir);
  const target = opts.config.git.target || (await currentBranch(opts.root));
  if (!target) throw new DgovError({ code: "E_DETACHED", message: "HEAD is detached: dgov needs a branch to land tasks on", hint: "Check out the target branch, or set [git] target in .dgov/project.toml." });
  // What landed elsewhere (a teammate's machine, CI) is in the target's history: the log learns it first.
  await importDeployHistory(opts.root, target);
  const ref = `refs/heads/${target}`;
  const deploys = await verifiedRecords(readDeployLog(opts.root, name).records, (sha) => isAncestor(opts.root, sha, ref), (shas) => allAncestors(opts.root, shas, target));
  for (const d of deploys.dropped) log.warn(`.dgov/plans/deployed.jsonl says ${d.unit} landed as ${d.sha.slice(0, 12) || "(no sha)"}, but ${target} does not contain that commit: the task is not treated as landed`);
  const landedBefore = latestByUnit(deploys.records);
  const toLand = (id: string) => opts.restart || !landedBefore.has(id);
  requireApiKeys(execs, opts.restart ? new Set() : new Set(landedBefore.keys()), opts.config);
  const llm = [...execs].some(([id, e]) => e.backend === "llm" && toLand(id));
  const { confinement, warning } = await resolveConfinement(opts.root, opts.config, { llm });
  const store = openStore(opts.root);
  const run = `${new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15)}-${crypto.randomUUID().slice(0, 6)}`;
  // Checking for another live run of the plan and starting this one are one transaction.
  const other = claimRun(store, { id: run, plan: name, planDir: opts.planDir, pid: process.pid });
  if (other) {
    store.close();
    throw new DgovError({ code: "E_RUNNING", message: `plan '${name}' is already running (pid ${other.pid}, run ${other.id})`, hint: "Wait for it, or stop it first (Ctrl-C in its terminal)." });
  }
  try {
    return await driveRun(opts, { name, units, execs, target, landedBefore, confinement, warning, store, run });
  } catch (error) {
    finishRun(store, run, "error", { error: errorMessage(error) });
    store.close();
    throw error;
  }
}

interface Prepared {
  name: string;
  units: Unit[];
  execs: Map<string, Execution>;
  target: string;
  landedBefore: Map<string, DeployRecord>;
  confinement: Confinement;
  warning: string | null;
  store: Store;
  run: string;
}

/** The run, its slot held: recovery first, then the kernel driven to completion. */
async function driveRun(opts: RunOptions, p: Prepared): Promise<RunHandle> {
  const { name, units, execs, target, landedBefore, confinement, warning, store, run } = p;
  const targetAtStart = await branchHead(opts.root, target);
  if (opts.restart) forgetPlan(store, name);
  killOrphans(store, name);
  const poolOf = (u: Unit) => {
    const e = execs.get(u.id)!;
    return e.backend === "llm" ? { pool: e.provider } : {};
  };
  const specs = units.map((u) => ({ id: u.id, deps: u.dependsOn.filter((d) => units.some((x) => x.id === d)), maxForks: u.maxForkDepth, ...poolOf(u) }));
  const landed = new Map([...landedBefore].filter(([id]) => specs.some((s) => s.id === id)).map(([id, r]) => [id, r.sha]));
  const history = readEvents(store, { plan: name, events: KERNEL_EVENTS }).map(toKernelEvent).filter((e): e is KernelEvent => e !== null);
  const state = seedLanded(replay(createKernel(specs), history), landed);
  await removeLeftovers(store, opts.root, name, state, { name: opts.config.git.name, email: opts.config.git.email });
  // What killed dgov processes (an earlier run, a worker stopped at its timeout) left in the temp folder.
  sweepScratch();
  if (warning) log.warn(warning);
  // Every group this run starts is recorded while it lives (dgov's own short git calls aside):
  // what a killed run leaves running, the next one stops.
  const recorded = new Set<number>();
  watchGroups({
    started: (pid, argv) => {
      if (argv[0] === "git") return;
      recordGroup(store, pid, run);
      recorded.add(pid);
    },
    // Only what was recorded is forgotten: no write to the store for each git call.
    ended: (pid) => recorded.delete(pid) && forgetGroup(store, pid),
  });

  type Outcome = { status: RunStatus; state: KernelState };
  let resolveDone!: (v: Outcome) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<Outcome>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  let ended = false;
  /** Ends the run once: the run record closed, the store closed, then the caller told. */
  const end = (outcome: Outcome | null, error?: unknown) => {
    if (ended) return;
    ended = true;
    try {
      if (outcome) appendEvent(store, { event: "run_completed", plan: name, run, data: { run_status: outcome.status } });
      finishRun(store, run, outcome?.status ?? "error", outcome ? {} : { error: errorMessage(error) });
    } catch {
      // The outcome stands even when it cannot be recorded.
    }
    meter.dispose();
    ctx.ports.freeAll();
    watchGroups(null);
    store.close();
    if (outcome) resolveDone(outcome);
    else rejectDone(error);
  };
  const fatal = (e: unknown) => {
    killAllGroups();
    end(null, e);
  };
  const effects = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    const tracked = p.catch(fatal).finally(() => effects.delete(tracked));
    effects.add(tracked);
  };
  const secrets = providerKeyEnvs(opts.config);
  const record = (event: string, task: string | null, data: Record<string, unknown>, pane?: string) => {
    appendEvent(store, { event, plan: name, task, run, pane: pane ?? null, data });
    opts.onEvent?.({ event, task, data });
  };
  const meter = createMeter({ config: opts.config, maxParallel: opts.maxParallel, post: (e) => loop.post(e), record, hardBudgets: !opts.softBudgets });
  const ctx: RunContext = {
    root: opts.root, plan: name, run, target, targetAtStart, targetChecked: targetAtStart, lineage: new Set(targetAtStart ? [targetAtStart] : []), landedHere: new Set(), identity: { name: opts.config.git.name, email: opts.config.git.email },
    config: opts.config, registry: opts.registry, store, stopping: false, units: new Map(units.map((u) => [u.id, u])),
    executions: execs, live: new Map(), toolEnv: scrubbedEnv(process.env, secrets), confinement,
    post: (event) => loop.post(event),
    record,
    crashPoint,
    landedSha: (task) => loop.state().tasks[task]?.sha ?? null,
    observe: meter,
    repoMaps: createRepoMaps(opts.root, opts.config),
    ports: new PortLeases(opts.config.project.port_base, opts.config.project.port_count),
  };
  const postRunStop = new AbortController();
  /** A complete run's post-run gates, then the end. */
  const finish = async (status: RunStatus) => {
    let final = status;
    if (status === "complete" && !ctx.stopping) {
      try {
        final = await postRun(ctx, postRunStop.signal);
      } catch (error) {
        record("post_run_failed", null, { error: errorMessage(error) });
        final = "degraded";
      }
      if (postRunStop.signal.aborted) final = "interrupted";
    }
    end({ status: final, state: loop.state() });
  };
  const execute = (a: KernelAction) => {
    if (a.type === "dispatch") track(launch(ctx, { task: a.task, attempt: a.attempt, lastError: a.lastError, kind: a.inPlace ? "retry-in-place" : "dispatch" }));
    else if (a.type === "fork") track(launch(ctx, { task: a.task, attempt: loop.state().tasks[a.task]!.attempt, lastError: a.lastError, kind: "fork" }));
    else if (a.type === "settle") track(settle(ctx, a.task));
    else if (a.type === "integrate") ctx.live.get(a.task)?.turn?.();
    else if (a.type === "verify_landing") track(verifyLanding(ctx, a.task, a.sha));
    else if (a.type === "cleanup") track(cleanup(ctx, a.task));
    else if (a.type === "kill") kill(ctx, a.task, a.reason);
    else if (a.type === "complete") void Promise.all(effects).then(() => finish(a.status)).catch(fatal);
  };
  const persist = (e: KernelEvent) =>
    void appendEvent(store, kernelEventRow(e, name, run, e.type === "run_start" ? { tasks: specs, target, plan_dir: opts.planDir } : {}));
  const loop = createLoop({ state, persist, execute, ...(opts.onTransition ? { onTransition: opts.onTransition } : {}) });
  const handle: RunHandle = {
    run,
    plan: name,
    target,
    done,
    stop() {
      if (ctx.stopping) return;
      ctx.stopping = true;
      postRunStop.abort();
      track(loop.post({ type: "shutdown_requested", reason: "signal" }));
    },
    forceStop: () => killAllGroups(),
  };
  record("sandbox", null, { kind: confinement.sandbox?.kind ?? null, mode: opts.config.sandbox.mode, network: confinement.network, ...(warning ? { warning } : {}) });
  const maxRetries = opts.plan.meta.maxRetries ?? DEFAULT_MAX_RETRIES;
  // Settlements' own parts run side by side, as many as there are workers and cores for.
  const settleParallel = Math.max(1, Math.min(opts.maxParallel, availableParallelism()));
  track(loop.post({ type: "run_start", run, maxParallel: opts.maxParallel, maxRetries, mergeOrder: opts.config.project.merge_order, resume: opts.resume, settleParallel }));
  return handle;
}
