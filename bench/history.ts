/**
 * History reads on a long-lived store (issue 16): `dgov status` and `dgov watch --json --all
 * --no-follow` on a plan with 100,000 events, wall time and peak memory (max RSS) of the
 * compiled binary. Targets: status ≤ 200 ms and ≤ 80 MiB; watch ≤ 64 MiB peak. The baseline,
 * measured in the same run, is the same command on a store holding one finished run of 5 tasks:
 * the ratio says what the history costs. The events are a run's mix: per task a dispatch,
 * hundreds of worker lines, LLM usage per turn, a settlement with its gates, the landing.
 * Run: bun run build && bun bench/history.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../src/store/db.ts";
import { appendEvent } from "../src/store/events.ts";
import { claimRun, finishRun } from "../src/store/runtime.ts";
import { peakMemory, timeCommand } from "./measure.ts";

const bin = join(import.meta.dir, "..", "dist", "dgov");
const RUNS = 10;

/** A project whose store holds one finished run of `tasks` tasks, about `perTask` events each. */
function project(tasks: number, workerLines: number): string {
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

/** Wall time and peak memory of `dgov <argv>` in `cwd`, `RUNS` times after one warm-up. */
/** Wall time, and peak memory (the process's own high-water mark), of `dgov <argv>` in `cwd`. */
const measure = async (name: string, argv: string[], cwd: string) => ({ ...timeCommand(name, [bin, ...argv], { runs: RUNS, warmup: 1, cwd }), peakMiB: await peakMemory([bin, ...argv], { cwd }) });

const small = project(5, 20);
const big = project(200, 480);
try {
  const rows: [string, string[], number, number][] = [
    ["status --all --json", ["status", "--all", "--json"], 200, 80],
    ["watch --json --all --no-follow", ["watch", "--json", "--all", "--no-follow"], Number.POSITIVE_INFINITY, 64],
  ];
  console.log("History reads: 100k events against a 5-task store (same run)");
  for (const [label, argv, maxMs, maxMiB] of rows) {
    const base = await measure(label, argv, small);
    const m = await measure(label, argv, big);
    const ok = m.median <= maxMs && m.peakMiB <= maxMiB ? "ok" : "OVER";
    const target = `${Number.isFinite(maxMs) ? `≤ ${maxMs} ms, ` : ""}≤ ${maxMiB} MiB`;
    console.log(
      `${label.padEnd(32)} median ${m.median.toFixed(1).padStart(7)} ms  peak ${m.peakMiB.toFixed(1).padStart(6)} MiB   baseline ${base.median.toFixed(1)} ms / ${base.peakMiB.toFixed(1)} MiB   ratio ${(m.median / base.median).toFixed(2)}× time, ${(m.peakMiB / base.peakMiB).toFixed(2)}× memory   (${target}) ${ok}`,
    );
  }
} finally {
  rmSync(small, { recursive: true, force: true });
  rmSync(big, { recursive: true, force: true });
}
