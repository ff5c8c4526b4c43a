import { type CoverageReport, type FileCoverage, fileCoverage, reportPath } from "./types.ts";

type Table = Record<string, unknown>;
const table = (value: unknown): Table | null => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Table) : null);
const count = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null);

/**
 * One file's entry: `summary.covered_lines` of `summary.num_statements` (line coverage, even
 * when the report also measured branches), else `summary.percent_covered` alone, as dgov-py's
 * baselines may hold it.
 */
function entry(value: unknown): FileCoverage | null {
  const summary = table(table(value)?.summary);
  if (!summary) return null;
  const covered = count(summary.covered_lines);
  const total = count(summary.num_statements);
  if (covered !== null && total !== null) return fileCoverage(covered, total);
  const percent = count(summary.percent_covered);
  return percent === null ? null : { covered: 0, total: 0, percent };
}

/**
 * coverage.py's JSON report (`coverage json`, `pytest --cov-report=json:…`):
 * `{"files": {"<path>": {"summary": {…}}}}`. Also the format of `.coverage-baseline/coverage.json`.
 * Throws when the text is not such a report.
 */
export function readCoveragePy(text: string, dir: string): CoverageReport {
  const files = table(table(JSON.parse(text))?.files);
  if (!files) throw new Error('not a coverage.py JSON report: no "files" object');
  const out: CoverageReport["files"] = {};
  for (const [path, value] of Object.entries(files)) {
    const file = entry(value);
    if (file) out[reportPath(path, dir)] = file;
  }
  return { format: "coverage.py", files: out };
}
