/**
 * History reads on a long-lived store (issue 16): `dgov status` and `dgov watch --json --all
 * --no-follow` on a plan with 100,000 events, wall time and peak memory (max RSS) of the
 * compiled binary. Targets: status ≤ 200 ms and ≤ 80 MiB; watch ≤ 64 MiB peak. The baseline,
 * measured in the same run, is the same command on a store holding one finished run of 5 tasks:
 * the ratio says what the history costs. The events are a run's mix: per task a dispatch,
 * hundreds of worker lines, LLM usage per turn, a settlement with its gates, the landing.
 * Run: bun run build && bun bench/history.ts
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { project } from "./history-store.ts";
import { peakMemory, timeCommand } from "./measure.ts";

const bin = join(import.meta.dir, "..", "dist", "dgov");
const RUNS = 10;

/** Wall time, and peak memory (the process's own high-water mark), of `dgov <argv>` in `cwd`. */
const measure = async (name: string, argv: string[], cwd: string) => ({ ...timeCommand(name, [bin, ...argv], { runs: RUNS, warmup: 1, cwd }), peakMiB: await peakMemory([bin, ...argv], { cwd }) });

const small = project(5, 20);
const big = project(200, 480);
try {
  const rows: [string, string[], number, number][] = [
    ["status --all --json", ["status", "--all", "--json"], 200, 80],
    ["watch --json --all --no-follow", ["watch", "--json", "--all", "--no-follow"], Number.POSITIVE_INFINITY, 64],
  ];
  console.log("History reads: 100k events against a 5-task store (same run)");
  for (const [label, argv, maxMs, maxMiB] of rows) {
    const base = await measure(label, argv, small);
    const m = await measure(label, argv, big);
    const ok = m.median <= maxMs && m.peakMiB <= maxMiB ? "ok" : "OVER";
    const target = `${Number.isFinite(maxMs) ? `≤ ${maxMs} ms, ` : ""}≤ ${maxMiB} MiB`;
    console.log(
      `${label.padEnd(32)} median ${m.median.toFixed(1).padStart(7)} ms  peak ${m.peakMiB.toFixed(1).padStart(6)} MiB   baseline ${base.median.toFixed(1)} ms / ${base.peakMiB.toFixed(1)} MiB   ratio ${(m.median / base.median).toFixed(2)}× time, ${(m.peakMiB / base.peakMiB).toFixed(2)}× memory   (${target}) ${ok}`,
    );
  }
} finally {
  rmSync(small, { recursive: true, force: true });
  rmSync(big, { recursive: true, force: true });
}
