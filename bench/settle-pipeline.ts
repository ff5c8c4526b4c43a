/**
 * Throughput of settlement at scale (issue 16): 200 independent tasks with dgov's own LLM
 * worker against a zero-latency scripted model, trivial gates (no language commands), at
 * max_parallel 4 and 8. Reports the wall time of each (8 against 4 as a ratio: more workers
 * must help), the serial section per task (integration_started → merge_completed, the only
 * part one task at a time may run) and the `dispatch_failed` events (worktree admin races).
 * Targets: ≤ 30 s wall at max_parallel 8, serial section ≤ 60 ms median, 0 dispatch failures
 * (`repeats` runs the pair that many times: 5 is 2,000 dispatches of 200 tasks; the walls and
 * the ratio are medians over them, and the CPU of each run, its processes included, is shown).
 * Run: bun run build && bun bench/settle-pipeline.ts [tasks] [repeats]
 */
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { byTask, llmRepo } from "../test/fakes/llm-repo.ts";
import { done, startModelServer, write } from "../test/fakes/model-server.ts";
import { summarize } from "./measure.ts";

const count = Number(process.argv[2] ?? 200);
const repeats = Number(process.argv[3] ?? 1);
const tasks = Array.from({ length: count }, (_, i) => ({ slug: `t${String(i).padStart(3, "0")}`, create: [`t${i}.txt`] }));
const server = await startModelServer();
server.script({ conversations: tasks.map((t, i) => byTask(t.slug, [write(`t${i}.txt`, `${i}\n`), done()])) });

interface Figures {
  wallMs: number;
  cpuMs: number;
  serial: number[];
  waited: number[];
  dispatchFailed: number;
  dispatches: number;
  merged: number;
}

/** Per task from the event log: the serial section and how long a finished task waited for it. */
function figures(dir: string, wallMs: number, cpuMs: number): Figures {
  const db = new Database(join(dir, ".dgov/state.db"), { readonly: true });
  const rows = db.query("SELECT event, task, ts FROM events WHERE task IS NOT NULL ORDER BY id").all() as { event: string; task: string; ts: string }[];
  db.close();
  const at = new Map<string, Record<string, number>>();
  let dispatchFailed = 0;
  let dispatches = 0;
  for (const r of rows) {
    if (r.event === "dispatch_failed") dispatchFailed++;
    if (r.event === "dag_task_dispatching") dispatches++;
    const t = at.get(r.task) ?? {};
    t[r.event] = Date.parse(r.ts);
    at.set(r.task, t);
  }
  // A log from before the pipeline has no integration events: all of its settlement was serial.
  for (const t of at.values()) t.integration_started ??= t.settlement_started!;
  const landed = [...at.values()].filter((t) => t.merge_completed !== undefined && t.integration_started !== undefined);
  return {
    wallMs,
    cpuMs,
    serial: landed.map((t) => t.merge_completed! - t.integration_started!),
    waited: landed.map((t) => t.integration_started! - (t.settlement_prepared ?? t.task_done!)),
    dispatchFailed,
    dispatches,
    merged: landed.length,
  };
}

async function run(maxParallel: number): Promise<Figures> {
  const repo = llmRepo(server.url, tasks, { project: `max_parallel = ${maxParallel}` });
  try {
    const started = performance.now();
    const result = await repo.run();
    const wall = performance.now() - started;
    if (result.code !== 0) throw new Error(`dgov run exited ${result.code}:\n${result.stderr.slice(-3000)}`);
    return figures(repo.repo.dir, wall, result.cpuMs ?? 0);
  } finally {
    repo.remove();
  }
}

let failed = 0;
let dispatched = 0;
let four!: Figures;
let eight!: Figures;
const walls = { 4: [] as number[], 8: [] as number[] };
const cpus = { 4: [] as number[], 8: [] as number[] };
for (let i = 0; i < repeats; i++) {
  four = await run(4);
  eight = await run(8);
  failed += four.dispatchFailed + eight.dispatchFailed;
  dispatched += four.dispatches + eight.dispatches;
  for (const [n, f] of [[4, four], [8, eight]] as const) walls[n].push(f.wallMs), cpus[n].push(f.cpuMs);
}
const median = (xs: number[]) => summarize("", xs).median;
await server.close();
for (const [n, f] of [[4, four], [8, eight]] as const) {
  const serial = summarize("serial", f.serial);
  const waited = summarize("waited", f.waited);
  console.log(
    `${count} independent, max_parallel ${n}: wall median ${(median(walls[n]) / 1000).toFixed(1)} s, CPU ${(median(cpus[n]) / 1000).toFixed(1)} s   serial section median ${serial.median.toFixed(0)} ms (p90 ${serial.p90.toFixed(0)})   ` +
      `wait for it median ${waited.median.toFixed(0)} ms   merged ${f.merged}/${count}   dispatch_failed ${f.dispatchFailed}`,
  );
}
console.log(`max_parallel 8 / 4 wall: ${(median(walls[8]) / median(walls[4])).toFixed(2)}× (below 1: more workers help), CPU ${(median(cpus[8]) / median(cpus[4])).toFixed(2)}×; the serial section and waits are the last pair's`);
console.log(`dispatch_failed in all ${dispatched} dispatches (${repeats} × both runs): ${failed}`);
console.log(`targets: wall at 8 ≤ 30 s ${median(walls[8]) <= 30_000 ? "ok" : "OVER"}; serial median ≤ 60 ms ${summarize("", eight.serial).median <= 60 ? "ok" : "OVER"}; dispatch_failed 0 ${failed === 0 ? "ok" : "OVER"}`);
