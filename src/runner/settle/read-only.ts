import type { Unit } from "../../plan/types.ts";
import { appendDeployRecord, deployTimestamp } from "../../store/deploy-log.ts";
import type { LiveTask, RunContext } from "../context.ts";
import { parseVerdict } from "../review.ts";

/**
 * A read-only task (researcher, reviewer) lands nothing: its result is its summary (a
 * researcher's is recorded as its report). A
 * reviewer's verdict is read (dgov-py only journaled it, B11): a rejection fails the task.
 * Otherwise it is recorded as deployed at the commit it looked at.
 */
export async function settleReadOnly(ctx: RunContext, unit: Unit, live: LiveTask): Promise<void> {
  if (unit.role === "reviewer") {
    const verdict = parseVerdict(live.summary);
    ctx.record("reviewer_verdict", unit.id, { approved: verdict.approved, issues: verdict.issues, ...(verdict.unreadable ? { unreadable: verdict.unreadable } : {}) }, live.pane);
    if (!verdict.approved) {
      const issues = verdict.issues.length ? verdict.issues.map((i) => `- ${i}`).join("\n") : "- (no issues listed)";
      const head = verdict.unreadable ? `the reviewer's verdict is not an approval: ${verdict.unreadable}` : "reviewer rejected the change";
      await ctx.post({ type: "task_merge_failed", task: unit.id, error: `${head}:\n${issues}`, retryable: false, phase: "review" });
      return;
    }
  }
  // A researcher's result is its report: kept for `dgov show` and the prompts of its dependents.
  if (unit.role === "researcher") ctx.record("research_report", unit.id, { report: live.summary ?? "" }, live.pane);
  appendDeployRecord(ctx.root, { plan: ctx.plan, unit: unit.id, sha: live.base, ts: deployTimestamp(Date.now()) });
  await ctx.post({ type: "merge_completed", task: unit.id, sha: live.base });
}
