/**
 * Merge order on 4 independent chains of 5 tasks (issue 16): `dgov run` (compiled binary) with
 * dgov's LLM worker against a zero-latency scripted model, max_parallel 4, under each
 * `merge_order`. Target: the default (`component`) within 10 % of `ready` wall time; the ratio
 * to `ready`, measured in the same run, is the figure. `topological` (dgov-py's order) is shown
 * for comparison: a finished task waits there behind every earlier chain.
 * Run: bun run build && bun bench/merge-order.ts
 */
import { byTask, type LlmTask, llmRepo } from "../test/fakes/llm-repo.ts";
import { done, startModelServer, write } from "../test/fakes/model-server.ts";
import { summarize } from "./measure.ts";

const RUNS = 9;
const tasks: LlmTask[] = ["a", "b", "c", "d"].flatMap((chain) =>
  Array.from({ length: 5 }, (_, i) => ({ slug: `${chain}${i}`, create: [`${chain}${i}.txt`], ...(i ? { deps: [`${chain}${i - 1}`] } : {}) })),
);
const server = await startModelServer();
server.script({ conversations: tasks.map((t) => byTask(t.slug, [write(`${t.slug}.txt`, `${t.slug}\n`), done()])) });

/** Wall time of whole runs, one warm-up first; the orders alternate so load drifts hit each alike. */
const samples: Record<string, number[]> = { component: [], topological: [], ready: [] };
for (let i = 0; i <= RUNS; i++) {
  for (const order of Object.keys(samples)) {
    const repo = llmRepo(server.url, tasks, { project: `max_parallel = 4\nmerge_order = "${order}"` });
    const started = performance.now();
    const run = await repo.run();
    const took = performance.now() - started;
    repo.remove();
    if (run.code !== 0) throw new Error(`${order}: dgov run exited ${run.code}:\n${run.stderr}`);
    if (i > 0) samples[order]!.push(took);
  }
}
await server.close();
const ready = summarize("ready", samples.ready!).median;
console.log("4 chains × 5 tasks, max_parallel 4 (target: component within 10 % of ready)");
for (const [order, s] of Object.entries(samples)) {
  const m = summarize(order, s);
  const ratio = m.median / ready;
  console.log(`${order.padEnd(12)} median ${m.median.toFixed(0).padStart(6)} ms   p90 ${m.p90.toFixed(0).padStart(6)} ms   ${ratio.toFixed(2)}× ready${order === "component" ? (ratio <= 1.1 ? "   ok" : "   OVER") : ""}`);
}
