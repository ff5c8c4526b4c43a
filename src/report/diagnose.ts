import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { git } from "../git/run.ts";
import type { Store } from "../store/db.ts";
import { plansWithHistory } from "../store/plan-state.ts";
import { artifact } from "../store/runtime.ts";
import { readTranscript } from "../store/transcripts.ts";
import type { Card } from "./card.ts";
import { checkoutNote } from "./checkout-note.ts";
import { eventsOf, loadPlan, type PlanRecord, shownState } from "./plan-record.ts";
import { lastFailure, launches } from "./story.ts";
import { taskArg, type TaskRef, taskRefs } from "./task-ref.ts";
import { type TaskCase, taskCard } from "./task-shapes.ts";

/*
 * `dgov diagnose`: every failure shape the store and the repo show now — per task that needs
 * attention (by what rejected it or how its worker ended), per plan (a budget halt, a run that
 * never finished), per repo (a checkout a landing could not update, an ignored plan archive).
 */

function taskCase(store: Store, root: string, record: PlanRecord, refs: readonly TaskRef[], id: string, state: string, error: string | null): TaskCase {
  const events = eventsOf(record, id);
  const all = launches(events, readTranscript(store, record.plan, id));
  const attempt = all.at(-1)?.attempt ?? 0;
  const kept = artifact(store, record.plan, id);
  return {
    root, plan: record.plan, planArg: record.arg, taskArg: taskArg(refs, { plan: record.plan, task: id }), task: id, planDir: record.dir,
    state, error, launches: all.filter((l) => l.attempt === attempt), failure: lastFailure(events, id, attempt),
    worktree: kept && existsSync(kept.worktree) ? kept.worktree : null,
  };
}

function planCards(record: PlanRecord): Card[] {
  const view = record.view!;
  const cards: Card[] = [];
  const resume = `dgov run ${record.arg} --continue`;
  const pending = view.tasks.filter((t) => t.state === "pending").map((t) => t.id);
  // Workers a hard budget stopped belong to the halt, not to an interruption.
  const stopped = (t: (typeof view.tasks)[number]) => t.state === "abandoned" && t.error?.startsWith("stopped: ") === true;
  if (view.halted && !view.live) {
    const halted = view.tasks.filter(stopped).map((t) => t.id);
    const evidence = [`run ${view.run} halted: ${view.halted}`, ...(halted.length ? [`stopped: ${halted.join(", ")}`] : []), ...(pending.length ? [`not started: ${pending.join(", ")}`] : [])];
    cards.push({ shape: "budget_halt", intent: "budget", plan: record.plan, task: null, evidence, next: [resume, `${resume} --max-tokens <N>   (a budget for that run; [project] max_tokens / max_cost set the default)`], doNot: "--restart: it forgets the run's history; --continue keeps what landed and starts the rest" });
  }
  const cut = view.tasks.filter((t) => !stopped(t) && ["interrupted", "abandoned"].includes(shownState(view, t))).map((t) => `${t.id} (${shownState(view, t)})`);
  const unfinished = !view.live && record.run !== null && record.run.finished_at === null;
  if (!view.live && (unfinished || (view.runStatus === "interrupted" && !view.halted) || cut.length)) {
    const how = unfinished ? `run ${record.run!.id} (pid ${record.run!.pid}) started ${record.run!.started_at} and never finished: its process is gone` : `run ${view.run} ended ${view.runStatus ?? "without a status"}`;
    cards.push({ shape: "interrupted_run", intent: "resume", plan: record.plan, task: null, evidence: [how, ...(cut.length ? [`cut off: ${cut.join(", ")}`] : [])], next: [resume], doNot: "remove worktrees or branches by hand, or --restart: --continue recovers the interrupted tasks and keeps what landed" });
  }
  return cards;
}

async function archiveDrift(root: string): Promise<Card | null> {
  const archive = join(root, ".dgov", "plans", "archive");
  const probe = (existsSync(archive) ? readdirSync(archive).find((n) => existsSync(join(archive, n, "_root.toml"))) : undefined) ?? "any-plan";
  const path = relative(root, join(archive, probe, "_root.toml"));
  const r = await git(["check-ignore", "-v", "--no-index", "--", path], root);
  if (r.code !== 0) return null;
  const rule = r.stdout.split("\t")[0]?.trim() ?? "";
  return {
    shape: "archive_policy_drift", intent: "repo", plan: null, task: null,
    evidence: [`git ignores ${path}${rule ? ` (rule ${rule})` : ""}: archived plan sources would not be tracked`],
    next: [`remove or narrow that rule so .dgov/plans/archive/ is tracked (\`git check-ignore -v ${path}\` names it), then commit the archive`],
    doNot: "re-run tasks that already landed: their plan only needs archiving",
  };
}

/** The repo-wide shapes that need no history (a project nothing has run in yet). */
export async function diagnoseRepo(root: string): Promise<Card[]> {
  const drift = await archiveDrift(root);
  return drift ? [drift] : [];
}

async function repoCards(root: string, store: Store): Promise<Card[]> {
  const cards: Card[] = [];
  const note = await checkoutNote(root, store);
  if (note) {
    cards.push({
      shape: "checkout_not_updated", intent: "checkout", plan: note.plan, task: note.task,
      evidence: [`${note.task} landed, but your uncommitted edits to ${note.files.join(", ")} were kept as they were (the branch holds the landed versions)`],
      next: [note.command], doNot: "git checkout or git reset those files: your edits would be lost",
    });
  }
  const drift = await archiveDrift(root);
  if (drift) cards.push(drift);
  return cards;
}

/** Every card, plans in name order (their tasks in plan order, then the plan's own), then the repo's. */
export async function diagnose(store: Store, root: string, only?: string): Promise<Card[]> {
  const cards: Card[] = [];
  const refs = taskRefs(store);
  for (const plan of plansWithHistory(store)) {
    if (only !== undefined && plan !== only) continue;
    const record = loadPlan(store, root, plan);
    if (!record.view) continue;
    for (const t of record.view.tasks) {
      const state = shownState(record.view, t);
      if (state === "failed" || state === "timed_out") cards.push(taskCard(taskCase(store, root, record, refs, t.id, state, t.error)));
    }
    cards.push(...planCards(record));
  }
  return [...cards, ...(await repoCards(root, store))];
}
