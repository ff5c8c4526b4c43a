import { writeFileSync } from "node:fs";
import { DEFAULT_TIMEOUT_S } from "../../plan/types.ts";
import type { ResolvedConfig } from "../../config/resolve.ts";
import type { WorkerSpec } from "../../worker/spec.ts";
import { spawnStreaming } from "../../exec/exec.ts";
import { taskScope } from "../scope.ts";
import { selfCommand } from "../../exec/self.ts";
import { asWorker } from "./lines.ts";
import type { LaunchSpec, WorkerBackend } from "./types.ts";

/** The spec file of one launch: next to its prompt, outside the worktree. */
function specFileOf(promptFile: string): string {
  return promptFile.replace(/\.prompt\.md$/, "") + ".spec.json";
}

/** A provider's settings as the agent process takes them; one request never outlives `maxRequestS`. */
export function providerSpecOf(name: string, p: ResolvedConfig["providers"][string], maxRequestS: number): WorkerSpec["provider"] {
  return {
    name, base_url: p.base_url, api_key_env: p.api_key_env, stream: p.stream, max_retries: p.max_retries,
    retry_base_s: p.retry_base_s, retry_max_s: p.retry_max_s, request_timeout_s: Math.min(p.request_timeout_s, maxRequestS),
  };
}

/** Everything the agent process needs, resolved here once (provider, model alias, scope). */
export function workerSpec(spec: LaunchSpec): WorkerSpec {
  const e = spec.execution;
  if (e.backend !== "llm") throw new Error(`llmBackend cannot run ${e.backend} workers`);
  const provider = spec.config.providers[e.provider]!;
  const p = spec.config.project;
  return {
    version: 1,
    role: spec.unit.role,
    task: spec.unit.id,
    plan: spec.plan,
    run: spec.run,
    attempt: spec.attempt,
    pane: spec.pane,
    root: spec.root,
    worktree: spec.worktree,
    goal: spec.prompt,
    agent: e.agent,
    model: e.model,
    // One request never outlives the attempt.
    provider: providerSpecOf(e.provider, provider, spec.unit.timeoutS ?? DEFAULT_TIMEOUT_S),
    budget: spec.unit.iterationBudget ?? p.worker_iteration_budget,
    warn_at: p.worker_iteration_warn_at,
    test_cmd: spec.unit.testCmd,
    scope: taskScope(spec.unit, spec.config, spec.settlementError),
    prior_writes: spec.priorWrites,
    heartbeat_ms: 15_000,
    context_chars: 400_000,
    interactive: false,
    confinement: spec.confinement,
    config: spec.config,
    ...(spec.repoMap === null ? {} : { repo_map: spec.repoMap }),
  };
}

/**
 * dgov's own agent: this binary re-run as `dgov __worker --spec <file> --key-stdin`, one process
 * (and process group) per attempt. Its environment is the runner's without secrets; the one API
 * key its provider needs arrives on stdin, so it is in no process's environment block
 * (`/proc/<pid>/environ`) and nothing the agent starts inherits it.
 */
export const llmBackend: WorkerBackend = {
  name: "llm",
  launch(spec: LaunchSpec) {
    const worker = workerSpec(spec);
    const file = specFileOf(spec.promptFile);
    writeFileSync(file, JSON.stringify(worker, null, 2));
    return asWorker(
      spawnStreaming([...selfCommand(), "__worker", "--spec", file, "--key-stdin"], {
        cwd: spec.worktree,
        env: spec.env,
        stdin: `${process.env[worker.provider.api_key_env] ?? ""}\n`,
      }),
    );
  },
};
