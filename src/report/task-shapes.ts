import type { Card } from "./card.ts";
import { keyLines } from "./card.ts";
import { claimFix, unclaimedPaths } from "./claim-fix.ts";
import type { GateRunRecord } from "./gate-runs.ts";
import { commandLine } from "./story-lines.ts";
import type { Failure, LaunchRecord } from "./story.ts";

/*
 * The failure shape of one task that needs attention: a settlement rejection (by the gate that
 * rejected it), or how its worker ended (a provider error, a timeout, no `done`), each with the
 * command to run next.
 */

export interface TaskCase {
  root: string;
  plan: string;
  /** How commands name the plan and the task. */
  planArg: string;
  taskArg: string;
  task: string;
  planDir: string | null;
  state: string;
  error: string | null;
  /** The launches of the latest attempt. */
  launches: LaunchRecord[];
  /** The latest attempt's rejected settlement. */
  failure: Failure | null;
  /** The kept worktree, when it still exists. */
  worktree: string | null;
}

const GATE_SHAPES: Record<string, string> = { tests: "tests_failed", typecheck: "typecheck_failed", lint: "lint_failed", format: "format_failed" };
const card = (c: TaskCase, shape: string, intent: string, evidence: string[], next: string[], doNot: string): Card => ({ shape, intent, plan: c.plan, task: c.task, evidence, next, doNot });
const resume = (c: TaskCase) => `dgov run ${c.planArg} --continue`;

function scopeCard(c: TaskCase, gate: GateRunRecord): Card {
  const f = gate.findings[0];
  if (f?.rule === "scope/empty-diff") {
    return card(c, "empty_diff", "plan", [`${c.task}: the worker changed no claimed file`], [`dgov log ${c.taskArg}`, "sharpen the prompt or fix the claims (they may point at the wrong files), then", resume(c)], "re-run it unchanged: the same prompt produces the same nothing");
  }
  const evidence = gate.findings.flatMap((x) => [`${c.task}: scope (${gate.phase}) failed: ${x.message.split("\n")[0]}`, ...(x.hint ? [`hint: ${x.hint}`] : [])]);
  const fix = claimFix(c.root, c.planDir, c.task, c.failure);
  const next = [...(fix ? [fix] : [`fix the claims of ${c.task} (its files.* keys) or split the task`]), resume(c)];
  return card(c, "scope_violation", "claims", evidence, next, `retry without changing the claims${unclaimedPaths(c.failure).length ? "" : " or the prompt"}: scope rejections are not retried, and the same change fails the same check`);
}

