/**
 * Worker start-up (issue 16): from spawning `dgov __worker --spec <file>` to the model server
 * receiving its first request, standalone and uncontended (one at a time), with the spec a
 * real run wrote. Target ≤ 50 ms median. Baseline in the same run: a compiled hello-world
 * that sends one request to the same server (the floor of a Bun executable that talks HTTP).
 * Run: bun run build && bun bench/worker-start.ts
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DGOV_BIN } from "../test/fakes/dgov.ts";
import { byTask, llmRepo, TEST_KEY, TEST_KEY_ENV } from "../test/fakes/llm-repo.ts";
import { done, startModelServer } from "../test/fakes/model-server.ts";
import { report, summarize } from "./measure.ts";

const RUNS = 30;
const server = await startModelServer();
// A task whose worker changes nothing fails settlement: its worktree and spec stay behind.
server.script({ conversations: [byTask("a", [done(), done(), done(), done()])] });
// A small TypeScript project, as the repo map reads it: 40 modules with a few functions each.
const files: Record<string, string> = { "package.json": '{ "name": "fixture", "type": "module" }\n' };
for (let i = 0; i < 40; i++) {
  files[`src/mod${i}.ts`] = Array.from({ length: 6 }, (_, j) => `export function f${i}_${j}(x: number): number {\n  return x * ${j} + ${i};\n}\n`).join("\n");
}
files["src/index.ts"] = Array.from({ length: 40 }, (_, i) => `export * from "./mod${i}.ts";`).join("\n") + "\n";
const repo = llmRepo(server.url, [{ slug: "a", create: ["a.txt"] }], { plan: "max_retries = 0", language: "typescript", files });
const dir = mkdtempSync(join(tmpdir(), "dgov-bench-worker-"));
try {
  const ran = await repo.run();
  if (!existsSync(join(repo.repo.dir, ".dgov", "out"))) throw new Error(`the run made no worker spec:\n${ran.stderr}`);
  const out = join(repo.repo.dir, ".dgov", "out");
  const spec = readdirSync(out, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(".spec.json"));
  if (!spec) throw new Error(`no worker spec under ${out}`);

  /** Spawns argv: the time to the server's next request, and the CPU the process used to its end (it answers `done`), in ms. */
  async function firstRequest(argv: string[], stdin: string): Promise<{ ms: number; cpuMs: number }> {
    const seen = server.requests.length;
    const started = Date.now();
    const proc = Bun.spawn(argv, { cwd: repo.repo.dir, stdin: new Blob([stdin]), stdout: "ignore", stderr: "ignore", env: { ...process.env, [TEST_KEY_ENV]: TEST_KEY } });
    while (server.requests.length === seen && proc.exitCode === null) await Bun.sleep(1);
    const at = server.requests[seen]?.at;
    await proc.exited;
    if (at === undefined) throw new Error(`${argv.join(" ")} exited ${proc.exitCode} before any request`);
    const cpu = proc.resourceUsage()!.cpuTime;
    return { ms: at - started, cpuMs: Number(cpu.user + cpu.system) / 1000 };
  }

  writeFileSync(join(dir, "hello.ts"), `await fetch(${JSON.stringify(`${server.url}/chat/completions`)}, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "[[task:a]]" }] }) }).catch(() => {});\n`);
  const built = Bun.spawnSync(["bun", "build", join(dir, "hello.ts"), "--compile", "--outfile", join(dir, "hello")], { stdout: "ignore", stderr: "pipe" });
  if (built.exitCode !== 0) throw new Error(`could not build the hello-world: ${built.stderr.toString()}`);

  const worker: number[] = [];
  const hello: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    server.script({ conversations: [byTask("a", [done()])] });
    const w = await firstRequest([DGOV_BIN, "__worker", "--spec", join(out, spec), "--key-stdin"], `${TEST_KEY}\n`);
    const h = await firstRequest([join(dir, "hello")], "");
    if (i >= 3) worker.push(w.ms), hello.push(h.ms), cpu.push(w.cpuMs); // the first runs warm the page cache
  }
  const w = summarize("worker → first request", worker);
  const h = summarize("hello-world → request", hello);
  console.log("Worker start-up (target ≤ 50 ms median; ms resolution)");
  console.log(report([h]));
  console.log(report([w], 50));
  console.log(`worker / hello-world: ${(w.median / h.median).toFixed(2)}×; the worker's CPU to its end (one turn) median ${summarize("", cpu).median.toFixed(0)} ms`);
} finally {
  repo.remove();
  rmSync(dir, { recursive: true, force: true });
  await server.close();
  if (existsSync(dir)) throw new Error(`could not remove ${dir}`);
}
