import type { Store } from "./db.ts";
import { processAlive } from "../exec/pid.ts";

/** Where a task's worktree is and who works in it: bookkeeping, keyed by (plan, task). */
export interface Artifact {
  plan: string;
  task: string;
  worktree: string;
  branch: string;
  base_sha: string;
  pane: string;
  attempt: number;
  pid: number | null;
  state: string;
  updated_at: string;
}

export function saveArtifact(store: Store, a: Omit<Artifact, "updated_at">): void {
  store.db
    .query(`INSERT INTO artifacts (plan, task, worktree, branch, base_sha, pane, attempt, pid, state, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (plan, task) DO UPDATE SET worktree = excluded.worktree, branch = excluded.branch,
              base_sha = excluded.base_sha, pane = excluded.pane, attempt = excluded.attempt, pid = excluded.pid,
              state = excluded.state, updated_at = excluded.updated_at`)
    .run(a.plan, a.task, a.worktree, a.branch, a.base_sha, a.pane, a.attempt, a.pid, a.state, new Date().toISOString());
}

export function updateArtifact(store: Store, plan: string, task: string, fields: { state?: string; pid?: number | null }): void {
  const current = artifact(store, plan, task);
  if (!current) return;
  saveArtifact(store, { ...current, ...fields });
}

export function artifact(store: Store, plan: string, task: string): Artifact | null {
  return (store.db.query("SELECT * FROM artifacts WHERE plan = ? AND task = ?").get(plan, task) as Artifact | null) ?? null;
}

export function artifacts(store: Store, plan?: string): Artifact[] {
  return (plan === undefined
    ? store.db.query("SELECT * FROM artifacts ORDER BY plan, task").all()
    : store.db.query("SELECT * FROM artifacts WHERE plan = ? ORDER BY task").all(plan)) as Artifact[];
}

export function deleteArtifact(store: Store, plan: string, task: string): void {
  store.db.query("DELETE FROM artifacts WHERE plan = ? AND task = ?").run(plan, task);
}

/** One `dgov run` process. */
export interface RunRow {
  id: string;
  plan: string;
  plan_dir: string;
  pid: number;
  started_at: string;
  finished_at: string | null;
  status: string | null;
  summary: string | null;
}

export function startRun(store: Store, row: { id: string; plan: string; planDir: string; pid: number }): void {
  store.db.query("INSERT INTO runs (id, plan, plan_dir, pid, started_at) VALUES (?, ?, ?, ?, ?)").run(row.id, row.plan, row.planDir, row.pid, new Date().toISOString());
}

/**
 * Starts run `row` unless its plan has another live run: the check and the start are one
 * immediate transaction, so of two `dgov run` started together exactly one gets the plan.
 * Returns the other run when refused.
 */
export function claimRun(store: Store, row: { id: string; plan: string; planDir: string; pid: number }): RunRow | null {
  return store.db
    .transaction(() => {
      const other = liveRuns(store).find((r) => r.plan === row.plan);
      if (other) return other;
      startRun(store, row);
      return null;
    })
    .immediate();
}

export function finishRun(store: Store, id: string, status: string, summary: unknown): void {
  store.db.query("UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?").run(new Date().toISOString(), status, JSON.stringify(summary), id);
}

export function runsOf(store: Store, plan?: string): RunRow[] {
  return (plan === undefined
    ? store.db.query("SELECT * FROM runs ORDER BY started_at").all()
    : store.db.query("SELECT * FROM runs WHERE plan = ? ORDER BY started_at").all(plan)) as RunRow[];
}

/** Runs that never finished and whose process still exists (another `dgov run` is going on). */
export function liveRuns(store: Store): RunRow[] {
  return runsOf(store).filter((r) => r.finished_at === null && r.pid !== process.pid && processAlive(r.pid));
}

export interface DispatchRow {
  id: string;
  run: string;
  plan: string;
  task: string;
  attempt: number;
  pane: string;
  backend: string;
  agent: string;
  worktree: string;
  base_sha: string;
}

export function startDispatch(store: Store, d: DispatchRow): void {
  store.db
    .query(`INSERT INTO dispatch_runs (id, run, plan, task, attempt, pane, backend, agent, worktree, base_sha, dispatched_at, state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active')`)
    .run(d.id, d.run, d.plan, d.task, d.attempt, d.pane, d.backend, d.agent, d.worktree, d.base_sha, new Date().toISOString());
}

export function finishDispatch(store: Store, id: string, end: { state: string; exitCode: number | null; error: string | null; promptTokens: number; completionTokens: number }): void {
  store.db
    .query(`UPDATE dispatch_runs SET state = ?, exit_code = ?, error = ?, prompt_tokens = ?, completion_tokens = ?, terminated_at = ? WHERE id = ?`)
    .run(end.state, end.exitCode, end.error, end.promptTokens, end.completionTokens, new Date().toISOString(), id);
}

/** `dgov prune`: finished dispatch records older than `before` (ISO time). Events stay. */
/** Deletes finished dispatch records older than `before` (with `dryRun`, only counts them). */
export function pruneDispatches(store: Store, before: string, dryRun = false): number {
  const where = "FROM dispatch_runs WHERE state != 'active' AND terminated_at < ?";
  if (dryRun) return (store.db.query(`SELECT COUNT(*) AS n ${where}`).get(before) as { n: number }).n;
  return store.db.query(`DELETE ${where}`).run(before).changes;
}
