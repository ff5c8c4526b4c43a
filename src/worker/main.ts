import { onInterrupt } from "../cli/signals.ts";
import type { LoadedConfig } from "../config/load.ts";
import type { ResolvedConfig } from "../config/resolve.ts";
import { type ExitCode, errorMessage } from "../errors.ts";
import { sandboxedEnv, workerSandbox } from "../exec/confine.ts";
import { git } from "../git/run.ts";
import { createToolContext } from "../plugin/context.ts";
import { loadRegistry } from "../plugin/registry.ts";
import { createToolEnv } from "../plugin/tool-env.ts";
import type { ToolSession } from "../plugin/types.ts";
import { killAllGroups, watchGroups } from "../exec/exec.ts";
import { openStore, type Store } from "../store/db.ts";
import { forgetGroup, recordGroup } from "../store/processes.ts";
import { type ChatRequest, createChatClient } from "./client.ts";
import { join } from "node:path";
import type { CompileContext } from "../plan/compile.ts";
import { type LineReader, stdinLines } from "./stdin-lines.ts";
import { learnedRulesText } from "../config/learned-rules.ts";
import type { WorkerEmit } from "./emit.ts";
import { providerFailure } from "./failure.ts";
import { LoopFailure, type LoopOutcome, runAgentLoop } from "./loop.ts";
import { createProtocolWriter } from "./protocol.ts";
import { repoMap } from "./repo-map.ts";
import { withRetries } from "./retry.ts";
import { readWorkerSpec, type WorkerSpec } from "./spec.ts";
import { systemPrompt } from "./system-prompt.ts";
import { toolsForRole } from "./tools.ts";

const DIFF_SUMMARY_CHARS = 2_000;

/** `git diff --stat HEAD`, else `git status --short`, else "No changes." (spec §1.8). */
async function diffSummary(worktree: string): Promise<string> {
  for (const args of [["diff", "--stat", "--no-ext-diff", "HEAD"], ["status", "--short", "--untracked-files=all"]]) {
    const result = await git(args, worktree, { timeoutMs: 10_000 });
    if (result.code !== 0) return `Unavailable: git ${args[0]} exited ${result.code}`;
    const text = result.stdout.trim();
    if (text) return text.length > DIFF_SUMMARY_CHARS ? `${text.slice(0, DIFF_SUMMARY_CHARS)}\n... [diff summary truncated]` : text;
  }
  return "No changes.";
}

/** The project config as this task's tools see it: the task's own test_cmd wins. */
function taskConfig(config: ResolvedConfig, spec: WorkerSpec): ResolvedConfig {
  return spec.test_cmd ? { ...config, project: { ...config.project, test_cmd: spec.test_cmd } } : config;
}

/** Sends a heartbeat, and ends the process if the runner that started it is gone. */
function startHeartbeat(emit: WorkerEmit, everyMs: number, stop: () => void): Timer {
  const parent = process.ppid;
  return setInterval(() => {
    if (process.ppid !== parent) stop();
    else emit({ type: "heartbeat" });
  }, everyMs);
}

/**
 * The config as the run resolved it (in the spec), or, for an agent started by hand, as
 * `.dgov/project.toml` says: only then are the TOML reader and the config schema loaded.
 */
async function configOf(spec: WorkerSpec): Promise<LoadedConfig> {
  if (!spec.config) return (await import("../config/load.ts")).loadConfig(spec.root);
  // The files were read and checked by the runner; only their lines (for messages) are missing here.
  return { root: spec.root, path: join(spec.root, ".dgov", "project.toml"), doc: null, user: { path: "", doc: null }, config: spec.config };
}

