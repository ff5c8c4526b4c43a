/** Small helpers for benchmarks: wall-clock samples of a command, summarized. */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

export interface Summary {
  name: string;
  runs: number;
  median: number;
  p90: number;
  min: number;
}

/** Runs argv `runs` times after `warmup` runs; times are milliseconds of wall clock. */
export function timeCommand(name: string, argv: string[], opts: { runs?: number; warmup?: number; cwd?: string } = {}): Summary {
  const runs = opts.runs ?? 30;
  const samples: number[] = [];
  for (let i = 0; i < (opts.warmup ?? 5) + runs; i++) {
    const started = performance.now();
    const proc = Bun.spawnSync(argv, { cwd: opts.cwd, stdout: "ignore", stderr: "pipe" });
    const elapsed = performance.now() - started;
    if (proc.exitCode !== 0) throw new Error(`${argv.join(" ")} exited ${proc.exitCode}:\n${proc.stderr.toString().slice(0, 2000)}`);
    if (i >= (opts.warmup ?? 5)) samples.push(elapsed);
  }
  return summarize(name, samples);
}

const hiwater = (pid: number): number | null => {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
};

/**
 * The peak resident memory of argv, in MiB: the largest of `runs` runs, each its process's own
 * high-water mark (VmHWM), read while it runs. Not the exit status's max RSS: on Linux a child
 * spawned by this process reports at least this process's own size (its memory before exec).
 */
export async function peakMemory(argv: string[], opts: { runs?: number; cwd?: string } = {}): Promise<number> {
  let peak = 0;
  for (let i = 0; i < (opts.runs ?? 3); i++) {
    const proc = Bun.spawn(argv, { cwd: opts.cwd, stdout: "ignore", stderr: "ignore" });
    let seen = 0;
    while (proc.exitCode === null && proc.signalCode === null) {
      seen = Math.max(seen, hiwater(proc.pid) ?? 0);
      await Bun.sleep(1);
    }
    if ((await proc.exited) !== 0) throw new Error(`${argv.join(" ")} exited ${proc.exitCode}`);
    peak = Math.max(peak, seen);
  }
  return peak;
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

/** The machine's CPU time counters (all cores, /proc/stat's jiffies), or null off Linux. */
export function cpuClock(): { total: number; idle: number } | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are the cores doing nothing.
    return { total: fields.reduce((a, b) => a + b, 0), idle: fields[3]! + fields[4]! };
  } catch {
    return null;
  }
}

/** How many of the machine's cores were busy on average between two `cpuClock()` readings. */
export function busyCores(from: ReturnType<typeof cpuClock>, to: ReturnType<typeof cpuClock>): number | null {
  if (!from || !to || to.total === from.total) return null;
  return (1 - (to.idle - from.idle) / (to.total - from.total)) * availableParallelism();
}
