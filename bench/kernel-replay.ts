/**
 * Kernel replay speed: folding a recorded event log through `reduce`. Target (issue 4):
 * 100,000 events ≤ 1 s. The log is a real one: runs of a 200-task plan driven to completion
 * through the decisions the runner records, with retries, run after run (--restart-like).
 */
import { createKernel } from "../src/kernel/init.ts";
import { reduce, replay } from "../src/kernel/reduce.ts";
import type { KernelEvent } from "../src/kernel/types.ts";
import { decisionOf } from "../src/runner/loop.ts";
import { report, summarize } from "./measure.ts";

const specs = Array.from({ length: 200 }, (_, i) => ({ id: `t${String(i).padStart(5, "0")}`, deps: i % 10 ? [`t${String(i - 1).padStart(5, "0")}`] : [], maxForks: 1 }));
let state = createKernel(specs);
const log: KernelEvent[] = [];
const feed = (event: KernelEvent) => {
  const queue = [event];
  while (queue.length) {
    const e = queue.shift()!;
    log.push(e);
    const [next, actions] = reduce(state, e);
    state = next;
    for (const a of actions) {
      const d = decisionOf(a);
      if (d) queue.unshift(d);
    }
  }
};
let n = 0;
let runs = 0;
while (log.length < 100_000) {
  const busy = state.order.filter((id) => ["dispatching", "active", "settling"].includes(state.tasks[id]!.state));
  if (busy.length === 0) {
    // A new run of the same plan over a fresh kernel: history keeps growing like a long-lived plan's.
    state = createKernel(specs);
    feed({ type: "run_start", run: `r${runs++}`, maxParallel: 8, maxRetries: 3, mergeOrder: "topological", resume: false });
    continue;
  }
  for (const id of busy) {
    const s = state.tasks[id]!.state;
    if (s === "dispatching") feed({ type: "dag_task_dispatched", task: id, pane: "p" });
    else if (s === "active") feed(n++ % 7 === 0 ? { type: "task_failed", task: id, error: "flaky", kind: "error", retryable: true } : { type: "task_done", task: id });
    else feed({ type: "merge_completed", task: id, sha: "s" });
  }
}
const events = log.slice(0, 100_000);
const samples: number[] = [];
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  replay(createKernel(specs), events);
  samples.push(performance.now() - started);
}
console.log(`kernel replay of ${events.length.toLocaleString()} events (${runs} runs of a ${specs.length}-task plan)`);
console.log(report([summarize("replay", samples)], 1000));
