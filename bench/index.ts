/** Runs every benchmark in turn (`bun run bench`). Each file also runs on its own. */
const BENCHES = ["cli-startup.ts", "code-parse.ts", "compile.ts", "run-overhead.ts", "settle-gates.ts", "run-llm.ts", "kernel-replay.ts", "kernel-live.ts", "kill-anywhere.ts", "settle-reuse.ts", "semantic-gate.ts", "history.ts", "merge-order.ts"];

for (const file of BENCHES) {
  console.log(`\n== ${file}`);
  const proc = Bun.spawnSync(["bun", new URL(file, import.meta.url).pathname], { stdout: "inherit", stderr: "inherit" });
  if (proc.exitCode !== 0) process.exit(proc.exitCode ?? 1);
}
