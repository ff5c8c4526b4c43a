import { type ChangedFile, defineTool, parseGitStatus, statusChanges, type TaskScope, type ToolContext } from "dgov/plugin";
import * as v from "valibot";
import type { TaskInput } from "../../gates/scope.ts";
import { formatScopeReport, scopeReport } from "./scope-report.ts";

export const STATUS_ARGV = ["git", "--no-pager", "-c", "core.quotepath=false", "status", "--porcelain=v1", "-z", "--untracked-files=all"];

/** The worktree's changes, from `git status --porcelain=v1 -z` output. */
export function parseStatusZ(output: string): ChangedFile[] {
  return statusChanges(parseGitStatus(output));
}

/** The task's writes so far in this worktree, as the worker loop collects them from tool results. */
function sessionWrites(ctx: ToolContext): string[] {
  const writes = ctx.session.get("writes");
  if (writes instanceof Set || Array.isArray(writes)) return [...writes].filter((w): w is string => typeof w === "string");
  return [];
}

/** The settlement scope check's input for the worktree as it is now; the task scope's lists win. */
function gateInput(ctx: ToolContext, scope: TaskScope, changed: ChangedFile[]): TaskInput {
  return {
    phase: "review",
    dir: ctx.worktree,
    task: { id: scope.taskId, plan: "", role: "worker", summary: "", claims: scope.claims, testCmd: null },
    baseSha: "",
    headSha: null,
    targetSha: null,
    changed,
    transientWrites: sessionWrites(ctx),
    config: { ...ctx.config, scope: { ignore_files: scope.ignoreFiles, allow_files: scope.allowFiles, deny_files: scope.denyFiles } },
  };
}

/** scope_status (spec §3.1 #30): would settlement accept the change as it stands? */
export const scopeStatus = defineTool({
  name: "scope_status",
  description:
    "Check the worktree's changes against this task's file claims and the project's scope policy, as settlement will: " +
    "claimed, modified, unclaimed and transiently written files, and what would block the task.",
  args: v.strictObject({}),
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  async run(_args, ctx) {
    const scope = ctx.scope;
    if (!scope) return { ok: false, error: "scope_status() requires task scope from the governor." };
    const status = await ctx.exec(STATUS_ARGV, { timeoutMs: 10_000 });
    if (status.code !== 0 || status.timedOut) {
      const detail = status.timedOut ? "timed out after 10s" : status.stderr.trim();
      return { ok: false, error: `git status failed.${detail ? `\n${detail}` : ""}` };
    }
    const report = scopeReport(gateInput(ctx, scope, parseStatusZ(status.stdout)));
    return { ok: true, output: formatScopeReport(report) };
  },
});
