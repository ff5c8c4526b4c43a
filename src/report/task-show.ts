import { existsSync } from "node:fs";
import type { Store } from "../store/db.ts";
import { type Usage, usageOf } from "../store/plan-state.ts";
import { artifact } from "../store/runtime.ts";
import { readTranscript } from "../store/transcripts.ts";
import { claimFix } from "./claim-fix.ts";
import { stateLabel, type VerdictRecord, verdicts } from "./gate-runs.ts";
import { ATTENTION, eventsOf, loadPlan, shownState } from "./plan-record.ts";
import { attemptSeconds, type Failure, lastFailure, type LaunchRecord, launches } from "./story.ts";
import { taskArg, type TaskRef, taskRefs } from "./task-ref.ts";

/** Where a task's worktree and branch are kept (a failed task's stay for inspection). */
export interface KeptWorktree {
  path: string;
  branch: string;
  base: string;
  exists: boolean;
}

/** Everything `dgov show` tells about one task, read from the store. */
export interface TaskShow {
  plan: string;
  task: string;
  state: string;
  /** The state with its verdict: `merged (unverified: …)`. */
  label: string;
  attempts: number;
  sha: string | null;
  error: string | null;
  durationS: number | null;
  usage: Usage;
  verdict: VerdictRecord | null;
  launches: LaunchRecord[];
  worktree: KeptWorktree | null;
  /** The latest rejected settlement, while the task has not merged. */
  failure: Failure | null;
  /** What to do about the failure, when it can be said (a scope rejection: the claim to add). */
  fix: string | null;
  next: string[];
}

const noUsage = (): Usage => ({ promptTokens: 0, completionTokens: 0, costUsd: null });

function keptWorktree(store: Store, ref: TaskRef): KeptWorktree | null {
  const a = artifact(store, ref.plan, ref.task);
  return a ? { path: a.worktree, branch: a.branch, base: a.base_sha, exists: existsSync(a.worktree) } : null;
}

/** The commands that explain or continue this task from where it stands. */
export function nextCommands(t: { task: string; plan: string; state: string; live: boolean; logged: boolean; landed: boolean; kept: boolean }): string[] {
  if (t.live) return [`dgov watch --task ${t.task}`, ...(t.logged ? [`dgov log ${t.task}`] : [])];
  const out: string[] = [];
  if (t.logged) out.push(`dgov log ${t.task}`);
  if (t.landed || t.kept) out.push(`dgov diff ${t.task}`);
  if (ATTENTION.has(t.state)) out.push(`dgov run ${t.plan} --continue`, `dgov plan remediate ${t.plan}`);
  return out;
}

/** A task's story: state from the kernel fold, launches and settlements from its events, its kept worktree. */
export function taskShow(store: Store, root: string, ref: TaskRef): TaskShow {
  const record = loadPlan(store, root, ref.plan);
  const events = eventsOf(record, ref.task);
  const transcript = readTranscript(store, ref.plan, ref.task);
  const all = launches(events, transcript);
  const view = record.view?.tasks.find((t) => t.id === ref.task);
  const state = view && record.view ? shownState(record.view, view) : "not in the latest run";
  const verdict = verdicts(events).get(ref.task) ?? null;
  const worktree = keptWorktree(store, ref);
  const failure = state === "merged" ? null : lastFailure(events, ref.task);
  const sha = view?.sha ?? null;
  const arg = taskArg(taskRefs(store), ref);
  return {
    plan: ref.plan, task: ref.task, state, label: stateLabel(state, verdict ?? undefined),
    attempts: view?.attempts ?? Math.max(0, ...all.map((l) => l.attempt)), sha, error: view?.error ?? null,
    durationS: attemptSeconds(all, events), usage: usageOf(events).byTask.get(ref.task) ?? noUsage(), verdict, launches: all, worktree, failure,
    fix: claimFix(root, record.dir, ref.task, failure),
    next: nextCommands({ task: arg, plan: record.arg, state, live: record.view?.live ?? false, logged: transcript.length > 0, landed: sha !== null, kept: worktree?.exists ?? false }),
  };
}
