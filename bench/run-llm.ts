/**
 * `dgov run` (compiled binary) with dgov's own LLM worker against a zero-latency scripted
 * model: two turns per task (write the file, then done). Targets (issue 16): 3 independent
 * ≤ 0.4 s and a chain of 3 ≤ 0.5 s wall median, compile included; both non-streaming and
 * streaming. Also reported: CPU per task (the run's processes, git and workers included).
 * Run: bun run build && bun bench/run-llm.ts
 */
import { byTask, type LlmTask, llmRepo } from "../test/fakes/llm-repo.ts";
import { done, startModelServer, write } from "../test/fakes/model-server.ts";
import { report, summarize } from "./measure.ts";

const server = await startModelServer();

async function time(name: string, tasks: LlmTask[], runs: number, target: number, stream: boolean) {
  server.script({ conversations: tasks.map((t) => byTask(t.slug, [write(`${t.slug}.txt`, `${t.slug}\n`), done()])) });
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const repo = llmRepo(server.url, tasks, { provider: `stream = ${stream}` });
    const started = performance.now();
    const run = await repo.run();
    const elapsed = performance.now() - started;
    repo.remove();
    if (run.code !== 0) throw new Error(`${name}: dgov run exited ${run.code}:\n${run.stderr}`);
    if (i > 0) samples.push(elapsed), cpu.push((run.cpuMs ?? 0) / tasks.length); // the first run warms the page cache
  }
  console.log(`${report([summarize(`${name}${stream ? " (stream)" : ""}`, samples)], target)}   CPU per task median ${summarize("", cpu).median.toFixed(0)} ms`);
}

const independent = ["a", "b", "c"].map((slug) => ({ slug, create: [`${slug}.txt`] }));
const chain: LlmTask[] = [
  { slug: "a", create: ["a.txt"] },
  { slug: "b", create: ["b.txt"], deps: ["a"] },
  { slug: "c", create: ["c.txt"], deps: ["b"] },
];
for (const stream of [false, true]) {
  await time("3 independent", independent, 7, 400, stream);
  await time("chain of 3", chain, 7, 500, stream);
}
await server.close();
