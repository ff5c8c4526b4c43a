/**
 * The semantic gate's checks on a 2,000-line changed file set per grammar (issue 15: ≤ 100 ms
 * median added to settlement): every file changed by both the task and the target, so each is
 * parsed in all five versions (task base, task commit, target, candidate, baseline) and every
 * check runs. Built from the syntax fixtures (test/fixtures/syntax), names suffixed per copy.
 * Run: bun bench/semantic-gate.ts
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze, type FileVersions } from "../gates/semantic-checks.ts";
import type { Grammar } from "../src/code/syntax/index.ts";
import { report, summarize } from "./measure.ts";

const FIXTURES = join(import.meta.dir, "..", "test", "fixtures", "syntax");
const SOURCES: Record<string, [Grammar, string[]]> = {
  typescript: ["typescript", ["ts/src/shapes.ts", "ts/src/math.ts", "ts/src/index.ts"]],
  javascript: ["javascript", ["js/lib/stats.js", "js/lib/round.js"]],
  python: ["python", ["python/src/geometry/shapes.py", "python/src/geometry/units.py"]],
  go: ["go", ["go/shapes/shapes.go"]],
  rust: ["rust", ["rust/src/shapes.rs", "rust/src/units.rs"]],
};
const LINES = 2_000;
const FILES = 8;
const RUNS = 15;

function fileSet(sources: string[]): string[] {
  const base = sources.map((rel) => readFileSync(join(FIXTURES, rel), "utf8")).join("\n");
  const perFile = Math.ceil(LINES / FILES);
  return Array.from({ length: FILES }, (_, copy) => {
    let text = "";
    while (text.split("\n").length < perFile) text += `${base.replace(/\b([A-Z]\w{3,})\b/g, `$1${copy}`)}\n`;
    return text.split("\n").slice(0, perFile).join("\n");
  });
}

/** Each file changed on both sides: a line added at its top by the target, one at its end by the task. */
function versions(grammar: Grammar, files: string[]): FileVersions[] {
  const note = grammar === "python" ? "# note" : "// note";
  return files.map((text, i) => {
    const target = `${note}\n${text}`;
    return { path: `f${i}`, grammar, base: text, task: `${text}\n${note}\n`, target, integrated: `${target}\n${note}\n`, baseline: target, taskChanged: true, targetChanged: true };
  });
}

const commits = { task: "aaaaaaaa", target: () => ["bbbbbbb"] };
const rows = [];
for (const [name, [grammar, sources]] of Object.entries(SOURCES)) {
  const set = versions(grammar, fileSet(sources));
  await analyze(set, commits, true);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await analyze(set, commits, true);
    samples.push(performance.now() - t);
  }
  rows.push(summarize(`${name} (${LINES} lines, ${FILES} files, 5 versions each)`, samples));
}
console.log("Semantic gate checks on a changed file set changed by both sides");
console.log(report(rows, 100));
