/**
 * A repository dgov-py used: its `.dgov/state.db` (built here from the schema spec core-engine
 * §3.2 documents) and its nested worktrees (`../.dgov-worktrees-<repo>/tasks/main.x`, branch
 * `dgov/tasks/main.x`). status, run and clean work; dgov-py's live worktree and its uncommitted
 * work survive.
 */
import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

let current: RunRepo | undefined;
afterEach(() => current?.remove());

const DGOV_PY_SCHEMA = `
CREATE TABLE tasks (slug TEXT PRIMARY KEY, task_id TEXT, agent TEXT, project_root TEXT, worktree_path TEXT, branch_name TEXT,
  created_at REAL, owns_worktree INTEGER, base_sha TEXT, provenance TEXT NOT NULL DEFAULT '{"kind": "original"}',
  role TEXT DEFAULT 'worker', state TEXT, metadata TEXT, plan_name TEXT DEFAULT NULL);
CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, event TEXT NOT NULL, pane TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}', task_slug TEXT, plan_name TEXT, action TEXT, commit_count TEXT, error TEXT, reason TEXT,
  merge_sha TEXT, branch TEXT, new_slug TEXT, target_agent TEXT, message TEXT, run_source TEXT);
CREATE TABLE slug_history (slug TEXT PRIMARY KEY, used_at TEXT NOT NULL);
CREATE TABLE ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, category TEXT NOT NULL, content TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open', created_at REAL NOT NULL, resolved_at REAL DEFAULT NULL,
  affected_paths TEXT DEFAULT NULL, affected_tags TEXT DEFAULT NULL);
INSERT INTO events (ts, event, pane, task_slug, plan_name) VALUES ('2026-11-24T00:21:08.649821+00:00', 'dag_task_dispatched', 'headless-x-1234abcd', 'tasks/main.x', 'old');
`;

/** The repo with dgov-py's store, and a dgov-py worktree of `tasks/main.x` holding `dirty` uncommitted work (or none). */
function dgovPyRepo(tasks: Parameters<typeof runRepo>[0], dirty: boolean) {
  const r = (current = runRepo(tasks));
  const db = new Database(join(r.repo.dir, ".dgov/state.db"), { create: true });
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(DGOV_PY_SCHEMA);
  db.close();
  const nested = join(dirname(r.repo.dir), `.dgov-worktrees-${basename(r.repo.dir)}`, "tasks", "main.x");
  mkdirSync(dirname(nested), { recursive: true });
  r.repo.git("worktree", "add", "-q", "-b", "dgov/tasks/main.x", nested);
  if (dirty) writeFileSync(join(nested, "work-in-progress.txt"), "not committed yet\n");
  return { r, nested };
}

describe("a repository dgov-py used", () => {
  test("its state.db is moved aside with a notice; status, run and clean work; its live worktree and uncommitted work survive", () => {
    const { r, nested } = dgovPyRepo([{ slug: "a", script: "echo a > a.txt", create: ["a.txt"] }], true);
    const status = r.dgov(["status"]);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain(".dgov/state.db was written by dgov-py (another schema); moved it to .dgov/state.db.dgov-py");
    const old = new Database(join(r.repo.dir, ".dgov/state.db.dgov-py"), { readonly: true });
    expect(old.query("SELECT task_slug FROM events").all()).toEqual([{ task_slug: "tasks/main.x" }]);
    old.close();
    const run = r.run(["--json"]);
    expect(run.code).toBe(0);
    expect(r.log()[0]).toBe("Task a");
    const clean = r.dgov(["clean", "--json"]).json<{ kept: { path: string; reason: string }[] }>();
    expect(clean.kept).toEqual([expect.objectContaining({ path: nested, reason: expect.stringContaining("dgov did not make") })]);
    expect(readFileSync(join(nested, "work-in-progress.txt"), "utf8")).toBe("not committed yet\n");
    expect(r.repo.git("worktree", "list")).toContain(nested);
    expect(r.repo.git("status", "--porcelain")).toBe("");
  });

  test("a task whose dgov/<slug> branch a dgov-py worktree holds: freed when it holds no work, with a notice", () => {
    const { r, nested } = dgovPyRepo([], false);
    // The plan's task id is the dgov-py slug: `tasks/main.x`.
    r.repo.write(".dgov/plans/q/_root.toml", '[plan]\nname = "q"\nsections = ["tasks"]\n');
    r.repo.write(".dgov/plans/q/tasks/main.toml", '[tasks.x]\nsummary = "x"\nprompt = "Orient:\\nx\\nEdit:\\nx\\nVerify:\\nx"\nagent = "held"\ncommit_message = "Task x"\nfiles.create = ["x.txt"]\n');
    r.repo.write(".dgov/project.toml", `${readFileSync(join(r.repo.dir, ".dgov/project.toml"), "utf8")}\n[agents.held]\ncommand = ["sh", "-c", "echo x > x.txt"]\n`);
    r.repo.git("add", "-A");
    r.repo.git("commit", "-qm", "plan q");
    const run = r.dgov(["run", "q"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`removed the worktree ${nested}, which had dgov/tasks/main.x checked out and no uncommitted work`);
    expect(r.log()[0]).toBe("Task x");
    expect(existsSync(nested)).toBe(false);
  });

  test("…and stops with what to do when that worktree holds uncommitted work", () => {
    const { r, nested } = dgovPyRepo([], true);
    r.repo.write(".dgov/plans/q/_root.toml", '[plan]\nname = "q"\nsections = ["tasks"]\n');
    r.repo.write(".dgov/plans/q/tasks/main.toml", '[tasks.x]\nsummary = "x"\nprompt = "Orient:\\nx\\nEdit:\\nx\\nVerify:\\nx"\nagent = "held"\nfiles.create = ["x.txt"]\n');
    r.repo.write(".dgov/project.toml", `${readFileSync(join(r.repo.dir, ".dgov/project.toml"), "utf8")}\n[agents.held]\ncommand = ["sh", "-c", "echo x > x.txt"]\n`);
    r.repo.git("add", "-A");
    r.repo.git("commit", "-qm", "plan q");
    const run = r.dgov(["run", "q", "--json"]);
    expect(run.code).toBe(1);
    const task = run.json<{ tasks: { state: string; attempts: number; error: string }[] }>().tasks[0]!;
    expect(task).toMatchObject({ state: "failed", attempts: 1 });
    expect(task.error).toContain(`branch dgov/tasks/main.x is checked out in ${nested}, which holds uncommitted work`);
    expect(task.error).toContain("dgov clean --force");
    expect(readFileSync(join(nested, "work-in-progress.txt"), "utf8")).toBe("not committed yet\n");
  });
});
