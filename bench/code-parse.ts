/**
 * The syntax layer's cost: parse + definitions of a 2,000-line file set per grammar, built from
 * the fixture projects (test/fixtures/syntax) with their names renamed per copy. The first
 * parse of a grammar also loads it (and the runtime, for the first grammar): shown apart.
 * Run: bun bench/code-parse.ts
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { definitions, type Grammar, imports, parseFile } from "../src/code/syntax/index.ts";
import { report, summarize } from "./measure.ts";

const FIXTURES = join(import.meta.dir, "..", "test", "fixtures", "syntax");
const SOURCES: Record<Grammar, string[]> = {
  typescript: ["ts/src/shapes.ts", "ts/src/math.ts", "ts/src/index.ts"],
  tsx: ["ts/src/view.tsx"],
  javascript: ["js/lib/stats.js", "js/lib/round.js", "js/lib/index.mjs"],
  python: ["python/src/geometry/shapes.py", "python/src/geometry/units.py"],
  go: ["go/shapes/shapes.go"],
  rust: ["rust/src/shapes.rs", "rust/src/units.rs", "rust/src/lib.rs"],
};
const LINES = 2_000;
/** Files in a set: the lines are spread over several files, as a change set is. */
const FILES = 8;
const RUNS = 20;

/** Files of about LINES lines in all, each copy's identifiers suffixed so no two definitions are alike. */
function fileSet(grammar: Grammar): string[] {
  const base = SOURCES[grammar].map((rel) => readFileSync(join(FIXTURES, rel), "utf8")).join("\n");
  const perFile = Math.ceil(LINES / FILES);
  const files: string[] = [];
  let copy = 0;
  for (let f = 0; f < FILES; f++) {
    let text = "";
    while (text.split("\n").length < perFile) text += `${base.replace(/\b([A-Za-z_]\w*)\b/g, (name) => (name.length > 3 && /^[A-Z]/.test(name) ? `${name}${copy}` : name))}\n`;
    files.push(text.split("\n").slice(0, perFile).join("\n"));
    copy++;
  }
  return files;
}

async function parseAll(files: string[], grammar: Grammar): Promise<number> {
  let count = 0;
  for (const text of files) {
    using tree = await parseFile(text, grammar);
    count += definitions(tree).length + imports(tree).length;
  }
  return count;
}

const rows = [];
const loads = [];
for (const grammar of Object.keys(SOURCES) as Grammar[]) {
  const files = fileSet(grammar);
  const lines = files.reduce((n, f) => n + f.split("\n").length, 0);
  const started = performance.now();
  await parseAll(files, grammar);
  loads.push(`${grammar.padEnd(11)} first set (grammar load included) ${(performance.now() - started).toFixed(1).padStart(7)} ms`);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await parseAll(files, grammar);
    samples.push(performance.now() - t);
  }
  rows.push(summarize(`${grammar} (${lines} lines, ${files.length} files)`, samples));
}
console.log(`Syntax layer: parse + definitions + imports of a ${LINES}-line file set per grammar`);
console.log(loads.join("\n"));
console.log(report(rows));
