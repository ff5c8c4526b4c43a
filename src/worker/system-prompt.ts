import type { ResolvedConfig } from "../config/resolve.ts";
import type { TaskScope } from "../plugin/types.ts";
import type { WorkerRole } from "./spec.ts";

/*
 * The system prompt of an agent process (spec workers-llm §2.2, §6.1, §6.2): who it is, the
 * project, the task's scope, the tool policy, the repo map, and how to work. The budget is
 * stated in LLM turns, which is what it counts (dgov-py said "tool calls", B14).
 */

export interface PromptInput {
  role: WorkerRole;
  worktree: string;
  config: ResolvedConfig;
  scope: TaskScope | null;
  repoMap: string;
  budget: number;
  warnAt: number;
  provider: string;
  /** Tool names offered to this role, to mention only tools that exist. */
  tools: Set<string>;
  /** The role's tools not offered because they cannot work here, with why. */
  withheld?: { name: string; reason: string }[];
  /** `.dgov/rules/learned.json` as prompt lines ("" when there is none). */
  learnedRules?: string;
}

/** `[tool_policy]` as prompt lines (spec §4.2): stated whenever a flag is on. */
export function policyLines(policy: ResolvedConfig["tool_policy"]): string[] {
  const lines: string[] = [];
  if (policy.restrict_run_bash) lines.push("run_bash is restricted; prefer dedicated worker tools.");
  if (policy.require_wrapped_verify_tools) lines.push("Use run_tests/lint_check/lint_fix/format_file/type_check, not raw shell.");
  if (policy.require_uv_run) lines.push("Python shell commands must use 'uv run'.");
  if (policy.deny_shell_file_mutations) lines.push("Do not mutate repo files via shell commands; use file tools.");
  if (policy.deny_shell_commands.length) lines.push(`Denied shell commands: ${policy.deny_shell_commands.join(", ")}`);
  return lines;
}

function projectSection(input: PromptInput): string {
  const p = input.config.project;
  const out = ["PROJECT:", `- Language: ${p.language}`, `- Source: ${p.src_dir}`, `- Tests: ${p.test_dir}`, `- LLM provider: ${input.provider}`];
  if (p.test_markers.length) out.push(`- Test markers: ${p.test_markers.join(", ")}`);
  const conventions = Object.entries(input.config.conventions);
  if (conventions.length) out.push("", "CONVENTIONS:", ...conventions.map(([k, v]) => `- ${k}: ${v}`));
  const policy = policyLines(input.config.tool_policy);
  if (policy.length) out.push("", "TOOL POLICY:", ...policy.map((l) => `- ${l}`));
  return out.join("\n");
}

/** The TASK SCOPE block; empty when the governor gave no scope. */
export function scopeSection(scope: TaskScope | null): string {
  if (!scope) return "";
  const c = scope.claims;
  const writable = [...new Set([...c.create, ...c.edit, ...c.delete, ...c.touch])];
  const out = ["TASK SCOPE:", `- Task: ${scope.taskId}`];
  out.push(writable.length ? `- Writable paths: ${writable.join(", ")}` : "- Writable paths: (none; read-only task)");
  if (c.delete.length) out.push(`- Delete: ${c.delete.join(", ")}`);
  if (c.read.length) out.push(`- Read-only context: ${c.read.join(", ")}`);
  if (scope.allowFiles.length) out.push(`- Project path allowlist: ${scope.allowFiles.join(", ")}`);
  if (scope.denyFiles.length) out.push(`- Project path denylist: ${scope.denyFiles.join(", ")}`);
  if (scope.verifyTestTargets.length) out.push(`- Verification test targets: ${scope.verifyTestTargets.join(", ")}`);
  if (scope.requireTestVerification) {
    out.push("- Retry completion gate: run_tests() must pass before done.");
    if (scope.requiredVerificationCommand) out.push(`- Settlement failing command: ${scope.requiredVerificationCommand}`);
  }
  out.push(
    "- Every other path is out of scope: settlement rejects changes to unclaimed files.",
    "- If a files.create path already exists, treat it as an in-scope existing file and edit it in place (files.create already exists).",
    "- Before done, run scope_status and check that unclaimed files stayed unchanged.",
  );
  return out.join("\n");
}

const HEADERS: Record<WorkerRole, string> = {
  worker: "[DGOV_WORKER_PROMPT_V2.0.0]\nGreetings, Actuator.",
  researcher: "[DGOV_RESEARCHER_PROMPT_V2.0.0]\nGreetings, Researcher.",
  reviewer: "[DGOV_REVIEWER_PROMPT_V2.0.0]\nGreetings, Reviewer.",
  planner: "[DGOV_PLANNER_PROMPT_V2.0.0]\nGreetings, Planner.",
};

