import { existsSync } from "node:fs";
import { commitDiff, worktreeDiff } from "../git/change-diff.ts";
import { git } from "../git/run.ts";
import type { Store } from "../store/db.ts";
import type { Usage } from "../store/plan-state.ts";
import { artifact } from "../store/runtime.ts";
import { readTranscript } from "../store/transcripts.ts";
import { claimFix } from "./claim-fix.ts";
import { DEBRIEF_NOISE, eventLine } from "./event-line.ts";
import { blocked, type GateRunRecord, postRunGates, stateLabel, type VerdictRecord, verdicts } from "./gate-runs.ts";
import { eventsOf, lastRunEvents, loadPlan, type PlanRecord, shownState } from "./plan-record.ts";
import { attemptSeconds, type Failure, lastFailure, type LaunchRecord, launches, type PhaseRecord } from "./story.ts";

/*
 * `dgov plan review`: a debrief of a plan's last run, per task — state with its verdict,
 * attempts, duration, tokens, the worker's note, the error and the gates that rejected it with
 * their findings; on request each task's diff and event lines.
 */

export interface ReviewTask {
  id: string;
  state: string;
  label: string;
  attempts: number;
  launches: number;
  durationS: number | null;
  error: string | null;
  sha: string | null;
  /** The landed commit's subject. */
  commit: string | null;
  usage: Usage;
  toolCalls: number;
  /** The last worker's `done` summary. */
  note: string | null;
  /** The phases of the task's latest settlement. */
  phases: PhaseRecord[];
  verdict: VerdictRecord | null;
  failure: Failure | null;
  fix: string | null;
  diff?: string;
  events?: string[];
}

export interface PlanReview {
  plan: string;
  /** Where the plan's directory is now (archived plans too); null when it is gone. */
  source: string | null;
  run: { id: string; startedAt: string; finishedAt: string | null; durationS: number | null; status: string | null; live: boolean } | null;
  halted: string | null;
  counts: Record<string, number>;
  tasks: ReviewTask[];
  /** A degraded last run: the post-run gates that blocked, with their findings. */
  postRun: GateRunRecord[];
}

export interface ReviewOptions {
  only?: string;
  diff?: boolean;
  events?: boolean;
}

async function subject(root: string, sha: string): Promise<string | null> {
  const r = await git(["log", "-1", "--format=%s", sha], root);
  return r.code === 0 ? r.stdout.trim() : null;
}

/** The task's diff: what it landed, else what its kept worktree holds; null when neither exists. */
async function taskDiff(store: Store, root: string, plan: string, id: string, sha: string | null): Promise<string | null> {
  if (sha) return commitDiff(root, sha, { stat: false });
  const a = artifact(store, plan, id);
  return a && existsSync(a.worktree) ? `(not landed: the kept worktree ${a.worktree} against its base)\n${await worktreeDiff(a.worktree, a.base_sha, { stat: false })}` : null;
}

function lastNote(all: readonly LaunchRecord[]): string | null {
  return all.findLast((l) => l.summary !== null)?.summary ?? null;
}

async function reviewTask(store: Store, root: string, record: PlanRecord, id: string, opts: ReviewOptions): Promise<ReviewTask> {
  const view = record.view!;
  const t = view.tasks.find((x) => x.id === id)!;
  const events = eventsOf(record, id);
  const all = launches(events, readTranscript(store, record.plan, id));
  const state = shownState(view, t);
  const verdict = verdicts(events).get(id) ?? null;
  const failure = state === "merged" ? null : lastFailure(events, id);
  const out: ReviewTask = {
    id, state, label: stateLabel(state, verdict ?? undefined), attempts: t.attempts, launches: all.length, durationS: attemptSeconds(all, events),
    error: t.error, sha: t.sha, commit: t.sha ? await subject(root, t.sha) : null, usage: t.usage,
    toolCalls: all.reduce((n, l) => n + l.toolCalls, 0), note: lastNote(all), phases: all.findLast((l) => l.settlement)?.settlement?.phases ?? [],
    verdict, failure, fix: claimFix(root, record.dir, id, failure),
  };
  if (opts.diff) out.diff = (await taskDiff(store, root, record.plan, id, t.sha)) ?? "(nothing to diff: not landed, no worktree kept)";
  if (opts.events) out.events = lastRunEvents(record).filter((e) => e.task === id && !DEBRIEF_NOISE.has(e.event)).map(eventLine);
  return out;
}

function runInfo(record: PlanRecord): PlanReview["run"] {
  const r = record.run;
  if (!r) return null;
  const durationS = r.finished_at ? (Date.parse(r.finished_at) - Date.parse(r.started_at)) / 1000 : null;
  return { id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, durationS, status: record.view?.runStatus ?? null, live: record.view?.live ?? false };
}

/** The review of a plan with history (its latest run's tasks), or null when it never started a run. */
export async function planReview(store: Store, root: string, plan: string, opts: ReviewOptions = {}): Promise<PlanReview | null> {
  const record = loadPlan(store, root, plan);
  if (!record.view) return null;
  const counts: Record<string, number> = {};
  for (const t of record.view.tasks) {
    const s = shownState(record.view, t);
    counts[s] = (counts[s] ?? 0) + 1;
  }
  const ids = record.view.tasks.map((t) => t.id).filter((id) => opts.only === undefined || id === opts.only);
  const tasks: ReviewTask[] = [];
  for (const id of ids) tasks.push(await reviewTask(store, root, record, id, opts));
  const postRun = record.view.runStatus === "degraded" ? postRunGates(lastRunEvents(record)).filter(blocked) : [];
  return { plan, source: record.dir, run: runInfo(record), halted: record.view.halted, counts, tasks, postRun };
}
