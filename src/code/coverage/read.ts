import { readCoveragePy } from "./coverage-py.ts";
import { readGoProfile } from "./go-profile.ts";
import { readLcov } from "./lcov.ts";
import type { CoverageReport } from "./types.ts";

/** Where the report's paths are relative to: the tree the tool ran in, and its Go module path. */
export interface ReportPlace {
  dir: string;
  goModule?: string | null;
}

/**
 * A coverage report in any format dgov reads, told apart by its content: a Go profile starts
 * with `mode:`, coverage.py's JSON with `{`, an lcov tracefile has `SF:` records. Throws
 * (naming the formats) when it is none of them.
 */
export function readCoverage(text: string, place: ReportPlace): CoverageReport {
  const head = text.trimStart();
  if (head.startsWith("mode:")) return readGoProfile(text, place.goModule ?? null);
  if (head.startsWith("{")) return readCoveragePy(text, place.dir);
  if (/^SF:/m.test(text)) return readLcov(text, place.dir);
  throw new Error("not a coverage report dgov reads (coverage.py JSON, lcov, Go cover profile)");
}
