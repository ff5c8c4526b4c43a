import { type CoverageReport, fileCoverage, reportPath } from "./types.ts";

/**
 * An lcov tracefile (`bun test --coverage-reporter=lcov`, c8/istanbul `lcovonly`, `cargo llvm-cov
 * --lcov`): one `SF:` record per file up to `end_of_record`. Lines come from the `DA:<line>,<hits>`
 * entries (a line listed twice counts once, covered if any entry ran it); `LF`/`LH` only when a
 * record has no `DA` lines. Records of one file (several test binaries) are merged.
 */
export function readLcov(text: string, dir: string): CoverageReport {
  const lines = new Map<string, Map<number, boolean>>();
  const summary = new Map<string, { lf: number; lh: number }>();
  let file: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("SF:")) {
      file = reportPath(line.slice(3), dir);
      if (!lines.has(file)) lines.set(file, new Map());
    } else if (line === "end_of_record") file = null;
    else if (file && line.startsWith("DA:")) {
      const [n, hits] = line.slice(3).split(",");
      const seen = lines.get(file)!;
      const number = Number(n);
      if (Number.isInteger(number)) seen.set(number, (seen.get(number) ?? false) || Number(hits) > 0);
    } else if (file && (line.startsWith("LF:") || line.startsWith("LH:"))) {
      const s = summary.get(file) ?? { lf: 0, lh: 0 };
      if (line.startsWith("LF:")) s.lf += Number(line.slice(3)) || 0;
      else s.lh += Number(line.slice(3)) || 0;
      summary.set(file, s);
    }
  }
  const files: CoverageReport["files"] = {};
  for (const [path, seen] of lines) {
    const s = summary.get(path);
    files[path] = seen.size || !s ? fileCoverage([...seen.values()].filter(Boolean).length, seen.size) : fileCoverage(s.lh, s.lf);
  }
  return { format: "lcov", files };
}