function gateCard(c: TaskCase, gate: GateRunRecord): Card {
  const shape = GATE_SHAPES[gate.gate] ?? "gate_failed";
  const commands = gate.commands.filter((x) => x.code !== 0 || x.timedOut).map((x) => commandLine(x.argv));
  const evidence = [`${c.task}: ${gate.gate} (${gate.phase}) ${gate.status === "error" ? "errored" : "failed"}${commands.length ? ` running \`${commands[0]}\`` : ""}`];
  for (const f of gate.findings) evidence.push(...keyLines(`${f.file ? `${f.file}${f.line ? `:${f.line}` : ""}: ` : ""}${f.message}`));
  if (gate.status === "error" && gate.reason) evidence.push(gate.reason.split("\n")[0]!);
  const next = [`dgov show ${c.taskArg}`];
  if (c.worktree && commands.length) next.push(`cd ${c.worktree} && ${commands[0]}`);
  // The follow-up plan's prompt carries these findings; a plain --continue retries the task as it was.
  next.push(`dgov plan remediate ${c.planArg}`);
  return card(c, shape, "code", evidence, next, `turn the ${gate.gate} gate off or weaken the check to get the change through`);
}

function settlementCard(c: TaskCase, f: Failure): Card {
  const blocking = f.gates.find((g) => g.gate === "scope") ?? f.gates[0];
  if (blocking) return blocking.gate === "scope" ? scopeCard(c, blocking) : gateCard(c, blocking);
  if (/text conflict/.test(f.error)) {
    return card(c, "merge_conflict", "plan", [`${c.task}: ${f.error.split("\n")[0]}`], ["add a depends_on edge between the tasks that change these files, then", resume(c)], "resolve it by retrying in parallel again: the same two changes conflict the same way");
  }
  return card(c, "settlement_failed", "code", [`${c.task}: rejected at ${f.phase}: ${f.error.split("\n")[0]}`], [`dgov show ${c.taskArg}`, resume(c)], "retry it unchanged before reading why it was rejected");
}

/** The provider error of a worker, from its own error kind (the transcript), else its message. */
function providerKind(c: TaskCase): string | null {
  const kinds = c.launches.flatMap((l) => l.errors.map((e) => e.kind));
  const known = kinds.findLast((k) => ["auth", "quota", "config", "api"].includes(k));
  if (known) return known;
  const error = c.error ?? "";
  if (/rejected the API key|HTTP 40[13]\b/.test(error)) return "auth";
  if (/HTTP 429|rate.?limit/i.test(error)) return "quota";
  if (/connection failed|ECONNREFUSED|ENOTFOUND|unreachable|fetch failed/i.test(error)) return "api";
  return null;
}

function providerCard(c: TaskCase, kind: string): Card {
  const evidence = [`${c.task}: ${(c.error ?? "").split("\n")[0]}`];
  const key = /\$([A-Z_][A-Z0-9_]*)/.exec(c.error ?? "")?.[1];
  const table = `[providers.${/provider '([^']+)'/.exec(c.error ?? "")?.[1] ?? "<name>"}]`;
  if (kind === "auth") return card(c, "provider_auth", "config", evidence, [key ? `export ${key}=<a valid key>` : `set the provider's API key (${table} api_key_env)`, resume(c)], "retry before fixing the key: every request is refused the same way");
  if (kind === "quota") return card(c, "rate_limited", "capacity", evidence, [`${resume(c)} --max-parallel 1`, `or raise ${table} max_retries / retry_max_s in .dgov/project.toml`], "restart at once with the same parallelism: the provider is still limiting");
  if (kind === "config") return card(c, "provider_config", "config", evidence, [`check ${table} base_url and the task's agent (model) in .dgov/project.toml`, resume(c)], "retry unchanged: the provider does not know this model or path");
  return card(c, "provider_unreachable", "config", evidence, [`check ${table} base_url and the network (is the server up?)`, resume(c)], "remove the task's worktree or --restart: the work so far is kept for the retry");
}

function workerCard(c: TaskCase): Card {
  const last = c.launches.at(-1);
  const end = last?.end?.status;
  const evidence = [`${c.task}: ${(c.error ?? "the worker failed").split("\n")[0]}`];
  if (c.state === "timed_out") return card(c, "timeout", "plan", evidence, [`dgov log ${c.taskArg}`, "split the task, or raise its timeout_s when it is small but slow, then", resume(c)], "re-run it unchanged: it will run out of time again");
  if (end === "exhausted") return card(c, "iterations_exhausted", "plan", evidence, [`dgov log ${c.taskArg}`, "split the task, or raise its iteration_budget, then", resume(c)], "re-run it unchanged");
  if (end === "dispatch_failed") return card(c, "setup_failed", "config", evidence, ["fix [project] setup_cmd (it runs in each new worktree), then", resume(c)], "retry before the setup command works");
  if (last?.errors.some((e) => e.kind === "no_done")) return card(c, "worker_no_done", "plan", evidence, [`dgov log ${c.taskArg}`, "make the prompt's Verify step and what done means explicit, then", resume(c)], "retry it unchanged: read what the worker did first");
  return card(c, "worker_failed", "plan", evidence, [`dgov log ${c.taskArg}`, `dgov show ${c.taskArg}`, resume(c)], "retry it unchanged before reading why it failed");
}

/** The card of one failed or timed-out task. */
export function taskCard(c: TaskCase): Card {
  if (c.state === "timed_out") return workerCard(c);
  if (c.failure) return settlementCard(c, c.failure);
  const provider = providerKind(c);
  return provider ? providerCard(c, provider) : workerCard(c);
}
