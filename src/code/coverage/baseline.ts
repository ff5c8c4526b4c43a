import { readCoveragePy } from "./coverage-py.ts";
import type { CoverageReport } from "./types.ts";

/** The baseline's place in the project root (a reserved path: no task may write it). */
export const BASELINE_PATH = ".coverage-baseline/coverage.json";

/** What `dgov coverage-baseline` records beside the figures. */
export interface BaselineMeta {
  /** The report format coverage_cmd wrote. */
  tool: string;
  command: string;
  /** ISO time of the measurement. */
  created_at: string;
  /** The commit measured, when the root had one. */
  commit: string | null;
}

/**
 * The baseline file: coverage.py's JSON shape (`files.<path>.summary`), so dgov-py reads ours and
 * we read its, with line counts for every format and the measurement's facts under `meta.dgov`.
 */
export function baselineJson(report: CoverageReport, meta: BaselineMeta): string {
  const files: Record<string, unknown> = {};
  for (const path of Object.keys(report.files).sort()) {
    const f = report.files[path]!;
    files[path] = { summary: { covered_lines: f.covered, num_statements: f.total, percent_covered: Math.round(f.percent * 100) / 100 } };
  }
  return `${JSON.stringify({ meta: { format: 3, dgov: meta }, files }, null, 2)}\n`;
}

/** A baseline file's figures (ours or dgov-py's coverage.py report); throws when it is neither. */
export function readBaseline(text: string): CoverageReport {
  return readCoveragePy(text, "");
}
