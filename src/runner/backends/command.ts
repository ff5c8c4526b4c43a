import { spawnStreaming } from "../../exec/exec.ts";
import { asWorker } from "./lines.ts";
import type { LaunchSpec, WorkerBackend } from "./types.ts";

/**
 * An external program as the worker (Claude Code, Codex, aider, a script): `[agents.<name>]
 * command`, run in the task worktree with the prompt on stdin and the task in its environment.
 * It is the user's own tool, so it gets the user's environment (it may need its own API key).
 * Exit 0 means done; anything else is a failed attempt.
 */
export const commandBackend: WorkerBackend = {
  name: "command",
  launch(spec: LaunchSpec) {
    if (spec.execution.backend !== "command") throw new Error(`commandBackend cannot run ${spec.execution.backend} workers`);
    return asWorker(
      spawnStreaming(spec.execution.command, {
        cwd: spec.worktree,
        env: {
          ...process.env,
          DGOV_TASK: spec.unit.id,
          DGOV_PLAN: spec.plan,
          DGOV_ATTEMPT: String(spec.attempt),
          DGOV_WORKTREE: spec.worktree,
          DGOV_PROMPT_FILE: spec.promptFile,
        },
        stdin: spec.prompt,
      }),
    );
  },
};
