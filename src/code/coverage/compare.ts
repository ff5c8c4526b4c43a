import type { CoverageReport, FileCoverage } from "./types.ts";

/** A file whose line coverage fell by more than the threshold. */
export interface CoverageDrop {
  file: string;
  before: FileCoverage;
  /** Null when the report no longer measures the file: no test loads it any more (0%). */
  after: FileCoverage | null;
  /** Percentage points lost. */
  points: number;
}

const percentOf = (c: FileCoverage | null): number => c?.percent ?? 0;

/**
 * The files of `paths` the baseline measured whose coverage now is lower by more than
 * `threshold` points (strictly more, as dgov-py). A file the baseline lacks (new, or never
 * measured) has nothing to drop from. A file with no measurable lines before is not judged.
 */
export function coverageDrops(baseline: CoverageReport, current: CoverageReport, paths: readonly string[], threshold: number): CoverageDrop[] {
  const drops: CoverageDrop[] = [];
  for (const file of [...new Set(paths)].sort()) {
    const before = baseline.files[file];
    if (!before || (before.total === 0 && before.covered === 0 && before.percent >= 100)) continue;
    const after = current.files[file] ?? null;
    // Rounded to the hundredth of a point: 95 → 93 is a drop of 2, not 2.0000000001.
    const points = Math.round((before.percent - percentOf(after)) * 100) / 100;
    if (points > threshold) drops.push({ file, before, after, points });
  }
  return drops;
}

const pct = (n: number) => `${n.toFixed(1)}%`;

/** `src/a.ts: line coverage 92.0% → 61.5% (−30.5 points, threshold 5)`. */
export function dropMessage(drop: CoverageDrop, threshold: number): string {
  const after = drop.after ? pct(drop.after.percent) : "0.0% (no test runs it any more)";
  return `${drop.file}: line coverage ${pct(drop.before.percent)} → ${after} (−${drop.points.toFixed(1)} points, threshold ${threshold})`;
}
