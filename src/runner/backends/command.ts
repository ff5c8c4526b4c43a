import { confine, expandHome, sandboxedEnv } from "../../exec/confine.ts";
import { spawnStreaming } from "../../exec/exec.ts";
import { asWorker } from "./lines.ts";
import type { LaunchSpec, WorkerBackend } from "./types.ts";

/**
 * An external program as the worker (Claude Code, Codex, aider, a script): `[agents.<name>]
 * command`, run in the task worktree with the prompt on stdin and the task in its environment.
 * It runs in the sandbox like everything a worker causes to run: the worktree writable (its
 * `.git` read-only), plus the state the agent names (`writable`), the network `[sandbox]` or the
 * agent allows. Its environment is the runner's without secrets, plus the variables the agent
 * names (`env`: its own API key). Exit 0 means done; anything else is a failed attempt.
 */
export const commandBackend: WorkerBackend = {
  name: "command",
  launch(spec: LaunchSpec) {
    const e = spec.execution;
    if (e.backend !== "command") throw new Error(`commandBackend cannot run ${e.backend} workers`);
    const agent = spec.config.commands[e.agent];
    const passed = Object.fromEntries((agent?.env ?? []).flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]!]])));
    const writable = [spec.worktree, ...(agent?.writable ?? []).map((p) => expandHome(p))];
    const sandbox = confine(spec.confinement, { writable, agentLogins: false, ...(agent?.network ? { network: agent.network } : {}) });
    return asWorker(
      spawnStreaming(e.command, {
        cwd: spec.worktree,
        env: {
          ...spec.env,
          ...sandboxedEnv(spec.confinement),
          ...passed,
          DGOV_TASK: spec.unit.id,
          DGOV_PLAN: spec.plan,
          DGOV_ATTEMPT: String(spec.attempt),
          DGOV_WORKTREE: spec.worktree,
          DGOV_PROMPT_FILE: spec.promptFile,
        },
        stdin: spec.prompt,
        sandbox,
      }),
    );
  },
};
