export { BASELINE_PATH, type BaselineMeta, baselineJson, readBaseline } from "./baseline.ts";
export { type CoverageDrop, coverageDrops, dropMessage } from "./compare.ts";
export { readCoveragePy } from "./coverage-py.ts";
export { goModule, readGoProfile } from "./go-profile.ts";
export { readLcov } from "./lcov.ts";
export { readCoverage, type ReportPlace } from "./read.ts";
export { type CoverageFormat, type CoverageReport, type FileCoverage, fileCoverage, reportPath } from "./types.ts";
