/**
 * Orchestration overhead of `dgov run` (compiled binary), with a `command` worker that writes
 * one file, on a small repository. Targets (issue 4): 3 independent ≤ 0.4 s and a chain of
 * 3 ≤ 0.6 s wall, compile included; 50 independent tasks with max_parallel 8 ≤ 5 s; per-task
 * overhead (dispatch → merged, worker time excluded) ≤ 80 ms median. The sandbox (issue 10):
 * what it adds per worker tool call, on vs off in the same run, ≤ 15 ms median; and per task.
 * Run: bun run build && bun bench/run-overhead.ts
 */
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { DGOV_BIN } from "../test/fakes/dgov.ts";
import { byTask, llmRepo } from "../test/fakes/llm-repo.ts";
import { call, calls, done, startModelServer } from "../test/fakes/model-server.ts";
import { type RunTask, runRepo } from "../test/fakes/run-repo.ts";
import { report, summarize } from "./measure.ts";

const write = (x: string): RunTask => ({ slug: x, script: `echo ${x} > ${x}.txt`, create: [`${x}.txt`] });

/**
 * Per task, in ms: what dgov itself spends on it, worker time and queueing excluded:
 * launching it (dispatching → dispatched) plus settling it (settlement_started → merged).
 * The time a finished task waits for the single settlement slot is reported apart.
 */
function overheads(dir: string): { own: number; queued: number }[] {
  const db = new Database(join(dir, ".dgov/state.db"), { readonly: true });
  const rows = db.query("SELECT event, task, ts FROM events WHERE task IS NOT NULL ORDER BY id").all() as { event: string; task: string; ts: string }[];
  db.close();
  const at = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const t = at.get(r.task) ?? {};
    t[r.event] ??= Date.parse(r.ts);
    at.set(r.task, t);
  }
  return [...at.values()]
    .filter((t) => t.merge_completed && t.dag_task_dispatching)
    .map((t) => ({
      own: t.dag_task_dispatched! - t.dag_task_dispatching! + (t.merge_completed! - t.settlement_started!),
      queued: t.settlement_started! - t.task_done!,
    }));
}

function time(name: string, tasks: RunTask[], runs: number, target: number, project = "", extra = "") {
  const samples: number[] = [];
  const per: { own: number; queued: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const repo = runRepo(tasks, { project, extra });
    const started = performance.now();
    const proc = Bun.spawnSync([DGOV_BIN, "run", "p"], { cwd: repo.repo.dir, stdout: "ignore", stderr: "pipe" });
    samples.push(performance.now() - started);
    if (proc.exitCode !== 0) throw new Error(`${name}: dgov run exited ${proc.exitCode}: ${proc.stderr}`);
    per.push(...overheads(repo.repo.dir));
    repo.remove();
  }
  console.log(report([summarize(`${name} (wall)`, samples)], target));
  console.log(report([summarize(`  per-task overhead`, per.map((p) => p.own))], 80));
  console.log(report([summarize(`  queued for settlement`, per.map((p) => p.queued))]));
  return per;
}

// Per-task overhead is shown per scenario: with 8 workers starting at once on a small machine,
// launches compete for the CPU, so that figure includes contention the others do not have.
time("3 independent", ["a", "b", "c"].map(write), 7, 400);
time("chain of 3", [write("a"), { ...write("b"), deps: ["a"] }, { ...write("c"), deps: ["b"] }], 7, 600);
time("50 independent, max_parallel 8", Array.from({ length: 50 }, (_, i) => write(`t${i}`)), 3, 5000, "max_parallel = 8");

/** Milliseconds each worker tool call took, as the agent measured it (`result` events). */
function toolDurations(dir: string): number[] {
  const db = new Database(join(dir, ".dgov/state.db"), { readonly: true });
  const rows = db.query("SELECT data FROM events WHERE event = 'worker_log'").all() as { data: string }[];
  db.close();
  return rows.map((r) => JSON.parse(r.data)).filter((d) => d.log_type === "result" && d.content.tool === "run_bash").map((d) => d.content.duration_ms as number);
}

/** The same LLM task, 40 `run_bash` calls, with the sandbox off and on, alternating runs. */
async function sandboxPerToolCall(runs: number): Promise<void> {
  const server = await startModelServer();
  const turn = calls(...Array.from({ length: 40 }, () => call("run_bash", { cmd: "true" })));
  server.script({ conversations: [byTask("a", [turn, call("write_file", { path: "a.txt", content: "a\n" }), done()])] });
  const samples: Record<"off" | "on", number[]> = { off: [], on: [] };
  for (let i = 0; i < runs; i++) {
    for (const mode of ["off", "on"] as const) {
      const repo = llmRepo(server.url, [{ slug: "a", create: ["a.txt"] }], { extra: mode === "off" ? '[sandbox]\nmode = "off"' : "" });
      const run = await repo.run();
      if (run.code !== 0) throw new Error(`sandbox ${mode}: dgov run exited ${run.code}:\n${run.stderr}`);
      samples[mode].push(...toolDurations(repo.repo.dir));
      repo.remove();
    }
  }
  await server.close();
  const off = summarize("run_bash, sandbox off", samples.off);
  const on = summarize("run_bash, sandbox on", samples.on);
  console.log(report([off, on]));
  const added = on.median - off.median;
  console.log(`${"  the sandbox adds".padEnd(28)} median ${added.toFixed(1).padStart(7)} ms per tool call${added <= 15 ? "   ok" : "   OVER 15 ms"}`);
}

time("3 independent, sandbox off", ["a", "b", "c"].map(write), 7, 400, "", '[sandbox]\nmode = "off"');
await sandboxPerToolCall(5);
