import type { Unit } from "../plan/types.ts";

export type LaunchKind = "dispatch" | "retry-in-place" | "fork";

/**
 * The prompt a worker launch receives (spec core-engine §2.4.1, workers-llm §1.5). Every
 * launch gets the compiled prompt (dgov-py sent its enriched prompt only on retries, B6); a
 * retry carries the previous failure, an in-place retry the settlement's findings, a fork the
 * note that the worktree already holds the previous worker's changes.
 */
export function workerPrompt(unit: Unit, kind: LaunchKind, attempt: number, lastError: string | null, rebasedOnto: string | null = null): string {
  const task = unit.prompt;
  if (kind === "retry-in-place") {
    const where = rebasedOnto
      ? `The target branch moved while you worked, and the verdict is about your change on top of it. This worktree now holds the current target (${rebasedOnto.slice(0, 8)}) with your changes applied, uncommitted.`
      : "Your earlier changes are still in this worktree.";
    return `Your previous attempt was REJECTED by settlement. Fix the issue and call done.

SETTLEMENT VERDICT AND EVIDENCE:
${lastError ?? "(no details)"}

ORIGINAL TASK:
${task}

${where} Before finishing, rerun the failing verification shown in SETTLEMENT VERDICT AND EVIDENCE and make sure it passes.`;
  }
  if (kind === "fork") {
    return `You are continuing a task whose previous worker ran out of iterations. Its changes are already in this worktree: look at them (git diff) and finish the work. Do NOT start from scratch.

WHERE IT STOPPED:
${lastError ?? "(no details)"}

ORIGINAL TASK:
${task}`;
  }
  if (attempt > 1 && lastError) {
    return `PREVIOUS ATTEMPT (${attempt - 1}) FAILED:
${lastError}

Fix the issue described above, then complete the original task.

ORIGINAL TASK:
${task}`;
  }
  return task;
}