async function runSpec(spec: WorkerSpec, apiKey: string, emit: WorkerEmit, abort: AbortController, input: LineReader): Promise<LoopOutcome> {
  const loaded = await configOf(spec);
  // Only the tools: the run checked the gates, and an agent runs none.
  const registry = await loadRegistry(loaded, undefined, { toolsOnly: true });
  // Only a planner compiles: emit_plan is checked by the real compiler, in this process.
  const compile = (): CompileContext => ({ root: spec.root, config: loaded.config, sopDirs: [join(spec.root, ".dgov", "sops"), ...registry.sopDirs], display: (abs) => abs, dryRun: false });
  const planning = spec.role === "planner" ? (await import("./planner-session.ts")).plannerSession(spec.interactive, compile(), emit, input) : null;
  const config = taskConfig(loaded.config, spec);
  // Started by hand (no spec field): decide as a run would; without a sandbox the LLM worker does not
  // start. Loaded only then: deciding can start the network proxy.
  const confinement = spec.confinement ?? (await (await import("../runner/confinement.ts")).resolveConfinement(spec.root, loaded.config, { llm: true })).confinement;
  const tools = createToolEnv(spec.worktree, config);
  try {
    // Only a worker changes its tree: the planner explores the project itself, researchers and
    // reviewers a tree they judge; nothing they run may change it.
    const sandbox = workerSandbox(confinement, spec.worktree, tools.home, { readOnly: spec.role !== "worker" });
    const env = { ...tools.env, ...sandboxedEnv(confinement) };
    // Only the tools that can work here are offered; the prompt names the others and why.
    const table = toolsForRole(registry, spec.role, { config, path: env.PATH ?? "" });
    emit({ type: "tools", role: spec.role, offered: [...table.byName.keys()], withheld: table.withheld });
    const session: ToolSession = new Map<string, unknown>([["writes", new Set(spec.prior_writes)]]);
    const map = spec.repo_map ?? (await repoMap(spec.worktree, config, { maxLines: config.project.worker_tree_max_lines }));
    const system = systemPrompt({
      role: spec.role,
      worktree: spec.worktree,
      config,
      scope: spec.scope,
      repoMap: map,
      budget: spec.budget,
      warnAt: spec.warn_at,
      provider: spec.provider.name,
      tools: new Set(table.byName.keys()),
      withheld: table.withheld,
      learnedRules: learnedRulesText(spec.root),
    });
    const client = createChatClient(spec.provider, apiKey);
    const policy = { maxRetries: spec.provider.max_retries, baseMs: spec.provider.retry_base_s * 1000, maxMs: spec.provider.retry_max_s * 1000 };
    const hooks = {
      onRetry: (r: { status: number | null; attempt: number; delayMs: number; reason: string }) =>
        emit({ type: "retry", status: r.status, attempt: r.attempt, delay_ms: Math.round(r.delayMs), reason: r.reason.slice(0, 500), max_retries: policy.maxRetries }),
      // An abort (the runner stopping this worker) ends a backoff at once.
      sleep: (ms: number, signal?: AbortSignal) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
        }),
      random: Math.random,
      now: Date.now,
    };
    const request = async (req: ChatRequest) => {
      const started = performance.now();
      try {
        const { value, retries } = await withRetries(() => client.complete(req, abort.signal), req, policy, hooks, abort.signal);
        const usage = value.usage ?? { prompt_tokens: 0, completion_tokens: 0 };
        emit({ type: "usage", ...usage, model: spec.model, latency_ms: Math.round(performance.now() - started), retries });
        return value;
      } catch (error) {
        throw providerFailure(error, spec);
      }
    };
    const contextFor = (tool: (typeof registry.tools)[number]) =>
      createToolContext({
        root: spec.root,
        worktree: spec.worktree,
        tag: `${tool.plugin.def.name}/${tool.def.name}`,
        options: tool.options,
        scope: spec.scope,
        config,
        env,
        signal: abort.signal,
        session,
        sandbox,
        ...(planning ? { planner: planning.planner } : {}),
      });
    const outcome = await runAgentLoop(
      { role: spec.role, model: spec.model, budget: spec.budget, warnAt: spec.warn_at, system, goal: spec.goal, contextChars: spec.context_chars },
      { request, table, contextFor, session, emit, diffSummary: () => diffSummary(spec.worktree) },
    );
    const plan = planning?.accepted();
    if (outcome.status === "done" && plan) emit({ type: "plan", plan });
    return outcome;
  } finally {
    tools.dispose();
  }
}

