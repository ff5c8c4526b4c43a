/** Line coverage of one file: lines that ran, lines that could run, and the percentage (100 for a file with none). */
export interface FileCoverage {
  covered: number;
  total: number;
  percent: number;
}

/** The report formats dgov reads. */
export type CoverageFormat = "coverage.py" | "lcov" | "go";

/** A coverage report as data: repository-relative path → line coverage. */
export interface CoverageReport {
  format: CoverageFormat;
  files: Record<string, FileCoverage>;
}

/** Covered and total lines as a FileCoverage. */
export function fileCoverage(covered: number, total: number): FileCoverage {
  return { covered, total, percent: total === 0 ? 100 : (covered / total) * 100 };
}

/**
 * A reported path relative to the tree the tool ran in: absolute paths under `dir` lose it,
 * leading `./` goes. A path outside the tree (a dependency) stays absolute, so it matches no file.
 */
export function reportPath(file: string, dir: string): string {
  const root = dir.replace(/\/+$/, "");
  let path = root && file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
  while (path.startsWith("./")) path = path.slice(2);
  return path;
}
