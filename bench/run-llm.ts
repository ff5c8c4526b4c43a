/**
 * `dgov run` (compiled binary) with dgov's own LLM worker against a zero-latency scripted
 * model: two turns per task (write the file, then done). Targets (issue 16): 3 independent
 * ≤ 0.4 s and a chain of 3 ≤ 0.5 s wall median, compile included; both non-streaming and
 * streaming. Also reported: CPU per task (the run's processes, git and workers included).
 * With DGOV_BASELINE_BIN (an earlier build, e.g. of the commit before issue 16), every run is
 * paired with one of the baseline, alternating which goes first, and the ratios are printed.
 * Run: bun run build && bun bench/run-llm.ts
 */
import { byTask, type LlmTask, llmRepo } from "../test/fakes/llm-repo.ts";
import { done, startModelServer, write } from "../test/fakes/model-server.ts";
import { report, summarize } from "./measure.ts";

const server = await startModelServer();
const baseline = process.env.DGOV_BASELINE_BIN;

/** One run of `tasks` by `bin` (undefined: the build under test): wall and CPU per task in ms. */
async function once(tasks: LlmTask[], stream: boolean, bin?: string): Promise<{ wall: number; cpu: number }> {
  server.script({ conversations: tasks.map((t) => byTask(t.slug, [write(`${t.slug}.txt`, `${t.slug}\n`), done()])) });
  const repo = llmRepo(server.url, tasks, { provider: `stream = ${stream}`, ...(bin ? { bin } : {}) });
  const started = performance.now();
  const run = await repo.run();
  const wall = performance.now() - started;
  repo.remove();
  if (run.code !== 0) throw new Error(`dgov run (${bin ?? "this build"}) exited ${run.code}:\n${run.stderr}`);
  return { wall, cpu: (run.cpuMs ?? 0) / tasks.length };
}

async function time(name: string, tasks: LlmTask[], runs: number, target: number, stream: boolean) {
  const label = `${name}${stream ? " (stream)" : ""}`;
  const ours = { wall: [] as number[], cpu: [] as number[] };
  const theirs = { wall: [] as number[], cpu: [] as number[] };
  for (let i = 0; i < runs + 1; i++) {
    const pair = baseline && i % 2 === 1 ? [theirs, ours] : [ours, theirs];
    for (const into of baseline ? pair : [ours]) {
      const r = await once(tasks, stream, into === theirs ? baseline : undefined);
      if (i > 0) into.wall.push(r.wall), into.cpu.push(r.cpu); // the first runs warm the page cache
    }
  }
  const cpu = summarize("", ours.cpu).median;
  console.log(`${report([summarize(label, ours.wall)], target)}   CPU per task median ${cpu.toFixed(0)} ms`);
  if (!baseline) return;
  const base = { wall: summarize("", theirs.wall).median, cpu: summarize("", theirs.cpu).median };
  console.log(`  baseline ${baseline}: wall median ${base.wall.toFixed(0)} ms, CPU per task ${base.cpu.toFixed(0)} ms → wall ${(summarize("", ours.wall).median / base.wall).toFixed(2)}×, CPU per task ${(cpu / base.cpu).toFixed(2)}× (target ≤ 0.50×)`);
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