/**
 * stdout as the protocol's sink: every line is handed to the pipe in order, and `flushed()`
 * resolves once the last one has been written, so the process never exits with lines of its
 * report still buffered (a lost `result` could hide a write; a lost `usage` under-counts).
 * Bun's own file sink, not `process.stdout`: that Node stream costs every worker ~10 ms of CPU
 * to build. A runner that went away (EPIPE) loses the rest, as it would with the stream.
 */
function stdoutSink(): { write(line: string): void; flushed(): Promise<void> } {
  const sink = Bun.stdout.writer();
  let last: Promise<unknown> = Promise.resolve();
  return {
    write(line) {
      try {
        sink.write(line);
        last = Promise.resolve(sink.flush()).catch(() => {});
      } catch {
        // The pipe is closed: nobody reads the report any more.
      }
    },
    flushed: async () => void (await last),
  };
}

/**
 * One agent process: reads its spec, runs the loop, and reports on stdout in the worker
 * protocol. Exit 0 when the terminal tool was accepted, 1 when the attempt failed, 2 when
 * the spec itself is unusable. Returns only once every protocol line is written.
 */
export async function runWorker(specFile: string, opts: { keyFromStdin?: boolean } = {}): Promise<ExitCode> {
  const sink = stdoutSink();
  try {
    return await runWith(specFile, opts, createProtocolWriter(sink.write));
  } finally {
    await sink.flushed();
  }
}

async function runWith(specFile: string, opts: { keyFromStdin?: boolean }, emit: WorkerEmit): Promise<ExitCode> {
  const input = stdinLines();
  const stdinKey = opts.keyFromStdin ? ((await input.next()) ?? "").trim() : "";
  let spec: WorkerSpec;
  try {
    spec = readWorkerSpec(specFile);
  } catch (error) {
    emit({ type: "error", kind: "config", message: errorMessage(error), retryable: false });
    return 2;
  }
  const apiKey = stdinKey || process.env[spec.provider.api_key_env]?.trim();
  // Nothing this process starts may inherit the key, whatever environment it is given.
  delete process.env[spec.provider.api_key_env];
  if (!apiKey) {
    emit({ type: "error", kind: "config", message: `${spec.provider.api_key_env} missing for provider '${spec.provider.name}'`, retryable: false });
    return 1;
  }
  const groups = recordGroups(spec);
  const abort = new AbortController();
  const stop = () => {
    killAllGroups("SIGKILL");
    abort.abort();
  };
  onInterrupt({ first: stop, second: stop });
  const heartbeat = startHeartbeat(emit, spec.heartbeat_ms, stop);
  emit({ type: "start", agent: spec.agent, model: spec.model, role: spec.role, provider: spec.provider.name });
  try {
    const outcome = await runSpec(spec, apiKey, emit, abort, input);
    if (outcome.status === "done") {
      emit({ type: "done", summary: outcome.summary });
      return 0;
    }
    emit({ type: "error", kind: outcome.kind, message: outcome.message, retryable: outcome.retryable });
    return 1;
  } catch (error) {
    const failure = error instanceof LoopFailure ? error : new LoopFailure("internal", `worker error: ${errorMessage(error)}`, true);
    emit({ type: "error", kind: failure.kind, message: failure.message, retryable: failure.retryable });
    return 1;
  } finally {
    clearInterval(heartbeat);
    onInterrupt(null);
    groups?.close();
  }
}

/**
 * The tools' process groups, recorded in the project's store under the run while they live:
 * without a sandbox a tool's processes outlive a killed agent, and the next run stops them.
 * The store is opened when the first tool process starts (an agent that runs none never opens it).
 */
function recordGroups(spec: WorkerSpec): { close(): void } | null {
  if (!spec.run) return null;
  // undefined: not opened yet; null: it could not be.
  let store: Store | null | undefined;
  const opened = () => {
    if (store === undefined) {
      try {
        store = openStore(spec.root);
      } catch {
        store = null;
      }
    }
    return store;
  };
  watchGroups({
    started: (pid) => {
      const s = opened();
      if (s) recordGroup(s, pid, spec.run);
    },
    ended: (pid) => store && forgetGroup(store, pid),
  });
  return { close: () => (watchGroups(null), store?.close()) };
}
