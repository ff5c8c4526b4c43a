import { thousands } from "../text.ts";
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";

/*
 * `.dgov/runs.log`: one block per run, appended when it ends (spec core-engine §2.13, dgov-py's
 * format): when, which plan, how it ended and how long it took, then what landed, what did not
 * and why, what landed unverified, and the tokens. Interrupted runs get a block too (dgov-py
 * wrote none): the log is the list of every run.
 */

export interface RunsLogEntry {
  at: Date;
  plan: string;
  /** The plan directory, relative to the project root. */
  dir: string;
  run: string;
  status: string;
  durationS: number;
  halted: string | null;
  tasks: { id: string; state: string; error: string | null; unverified?: string | null }[];
  promptTokens: number;
  completionTokens: number;
}

export const runsLogPath = (root: string) => join(root, ".dgov", "runs.log");

const WORD: Record<string, string> = { complete: "ok", degraded: "warn", partial: "fail", failed: "fail", interrupted: "interrupted" };

export function runsLogBlock(e: RunsLogEntry): string {
  const when = `${e.at.toISOString().slice(0, 19).replace("T", " ")}Z`;
  const ids = (pred: (t: RunsLogEntry["tasks"][number]) => boolean) => e.tasks.filter(pred).map((t) => t.id);
  const lines = [`[${when}] ${e.plan} (${e.dir}) — ${WORD[e.status] ?? e.status} (${e.durationS.toFixed(2)}s) · run ${e.run}`];
  const list = (label: string, items: string[]) => items.length && lines.push(`  ${label}: ${items.join(", ")}`);
  list("merged", ids((t) => t.state === "merged"));
  list("unverified", ids((t) => t.state === "merged" && Boolean(t.unverified)));
  list("failed", ids((t) => t.state === "failed" || t.state === "timed_out"));
  list("abandoned", ids((t) => t.state === "abandoned"));
  list("skipped", ids((t) => t.state === "skipped"));
  for (const t of e.tasks) if (t.error && t.state !== "merged" && t.state !== "skipped") lines.push(`  error[${t.id}]: ${t.error.replace(/\s+/g, " ").slice(0, 200)}`);
  if (e.halted) lines.push(`  halted: ${e.halted}`);
  lines.push(`  prompt_tokens: ${thousands(e.promptTokens)}`, `  completion_tokens: ${thousands(e.completionTokens)}`);
  return `${lines.join("\n")}\n`;
}

/** Appends one run's block; a log that cannot be written is not worth failing the run for (the store has it all). */
export function appendRunsLog(root: string, e: RunsLogEntry): string | null {
  try {
    mkdirSync(dirname(runsLogPath(root)), { recursive: true });
    appendFileSync(runsLogPath(root), runsLogBlock(e));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
