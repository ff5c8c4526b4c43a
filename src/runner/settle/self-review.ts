import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { errorMessage } from "../../errors.ts";
import { flattenId } from "../../git/worktree.ts";
import type { Execution } from "../../plan/checks.ts";
import { DEFAULT_TIMEOUT_S, type Unit } from "../../plan/types.ts";
import type { Finding } from "../../plugin/types.ts";
import { appendTranscript, type TranscriptKind } from "../../store/transcripts.ts";
import { llmBackend } from "../backends/llm.ts";
import type { LiveTask, RunContext } from "../context.ts";
import { defaultExecution } from "../planner.ts";
import { commitDiff, parseVerdict, type Verdict } from "../review.ts";
import { describeFindings, type GateEnv, type GateRun } from "./gates.ts";

/*
 * `self_review = true`: before the change lands, a reviewer with a clean context (dgov's agent
 * in the reviewer role, read-only) reads the task's prompt, claims, committed diff and gate
 * results, and answers with a strict JSON verdict. Anything but an explicit approval — prose,
 * no answer, a provider error, a timeout — blocks, with the reason recorded (fail closed).
 * Recorded as a gate run (`self-review`), so every report shows it like the other checks.
 */

const gateLine = (r: GateRun) => `- ${r.gate} (${r.phase}): ${r.outcome.status}${r.outcome.status === "skip" ? ` (${r.outcome.reason})` : ""}`;

async function reviewPrompt(ctx: RunContext, unit: Unit, sha: string, runs: readonly GateRun[]): Promise<string> {
  const f = unit.files;
  const claims = (["create", "edit", "delete", "touch", "read"] as const).filter((k) => f[k].length).map((k) => `- ${k}: ${f[k].join(", ")}`);
  const failed = runs.filter((r) => r.outcome.status === "fail").map((r) => ({ gate: r.gate, findings: r.outcome.status === "fail" ? r.outcome.findings : [] }));
  return `You review one change before it lands, with a fresh context. The worker was given the task below; judge whether the change does what it asks, correctly, within its claims, with tests where they belong. Cite files and lines.

TASK ${unit.id}:
${unit.prompt}

CLAIMS:
${claims.join("\n") || "(none)"}

THE CHANGE (${sha.slice(0, 8)}):
\`\`\`diff
${await commitDiff(ctx.root, sha)}
\`\`\`

CHECKS THAT RAN:
${runs.map(gateLine).join("\n") || "(none)"}${failed.length ? `\n${describeFindings(failed)}` : ""}

Finish by calling done with summary set to a JSON verdict and nothing else:
{"approved": true, "issues": []}   or   {"approved": false, "issues": ["<file>:<line>: <problem>", "..."]}`;
}

/** The execution of the reviewer: the task's own model when it is dgov's agent, else the project's provider. */
function reviewerExecution(ctx: RunContext, unit: Unit): Execution {
  const own = ctx.executions.get(unit.id);
  if (own?.backend === "llm") return own;
  return { backend: "llm", ...defaultExecution(ctx.config, "Self-review") };
}

/** An issue `file:line: problem` as a finding that points there. */
function finding(text: string, unreadable: string | undefined): Finding {
  const at = /^([^\s:]+):(\d+):\s*(.+)$/s.exec(text);
  const hint = unreadable ? `The review is not an approval: ${unreadable}.` : "Address the reviewer's finding, then call done.";
  return at ? { rule: "self-review/issue", file: at[1]!, line: Number(at[2]), message: at[3]!, hint } : { rule: unreadable ? "self-review/unreadable" : "self-review/issue", message: text, hint };
}

/** Runs the reviewer to its end; every failure to give a verdict is a rejection with its reason. */
async function review(ctx: RunContext, unit: Unit, live: LiveTask, prompt: string): Promise<Verdict> {
  const pane = `${live.pane}-review`;
  const dir = join(ctx.root, ".dgov", "out", flattenId(unit.id));
  mkdirSync(dir, { recursive: true });
  const promptFile = join(dir, `attempt-${live.attempt}-self-review.prompt.md`);
  writeFileSync(promptFile, prompt);
  let worker: ReturnType<typeof llmBackend.launch>;
  try {
    worker = llmBackend.launch({
      unit: { ...unit, role: "reviewer", prompt }, plan: ctx.plan, run: ctx.run, attempt: live.attempt, pane, worktree: live.worktree, root: ctx.root, prompt, promptFile,
      execution: reviewerExecution(ctx, unit), config: ctx.config, env: ctx.toolEnv, priorWrites: [], settlementError: null, confinement: ctx.confinement, repoMap: null,
    });
  } catch (error) {
    return { approved: false, issues: ["(no review)"], unreadable: `the reviewer could not start: ${errorMessage(error)}` };
  }
  const limitS = unit.timeoutS ?? DEFAULT_TIMEOUT_S;
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), worker.kill("SIGKILL")), limitS * 1000);
  const stop = () => worker.kill("SIGKILL");
  live.abort.signal.addEventListener("abort", stop, { once: true });
  let summary: string | null = null;
  let failure: string | null = null;
  for await (const line of worker.lines) {
    if (line.kind !== "message") continue;
    const { type, seq: _, ts: __, ...data } = line.message;
    if (type === "done") summary = line.message.summary;
    if (type === "error") failure = line.message.message;
    if (type !== "heartbeat" && type !== "usage" && type !== "start" && type !== "tools") appendTranscript(ctx.store, { plan: ctx.plan, task: unit.id, attempt: live.attempt, run: ctx.run, pane, kind: type as TranscriptKind, data });
  }
  await worker.exited;
  clearTimeout(timer);
  live.abort.signal.removeEventListener("abort", stop);
  if (timedOut) return { approved: false, issues: ["(no review)"], unreadable: `the reviewer timed out after ${limitS}s` };
  if (failure !== null) return { approved: false, issues: ["(no review)"], unreadable: `the reviewer failed: ${failure.split("\n")[0]}` };
  return parseVerdict(summary);
}

/** The self-review of a committed change: null when approved, else the rejection's text for the worker. */
export async function selfReview(ctx: RunContext, unit: Unit, live: LiveTask, sha: string, runs: readonly GateRun[], env: GateEnv): Promise<string | null> {
  env.starting?.("self-review", "isolated");
  const started = performance.now();
  const verdict = await review(ctx, unit, live, await reviewPrompt(ctx, unit, sha, runs));
  const findings = verdict.approved ? [] : verdict.issues.map((i) => finding(i, verdict.unreadable));
  env.record({
    gate: "self-review", plugin: "dgov", phase: "isolated", level: "block", commands: [], durationMs: performance.now() - started,
    outcome: verdict.approved ? { status: "pass", details: { issues: verdict.issues } } : { status: "fail", findings, ...(verdict.unreadable ? { details: { unreadable: verdict.unreadable } } : {}) },
  });
  if (verdict.approved) return null;
  return `settlement rejected at self-review: ${verdict.unreadable ?? "the reviewer rejected the change"}\n${describeFindings([{ gate: "self-review", findings }])}`;
}