const WAY: Record<WorkerRole, string> = {
  worker: `THE DGOV WAY:
- You are the Implementer. The Governor wrote this task; the Auditor (settlement) judges your result.
- Work autonomously within your scope; do not ask questions.
- Make minimal, surgical diffs that do exactly what the task asks.`,
  researcher: `THE DGOV WAY:
- You are a Researcher: read-only analysis. Editing tools are intentionally unavailable.
- Evidence over hunches; consider more than one hypothesis; keep a tight scope.
- Stop as soon as the core question is answered, with 2-3 decisive evidence points.`,
  reviewer: `THE DGOV WAY:
- You are a Reviewer: read-only. Editing tools are intentionally unavailable.
- Judge the change against the task; cite files and lines as evidence.
- Finish with done whose summary is a JSON verdict: {"approved": true|false, "issues": ["..."]}.`,
  planner: `THE DGOV WAY:
- You are the Architect: the plan you emit is the contract; tasks must be self-contained.
- Read-only: your only output is emit_plan. 1-5 tasks, prefer fewer larger ones; claim exactly the files each task touches.
- Every task prompt has Orient, Edit and Verify steps; commit messages are imperative; depend only on real dependencies.`,
};

function workflow(input: PromptInput): string {
  const terminal = input.role === "planner" ? "emit_plan" : "done";
  const has = (name: string) => input.tools.has(name);
  const orient = ["repo map", "list_dir", "glob", "grep", "ripgrep", "find_references", "file_symbols", "head", "read_file", "related_files", "ast_grep"].filter((t) => t === "repo map" || has(t));
  const out = ["WORKFLOW:", `1. ORIENT: ${orient.join(", ")}.`];
  if (input.withheld?.length) out.unshift(`NOT AVAILABLE HERE (do not try them): ${input.withheld.map((w) => `${w.name} (${w.reason})`).join("; ")}.`, "");
  if (has("edit_file")) {
    out.push("2. EDIT: edit_file for existing files (old_text must match exactly once), write_file only for NEW files, apply_patch for multi-hunk changes, revert_file to start a file over.");
    out.push("3. VERIFY: check_syntax, lint_check or lint_fix, search_tests_for, run_tests on in-scope test files.");
    out.push("4. FINISH: scope_status, git_diff, assert_file_unchanged on files you must not touch, then call done with a summary of changed files and verification results.");
  } else {
    out.push(`2. INVESTIGATE, 3. VERIFY with the narrowest check; do not rerun the same command unless something changed.`);
    out.push(`4. FINISH: call ${terminal}${input.role === "researcher" ? " with a single short paragraph (<= 120 words) for the governor: no headings, bullets or code blocks" : ""}.`);
  }
  return out.join("\n");
}

function budgetSection(input: PromptInput, terminal: string): string {
  return `ITERATION BUDGET:
- You have a healthy budget of ${input.budget} tool calls (LLM turns; several tool calls in one reply cost one turn).
- If you are past call ${input.warnAt} without having verified your work, check in with yourself: verify and finish.
- Do not loop on a failing test more than 3 times; report the blocker via ${terminal} instead.`;
}

const RULES = `ENVIRONMENT:
- Your tools work inside the worktree only; use relative paths. Do not install packages or create virtual environments.
- Shell tools run with a clean environment: no API keys, HOME is a temporary folder, stdin is closed.

SETTLEMENT LAYER (THE AUDITOR):
- After you call done, settlement checks your change: edits outside your claimed files are rejected, then lint, type and test gates run.
- Stay in your lane: record unrelated bugs in your summary instead of fixing them.

DO NOT:
- Debug PATH or virtual environments; use raw shell for what a tool does; run the whole test suite when a target is in scope.
- Modify .git/, .dgov/ or configuration unless the task says so; rewrite whole files; write_file an existing file.
- Finish with an empty diff.

COMMON FAILURES:
- Calling done with no changes; using absolute paths; touching unclaimed files.
- An import removed by an autofixer between edits: add an import and its first use in the same edit.`;

/** The whole system prompt for a role. */
export function systemPrompt(input: PromptInput): string {
  const terminal = input.role === "planner" ? "emit_plan" : "done";
  const sections = [
    `${HEADERS[input.role]}\nYou run in an isolated git worktree at ${input.worktree}.`,
    WAY[input.role],
    input.learnedRules ? `LEARNED RULES:\n${input.learnedRules}` : "",
    projectSection(input),
    scopeSection(input.scope),
    `REPO MAP:\n${input.repoMap || "(empty repository)"}`,
    RULES,
    workflow(input),
    budgetSection(input, terminal),
    `Strictly use tools. Call '${terminal}' when ${input.role === "planner" ? "your plan is ready" : "complete"}.`,
  ];
  return sections.filter(Boolean).join("\n\n");
}
