import { thousands } from "../text.ts";
import { formatUsage } from "../cli/usage.ts";
import { shellLine } from "../verify/steps.ts";
import { gateRunLines } from "./findings.ts";
import { blocked, type CommandRecord, type GateRunRecord } from "./gate-runs.ts";
import { type LaunchRecord, type SettlementRecord, workerSeconds } from "./story.ts";
import type { TaskShow } from "./task-show.ts";

/*
 * `dgov show` as text: the task's headline facts, then each launch of a worker with how it
 * ended and the settlement that judged it, every gate with its commands and findings in full.
 */

const KIND: Record<LaunchRecord["kind"], string> = { dispatch: "dispatch", retry: "retry in place", fork: "fork (fresh context)" };
const secs = (s: number) => `${s < 10 ? s.toFixed(2) : s.toFixed(1)}s`;
const row = (key: string, value: string, indent = "  ") => `${indent}${key.padEnd(11)} ${value}`;

/** How a command reads: `sh -c <line>` as the line itself. */
export function commandLine(argv: readonly string[]): string {
  return argv.length === 3 && argv[1] === "-c" && /(^|\/)(ba)?sh$/.test(argv[0]!) ? argv[2]! : shellLine(argv);
}

function commandRow(c: CommandRecord, indent: string): string {
  const end = c.timedOut ? "timed out" : `exit ${c.code}`;
  return `${indent}$ ${commandLine(c.argv)}  (${end}, ${secs(c.durationMs / 1000)})`;
}

/** A gate run: headline, the commands it ran, its findings with every message line. */
export function gateLines(r: GateRunRecord, indent: string): string[] {
  const [head, ...findings] = gateRunLines(r, { indent: `${indent}  ` });
  return [`${indent}${head}`, ...r.commands.map((c) => commandRow(c, `${indent}  `)), ...findings];
}

function workerLine(l: LaunchRecord): string {
  const took = workerSeconds(l);
  const tools = l.toolCalls ? ` · ${l.toolCalls} tool call${l.toolCalls === 1 ? "" : "s"}` : "";
  if (!l.end) return row("worker", `running${tools}`);
  const how = { done: "done", failed: "failed", timed_out: "timed out", exhausted: "ran out of iterations", dispatch_failed: "could not start", abandoned: "abandoned" }[l.end.status];
  const why = l.end.status === "done" ? (l.summary ? `: ${JSON.stringify(l.summary)}` : "") : l.end.error ? `: ${l.end.error.split("\n")[0]}` : "";
  return row("worker", `${how}${took === null ? "" : ` in ${secs(took)}`}${tools}${why}`);
}

function outcomeLine(s: SettlementRecord): string {
  const o = s.outcome;
  if (!o) return row("outcome", "settlement did not finish (interrupted)");
  if (o.status === "merged") return row("outcome", `merged as ${o.sha.slice(0, 12)}`);
  if (o.status === "abandoned") return row("outcome", `abandoned: ${o.reason}`);
  const by = [...new Set(s.gates.filter(blocked).map((g) => g.gate))].join(", ");
  const why = by ? ` by ${by}` : `: ${o.error.split("\n")[0]}`;
  return row("outcome", `rejected at ${o.phase}${why}${o.retryable ? "" : " (not retried: another try in place would not change it)"}`);
}

function settlementLines(s: SettlementRecord): string[] {
  const phases = s.phases.map((p) => `${p.phase} ${p.status} ${secs(p.durationS)}`).join(" · ");
  return [row("settlement", phases || "started"), "  gates", ...s.gates.flatMap((g) => gateLines(g, "    ")), outcomeLine(s)];
}

/** One launch: its headline, its worker, its settlement. */
export function launchLines(l: LaunchRecord): string[] {
  const head = `attempt ${l.attempt} · ${KIND[l.kind]} · ${l.startedAt.replace("T", " ").slice(0, 19)}${l.run ? ` · run ${l.run}` : ""}`;
  const lines = [head, workerLine(l)];
  for (const e of l.errors) if (!l.end?.error?.startsWith(e.message)) lines.push(row("error", `${e.kind}: ${e.message}`));
  if (l.settlement) lines.push(...settlementLines(l.settlement));
  return lines;
}

function headLines(s: TaskShow): string[] {
  const lines = [`${s.task} — plan ${s.plan}`, row("state", s.label), ...(s.verdict?.unverified && s.state === "merged" ? [row("unverified", s.verdict.unverified)] : []), row("attempts", String(s.attempts))];
  if (s.durationS !== null) lines.push(row("duration", secs(s.durationS)));
  if (s.sha) lines.push(row("landed", s.sha));
  const used = formatUsage(s.usage);
  if (used) lines.push(row("tokens", `${used} (${thousands(s.usage.promptTokens)} prompt + ${thousands(s.usage.completionTokens)} completion)`));
  if (s.error) lines.push(row("error", s.error.split("\n")[0]!));
  const w = s.worktree;
  if (w) lines.push(row("worktree", `${w.exists ? w.path : `${w.path} (gone)`} · branch ${w.branch} · base ${w.base.slice(0, 12)}`));
  return lines;
}

/** The whole of `dgov show` (launches already filtered by --attempt). */
export function showText(s: TaskShow): string {
  const lines = headLines(s);
  for (const l of s.launches) lines.push("", ...launchLines(l));
  if (s.launches.length === 0) lines.push("", "(no launch recorded for this task)");
  if (s.fix) lines.push("", `fix: ${s.fix}`);
  if (s.next.length) lines.push("", "next:", ...s.next.map((c) => `  ${c}`));
  return lines.map((l) => l.trimEnd()).join("\n");
}
