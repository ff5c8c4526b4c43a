import { thousands } from "../text.ts";
import { relative } from "node:path";
import { formatUsage, usageJson } from "../cli/usage.ts";
import type { PlanReview, ReviewTask } from "./plan-review.ts";
import { failureJson, gateJson, verdictJson } from "./story-json.ts";
import { gateLines } from "./story-lines.ts";

/** `dgov plan review` as text (the layout of dgov-py's debrief) and as JSON. */

const MARK: Record<string, string> = { merged: "✓", failed: "✗", timed_out: "✗", abandoned: "!", interrupted: "!", skipped: "-", pending: "○" };
const ORDER = ["merged", "active", "pending", "failed", "timed_out", "abandoned", "interrupted", "skipped"];
const row = (key: string, value: string) => `    ${key.padEnd(12)} ${value}`;
const more = (lines: string[]) => lines.map((l) => `                 ${l}`);
const secs = (s: number) => `${s.toFixed(1)}s`;

function headLines(r: PlanReview, root: string): string[] {
  const lines = [`Plan: ${r.plan}`, `  source: ${r.source ? relative(root, r.source) || "." : "(the plan's directory is gone)"}`];
  if (r.run) {
    const took = r.run.durationS === null ? "" : ` (${secs(r.run.durationS)})`;
    lines.push(`  last run: ${r.run.id} at ${r.run.startedAt}${took}`, `  run status: ${r.run.live ? "running" : (r.run.status ?? "interrupted (the run never finished)")}`);
  }
  if (r.halted) lines.push(`  halted: ${r.halted} — the remaining tasks were not started`);
  if (r.postRun.length) lines.push("  degraded: the post-run gates found what the run's changes made worse", ...r.postRun.flatMap((g) => gateLines(g, "    ")));
  const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
  const active = (r.counts.active ?? 0) + (r.counts.dispatching ?? 0) + (r.counts.reviewing ?? 0) + (r.counts.settling ?? 0);
  const rest = ORDER.slice(3).filter((s) => r.counts[s]).map((s) => `${r.counts[s]} ${s.replace("_", " ")}`);
  lines.push("", [`Tasks: ${r.counts.merged ?? 0}/${total} merged`, `${active} active`, `${r.counts.pending ?? 0} pending`, ...rest].join(" | "));
  return lines;
}

function failureLines(t: ReviewTask): string[] {
  const f = t.failure;
  if (!f) return [];
  const by = f.gates.map((g) => g.gate).join(", ");
  const lines = [row("rejected", `at ${f.phase}${by ? ` by ${by}` : ""} (attempt ${f.attempt})${by ? "" : `: ${f.error.split("\n")[0]}`}`)];
  for (const g of f.gates) lines.push(...more(gateLines(g, "")));
  return lines;
}

/** One task's block. */
export function taskLines(t: ReviewTask): string[] {
  const lines = [`  ${MARK[t.state] ?? "…"} ${t.id}`, row("state", t.label)];
  if (t.state === "merged" && t.verdict?.unverified) lines.push(row("unverified", t.verdict.unverified));
  if (t.commit || t.sha) lines.push(row("commit", `${t.sha!.slice(0, 8)}${t.commit ? ` — ${t.commit}` : ""}`));
  lines.push(row("attempts", `${t.attempts}${t.launches > t.attempts ? ` (${t.launches} worker launches)` : ""}`));
  if (t.durationS !== null) lines.push(row("duration", secs(t.durationS)));
  if (t.toolCalls) lines.push(row("tool calls", `${t.toolCalls} tool call${t.toolCalls === 1 ? "" : "s"}`));
  if (t.phases.length) lines.push(row("phases", t.phases.map((p) => `${p.phase}=${p.durationS.toFixed(1)}s${p.status === "passed" ? "" : ` (${p.status})`}`).join(", ")));
  const used = formatUsage(t.usage);
  if (used) lines.push(row("tokens", `${thousands(t.usage.promptTokens)} prompt + ${thousands(t.usage.completionTokens)} completion`));
  if (t.note) lines.push(row("worker note", t.note.split("\n")[0]!));
  if (t.error) lines.push(row("error", t.error.split("\n")[0]!));
  lines.push(...failureLines(t));
  if (t.fix) lines.push(row("fix", t.fix));
  if (t.state !== "merged" && t.state !== "pending") lines.push(row("next", `dgov show ${t.id}`));
  if (t.events) lines.push(row("events", ""), ...t.events.flatMap((e) => e.split("\n")).map((l) => `      ${l}`));
  if (t.diff !== undefined) lines.push(row("diff", ""), ...t.diff.replace(/\n$/, "").split("\n").map((l) => `      ${l}`));
  return lines;
}

export function reviewText(r: PlanReview, root: string): string {
  return [...headLines(r, root), ...r.tasks.flatMap((t) => ["", ...taskLines(t)])].map((l) => l.trimEnd()).join("\n");
}

export function reviewJson(r: PlanReview) {
  return {
    plan: r.plan,
    source: r.source,
    run: r.run && { id: r.run.id, started_at: r.run.startedAt, finished_at: r.run.finishedAt, duration_s: r.run.durationS, status: r.run.status, live: r.run.live },
    halted: r.halted,
    post_run: r.postRun.map(gateJson),
    counts: r.counts,
    tasks: r.tasks.map((t) => ({
      id: t.id, state: t.state, label: t.label, attempts: t.attempts, launches: t.launches, duration_s: t.durationS, error: t.error, sha: t.sha, commit: t.commit,
      usage: usageJson(t.usage), tool_calls: t.toolCalls, note: t.note, phases: t.phases.map((p) => ({ phase: p.phase, status: p.status, duration_s: p.durationS })),
      verdict: verdictJson(t.verdict), failure: failureJson(t.failure), fix: t.fix,
      ...(t.diff !== undefined ? { diff: t.diff } : {}), ...(t.events ? { events: t.events } : {}),
    })),
  };
}
