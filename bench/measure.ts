/** Small helpers for benchmarks: wall-clock samples of a command, summarized. */

export interface Summary {
  name: string;
  runs: number;
  median: number;
  p90: number;
  min: number;
}

/**
 * Runs argv `runs` times after `warmup` runs; times are milliseconds of wall clock, and
 * `peakMiB` the largest resident memory (max RSS) of a measured run.
 */
export function timeCommand(name: string, argv: string[], opts: { runs?: number; warmup?: number; cwd?: string } = {}): Summary & { peakMiB: number } {
  const runs = opts.runs ?? 30;
  const samples: number[] = [];
  let peakMiB = 0;
  for (let i = 0; i < (opts.warmup ?? 5) + runs; i++) {
    const started = performance.now();
    const proc = Bun.spawnSync(argv, { cwd: opts.cwd, stdout: "ignore", stderr: "pipe" });
    const elapsed = performance.now() - started;
    if (proc.exitCode !== 0) throw new Error(`${argv.join(" ")} exited ${proc.exitCode}:\n${proc.stderr.toString().slice(0, 2000)}`);
    if (i < (opts.warmup ?? 5)) continue;
    samples.push(elapsed);
    peakMiB = Math.max(peakMiB, proc.resourceUsage.maxRSS / 1024 / 1024);
  }
  return { ...summarize(name, samples), peakMiB };
}

export function summarize(name: string, samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { name, runs: samples.length, median: at(0.5), p90: at(0.9), min: sorted[0]! };
}

export function report(rows: Summary[], targetMs?: number): string {
  const lines = rows.map(
    (r) =>
      `${r.name.padEnd(28)} median ${r.median.toFixed(1).padStart(7)} ms   p90 ${r.p90.toFixed(1).padStart(7)} ms   min ${r.min.toFixed(1).padStart(7)} ms   (${r.runs} runs)${
        targetMs === undefined ? "" : r.median <= targetMs ? "   ok" : `   OVER ${targetMs} ms`
      }`,
  );
  return lines.join("\n");
}
