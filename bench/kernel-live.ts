/**
 * The kernel in a live run of a long plan: every event a run records goes through `reduce`,
 * which proposes the next decision (scheduling) after each. Plans of 200, 1,000 and 2,000
 * independent tasks are driven to completion at max_parallel 8 (dispatch, work, settlement, the
 * integration slot), and the time per event is reported against folding the same log by
 * `replay` (the same transitions without scheduling): the baseline in the same run. Scheduling
 * must stay a small multiple of the fold however long the plan (it was quadratic: 1,000 tasks
 * took 30 s of kernel time, 2,000 tasks 411 s).
 * Run: bun bench/kernel-live.ts
 */
import { createKernel, type KernelTaskSpec } from "../src/kernel/init.ts";
import { replay } from "../src/kernel/reduce.ts";
import type { KernelEvent, KernelState } from "../src/kernel/types.ts";
import { drive as feedAll } from "../test/kernel/drive.ts";

/** Drives a plan of independent tasks to completion; the log and the ms spent in `reduce`. */
function drive(specs: KernelTaskSpec[]): { log: KernelEvent[]; reduceMs: number; merged: number } {
  let state: KernelState = createKernel(specs);
  const log: KernelEvent[] = [];
  let reduceMs = 0;
  // Each event and the decisions it leads to, as the runner records them.
  const feed = (event: KernelEvent) => {
    const started = performance.now();
    const driven = feedAll(state, [event]);
    reduceMs += performance.now() - started;
    state = driven.state;
    log.push(...driven.log);
  };
  feed({ type: "run_start", run: "r", maxParallel: 8, maxRetries: 3, mergeOrder: "component", resume: false });
  for (;;) {
    const busy = state.order.filter((id) => ["dispatching", "active", "settling"].includes(state.tasks[id]!.state));
    if (busy.length === 0) break;
    for (const id of busy) {
      const t = state.tasks[id]!;
      if (t.state === "dispatching") feed({ type: "dag_task_dispatched", task: id, pane: "p" });
      else if (t.state === "active") feed({ type: "task_done", task: id });
      else if (t.integrating) feed({ type: "merge_completed", task: id, sha: "s" });
      else if (!t.prepared) feed({ type: "settlement_prepared", task: id, sha: "s" });
    }
  }
  return { log, reduceMs, merged: state.order.filter((id) => state.tasks[id]!.state === "merged").length };
}

const perEvent = (ms: number, events: number) => (ms * 1000) / events;
const rows: { count: number; live: number; fold: number }[] = [];
for (const count of [200, 1000, 2000]) {
  const specs = Array.from({ length: count }, (_, i) => ({ id: `t${String(i).padStart(5, "0")}`, deps: [], maxForks: 1 }));
  const { log, reduceMs, merged } = drive(specs);
  if (merged !== count) throw new Error(`${count} tasks: only ${merged} merged`);
  const started = performance.now();
  replay(createKernel(specs), log);
  const fold = perEvent(performance.now() - started, log.length);
  const live = perEvent(reduceMs, log.length);
  rows.push({ count, live, fold });
  console.log(`${count} independent tasks: ${log.length.toLocaleString()} events, live reduce ${live.toFixed(1)} µs/event (${(reduceMs / 1000).toFixed(2)} s in all), replay fold ${fold.toFixed(1)} µs/event: live / fold ${(live / fold).toFixed(1)}×`);
}
const [small, , large] = rows;
console.log(`per event, 2,000 tasks against 200: live ${(large!.live / small!.live).toFixed(1)}× (10× more tasks; each reduce copies the state, so linear growth is the floor)`);
