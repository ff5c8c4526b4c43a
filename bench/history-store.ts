/**
 * A project whose store holds a long history, for the history and dashboard benches: one
 * finished run of `tasks` tasks, each a dispatch, `workerLines` worker lines, LLM usage per
 * turn, a settlement with its gates and the landing.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../src/store/db.ts";
import { appendEvent } from "../src/store/events.ts";
import { claimRun, finishRun } from "../src/store/runtime.ts";

/** A project whose store holds one finished run of `tasks` tasks, about `perTask` events each. */
export function project(tasks: number, workerLines: number): string {
  const root = mkdtempSync(join(tmpdir(), "dgov-bench-history-"));
  mkdirSync(join(root, ".dgov"), { recursive: true });
  writeFileSync(join(root, ".dgov", "project.toml"), '[project]\nlanguage = "unknown"\n');
  Bun.spawnSync(["git", "init", "-q"], { cwd: root });
  const store = openStore(root);
  const ids = Array.from({ length: tasks }, (_, i) => `t/m.task${String(i).padStart(4, "0")}`);
  const run = "20261202T000000-bench0";
  store.db.transaction(() => {
    claimRun(store, { id: run, plan: "big", planDir: join(root, ".dgov/plans/big"), pid: 1 });
    const e = (event: string, task: string | null, data: Record<string, unknown>, pane: string | null = null) => appendEvent(store, { event, plan: "big", task, run, pane, data });
    e("run_start", null, { run, maxParallel: 8, maxRetries: 3, mergeOrder: "topological", resume: false, tasks: ids.map((id) => ({ id, deps: [], maxForks: 1 })), target: "main", plan_dir: ".dgov/plans/big" });
    for (const [n, id] of ids.entries()) {
      const pane = `pane-${n}`;
      e("dag_task_dispatching", id, { attempt: 1, inPlace: false });
      e("dag_task_dispatched", id, { pane }, pane);
      for (let l = 0; l < workerLines; l++) {
        e("worker_log", id, { log_type: "tool", tool: "read_file", message: `read_file src/module-${l % 50}.ts (${l} of the worker's calls, with its arguments and a short excerpt of what it returned)` }, pane);
        if (l % 20 === 0) e("llm_usage", id, { prompt_tokens: 1200 + l, completion_tokens: 80, model: "m" }, pane);
      }
      e("task_done", id, {}, pane);
      e("settlement_started", id, {});
      for (const gate of ["scope", "lint", "format", "typecheck", "tests"]) e("gate_completed", id, { gate, plugin: "core-gates", phase: "isolated", level: "block", status: "pass", outcome: { status: "pass" }, durationMs: 12, commands: [] });
      e("landing", id, { sha: "a".repeat(40) });
      e("task_verdict", id, { checks: [], verified: ["tests"], unverified: null });
      e("merge_completed", id, { sha: "a".repeat(40) });
    }
    e("run_completed", null, { run_status: "complete" });
    finishRun(store, run, "complete", {});
  })();
  const count = (store.db.query("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
  store.close();
  console.log(`store of ${count.toLocaleString("en-US")} events at ${root}`);
  return root;
}
