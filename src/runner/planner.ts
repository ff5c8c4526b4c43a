import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { providerKeyEnvs, type ResolvedConfig } from "../config/resolve.ts";
import { DgovError } from "../errors.ts";
import { spawnStreaming } from "../exec/exec.ts";
import { selfCommand } from "../exec/self.ts";
import { scrubbedEnv } from "../exec/env.ts";
import type { EmittedPlan } from "../plan/emitted.ts";
import type { WorkerMessage } from "../worker/protocol.ts";
import type { WorkerSpec } from "../worker/spec.ts";
import { asWorker } from "./backends/lines.ts";
import { providerSpecOf } from "./backends/llm.ts";
import { resolveConfinement } from "./confinement.ts";

/*
 * A planning session (`dgov plan create`): dgov's agent in the planner role, on the project
 * itself in a read-only sandbox, asked for a plan for the goal. What it emits is checked by the
 * real compiler inside its emit_plan call (errors go back to it); the session fails closed when
 * no plan compiles within MAX_REJECTED_PLANS emissions or the iteration budget.
 */

/** Emitted plans the compiler may refuse before the session gives up. */
export const MAX_REJECTED_PLANS = 3;

export interface PlannerOptions {
  root: string;
  config: ResolvedConfig;
  goal: string;
  provider?: string;
  model?: string;
  /** Answers the planner's questions (a person at a terminal); absent: autonomous. */
  ask?: (question: string) => Promise<string>;
  /** Every message the planner sends, for progress. */
  onMessage?: (m: WorkerMessage) => void;
}

export type PlannerOutcome =
  | { ok: true; plan: EmittedPlan; model: string; provider: string; tokens: number }
  | { ok: false; error: string; rejections: string[]; model: string; provider: string; tokens: number };

/**
 * The provider and model an agent outside a plan's tasks uses (`who`: the planner, a
 * self-review): flags, else the project's defaults; the API key must be set.
 */
export function defaultExecution(config: ResolvedConfig, who: string, provider?: string, model?: string): { provider: string; agent: string; model: string } {
  const name = provider?.trim() || config.project.provider || "";
  if (!name) throw new DgovError({ code: "E_CONFIG", message: `${who} provider is not configured`, hint: "Set [project] provider (with [providers.<name>]) in .dgov/project.toml, or pass --provider.", exitCode: 2 });
  const settings = config.providers[name];
  if (!settings) throw new DgovError({ code: "E_CONFIG", message: `unknown provider '${name}'`, hint: `Define [providers.${name}] in .dgov/project.toml (known: ${Object.keys(config.providers).join(", ") || "none"}).`, exitCode: 2 });
  const agent = model?.trim() || settings.default_agent || config.project.default_agent || "";
  if (!agent) throw new DgovError({ code: "E_CONFIG", message: `${who} model is not configured`, hint: `Set [providers.${name}].default_agent in .dgov/project.toml, or pass --model.`, exitCode: 2 });
  if (!process.env[settings.api_key_env]?.trim()) throw new DgovError({ code: "E_API_KEY", message: `${settings.api_key_env} (provider '${name}') is not set`, hint: `Export ${settings.api_key_env} with the provider's API key.`, exitCode: 2 });
  return { provider: name, agent, model: config.agents[agent] ?? agent };
}

/** The planner's first message: the goal, and what the plan is for. */
function plannerGoal(goal: string): string {
  return `Goal:\n${goal.trim()}\n\nExplore the repository (read-only), then call emit_plan with a plan that achieves the goal. Claim exactly the files each task creates (files.create), changes (files.edit) or only reads (files.read); tasks that touch the same files must depend on one another (depends_on). dgov compiles what you emit: if it reports problems, fix them and emit the whole plan again.`;
}

function spec(opts: PlannerOptions, exec: ReturnType<typeof defaultExecution>, confinement: WorkerSpec["confinement"]): WorkerSpec {
  return {
    version: 1, role: "planner", task: "planner", plan: "(planning)", run: "", attempt: 1, pane: `planner-${crypto.randomUUID().slice(0, 8)}`,
    root: opts.root, worktree: opts.root, goal: plannerGoal(opts.goal), agent: exec.agent, model: exec.model,
    // The planner has no attempt timeout (spec §6.1): a request is bounded by the provider's own.
    provider: providerSpecOf(exec.provider, opts.config.providers[exec.provider]!, Number.POSITIVE_INFINITY),
    budget: opts.config.project.worker_iteration_budget, warn_at: opts.config.project.worker_iteration_warn_at, test_cmd: "", scope: null, prior_writes: [],
    heartbeat_ms: 15_000, context_chars: 400_000, interactive: Boolean(opts.ask), ...(confinement ? { confinement } : {}),
  };
}

/** Runs one planning session to its end. */
export async function runPlanner(opts: PlannerOptions): Promise<PlannerOutcome> {
  const exec = defaultExecution(opts.config, "Planner", opts.provider, opts.model);
  const { confinement } = await resolveConfinement(opts.root, opts.config, { llm: true });
  const dir = join(opts.root, ".dgov", "runtime", "planner");
  mkdirSync(dir, { recursive: true });
  const worker = spec(opts, exec, confinement);
  const file = join(dir, `${worker.pane}.spec.json`);
  writeFileSync(file, JSON.stringify(worker, null, 2));
  const key = process.env[opts.config.providers[exec.provider]!.api_key_env] ?? "";
  const secrets = providerKeyEnvs(opts.config);
  const proc = spawnStreaming([...selfCommand(), "__worker", "--spec", file, "--key-stdin"], { cwd: opts.root, env: scrubbedEnv(process.env, secrets), stdin: `${key}\n`, keepStdin: true });
  const running = asWorker(proc);
  let plan: EmittedPlan | null = null;
  let error: string | null = null;
  const rejections: string[] = [];
  let tokens = 0;
  try {
    for await (const line of running.lines) {
      if (line.kind !== "message") continue;
      const m = line.message;
      opts.onMessage?.(m);
      if (m.type === "plan") plan = m.plan as unknown as EmittedPlan;
      else if (m.type === "error") error ??= m.message;
      else if (m.type === "usage") tokens += m.prompt_tokens + m.completion_tokens;
      else if (m.type === "question") proc.send?.(`${JSON.stringify({ answer: opts.ask ? await opts.ask(m.text) : "" })}\n`);
      else if (m.type === "result" && m.tool === "emit_plan" && m.status === "failed" && rejections.length < MAX_REJECTED_PLANS) {
        // The worker may report one more rejection before SIGTERM reaches it; the limit is what ended it.
        rejections.push(m.output ?? "(no message)");
        if (rejections.length >= MAX_REJECTED_PLANS) {
          error = `the planner emitted ${rejections.length} plans that did not compile`;
          running.kill("SIGTERM");
        }
      }
    }
    await running.exited;
  } finally {
    rmSync(file, { force: true });
  }
  const base = { model: exec.model, provider: exec.provider, tokens };
  if (plan && !error) return { ok: true, plan, ...base };
  return { ok: false, error: error ?? "the planner ended without emitting a plan", rejections, ...base };
}
