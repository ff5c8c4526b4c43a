import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { baselineJson, coverageDrops, dropMessage, readBaseline, readCoverage, readCoveragePy, readGoProfile, readLcov } from "../../../src/code/coverage/index.ts";

// Reports the real tools wrote here on small two-function files whose one test calls `add` only.
const sample = (name: string) => Bun.file(join(import.meta.dir, "samples", name)).text();

describe("coverage readers", () => {
  test("bun test's lcov: DA lines of each SF record", async () => {
    const report = readLcov(await sample("bun.lcov"), "/repo");
    expect(report).toEqual({ format: "lcov", files: { "src/a.ts": { covered: 2, total: 6, percent: (2 / 6) * 100 } } });
  });

  test("c8's lcovonly (node --test): DA lines; FN/BRDA records ignored", async () => {
    const report = readLcov(await sample("c8.lcov"), "/repo");
    expect(report.files).toEqual({ "src/a.mjs": { covered: 4, total: 9, percent: (4 / 9) * 100 } });
  });

  test("lcov with absolute paths (c8, llvm-cov) is made relative to the tree; records of one file merge", () => {
    const text = "SF:/w/t/src/b.ts\nDA:1,0\nDA:2,3\nend_of_record\nSF:/w/t/src/b.ts\nDA:1,1\nDA:3,0\nend_of_record\nSF:/elsewhere/dep.ts\nLF:4\nLH:1\nend_of_record\n";
    const report = readLcov(text, "/w/t/");
    expect(report.files["src/b.ts"]).toEqual({ covered: 2, total: 3, percent: (2 / 3) * 100 });
    expect(report.files["/elsewhere/dep.ts"]).toEqual({ covered: 1, total: 4, percent: 25 });
  });

  test("coverage.py JSON: covered_lines of num_statements, absolute paths relative", async () => {
    const report = readCoveragePy(await sample("coverage-py.json"), "/repo");
    expect(report.files["pkg/calc.py"]).toEqual({ covered: 3, total: 6, percent: 50 });
    expect(report.files["pkg/__init__.py"]).toEqual({ covered: 0, total: 0, percent: 100 });
    const abs = readCoveragePy(JSON.stringify({ files: { "/repo/./x.py": { summary: { covered_lines: 1, num_statements: 4 } } } }), "/repo");
    expect(Object.keys(abs.files)).toEqual(["x.py"]);
  });

  test("Go cover profiles, set and count modes: import paths become repository paths", async () => {
    for (const name of ["go-set.out", "go-count.out"]) {
      const report = readGoProfile(await sample(name), "example.com/m");
      // calc.go: Add's block spans lines 3-5 (ran); Sub's blocks 7-8, 8-10, 11 (never ran).
      expect(report.files).toEqual({ "calc/calc.go": { covered: 3, total: 8, percent: 37.5 } });
    }
  });

  test("readCoverage tells the formats apart by content, and refuses anything else", async () => {
    expect(readCoverage(await sample("bun.lcov"), { dir: "/r" }).format).toBe("lcov");
    expect(readCoverage(await sample("coverage-py.json"), { dir: "/r" }).format).toBe("coverage.py");
    expect(readCoverage(await sample("go-set.out"), { dir: "/r", goModule: "example.com/m" }).format).toBe("go");
    expect(() => readCoverage("<html>", { dir: "/r" })).toThrow(/coverage\.py JSON, lcov, Go cover profile/);
    expect(() => readCoverage('{"totals": {}}', { dir: "/r" })).toThrow(/no "files" object/);
  });
});

describe("baseline and comparison", () => {
  const meta = { tool: "lcov", command: "bun test --coverage", created_at: "2026-01-01T00:00:00.000Z", commit: null };

  test("the baseline file round-trips and is coverage.py-shaped (dgov-py reads percent_covered)", async () => {
    const report = readLcov(await sample("bun.lcov"), "/repo");
    const json = JSON.parse(baselineJson(report, meta));
    expect(json.files["src/a.ts"].summary).toEqual({ covered_lines: 2, num_statements: 6, percent_covered: 33.33 });
    expect(json.meta.dgov.tool).toBe("lcov");
    expect(readBaseline(baselineJson(report, meta)).files["src/a.ts"]).toEqual(report.files["src/a.ts"]!);
  });

  test("a dgov-py baseline with percent_covered only is read", () => {
    const old = readBaseline(JSON.stringify({ files: { "src/pkg.py": { summary: { percent_covered: 95 } } } }));
    const now = readCoveragePy(JSON.stringify({ files: { "src/pkg.py": { summary: { covered_lines: 90, num_statements: 100 } } } }), "");
    expect(coverageDrops(old, now, ["src/pkg.py"], 2).map((d) => d.points)).toEqual([5]);
  });

  const report = (files: Record<string, [number, number]>) => ({
    format: "lcov" as const,
    files: Object.fromEntries(Object.entries(files).map(([f, [c, t]]) => [f, { covered: c, total: t, percent: (c / t) * 100 }])),
  });

  test("a drop strictly past the threshold fails (spec: 95 → 93.1 passes, 92.9 fails, threshold 2)", () => {
    const base = report({ "a.py": [950, 1000] });
    expect(coverageDrops(base, report({ "a.py": [931, 1000] }), ["a.py"], 2)).toEqual([]);
    expect(coverageDrops(base, report({ "a.py": [930, 1000] }), ["a.py"], 2)).toEqual([]);
    expect(coverageDrops(base, report({ "a.py": [929, 1000] }), ["a.py"], 2).map((d) => d.points)).toEqual([2.1]);
  });

  test("only the given files are judged; new files and unmeasured ones are not; a vanished one is 0%", () => {
    const base = report({ "a.ts": [9, 10], "b.ts": [9, 10] });
    const now = report({ "b.ts": [1, 10], "c.ts": [0, 10] });
    const drops = coverageDrops(base, now, ["a.ts", "c.ts"], 5);
    expect(drops.map((d) => [d.file, d.after])).toEqual([["a.ts", null]]);
    expect(dropMessage(drops[0]!, 5)).toBe("a.ts: line coverage 90.0% → 0.0% (no test runs it any more) (−90.0 points, threshold 5)");
  });

  test("the finding names the file and both figures", () => {
    const [drop] = coverageDrops(report({ "src/a.ts": [920, 1000] }), report({ "src/a.ts": [615, 1000] }), ["src/a.ts"], 5);
    expect(dropMessage(drop!, 5)).toBe("src/a.ts: line coverage 92.0% → 61.5% (−30.5 points, threshold 5)");
  });
});
