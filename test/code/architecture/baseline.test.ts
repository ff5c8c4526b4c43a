import { expect, test } from "bun:test";
import { analyze, type Limits } from "../../../src/code/architecture/analysis.ts";
import { baselineOf, compare, parseBaseline } from "../../../src/code/architecture/baseline.ts";

const NONE: Limits = { rules: [], max_function_lines: null, max_complexity: null, exclude: [] };
const tree = (files: Record<string, string>) => new Map(Object.entries(files));
const CYCLE = { "a.ts": 'import "./b";\n', "b.ts": 'import "./a";\n' };

test("a baseline has sentrux's keys and round-trips through JSON: the same tree is not degraded", async () => {
  const a = await analyze(tree({ ...CYCLE, "lib/c.ts": 'import "../a";\n' }), NONE);
  const b = baselineOf(a, 1_779_250_570_040);
  expect(b).toMatchObject({ timestamp: 1779250570.04, engine: "dgov", cycle_count: 1, complex_fn_count: 0, total_import_edges: 3, cross_module_edges: 1 });
  const back = parseBaseline(JSON.stringify(b))!;
  expect(compare(a, back)).toEqual({ degraded: false, introduced: [], counts: [] });
});

test("a new cycle degrades against our baseline (by identity) and against a sentrux one (by count)", async () => {
  const before = await analyze(tree(CYCLE), NONE);
  const after = await analyze(tree({ ...CYCLE, "c.ts": 'import "./d";\n', "d.ts": 'import "./c";\n' }), NONE);
  const ours = compare(after, baselineOf(before));
  expect(ours.introduced.map((o) => o.message)).toEqual(["import cycle: c.ts → d.ts → c.ts"]);
  expect(ours.counts).toEqual(["cycle_count: 1 -> 2"]);
  // sentrux's own baseline lists no offenders: every cycle counts once the count grew.
  const sentrux = parseBaseline('{"timestamp": 1779250570.04, "quality_signal": 0.66, "cycle_count": 1, "god_file_count": 0, "total_import_edges": 2}')!;
  expect(compare(after, sentrux)).toMatchObject({ degraded: true, counts: ["cycle_count: 1 -> 2"] });
  expect(compare(before, sentrux).degraded).toBe(false);
});

test("a text that is not a baseline is refused", () => {
  expect(parseBaseline("[]")).toBeNull();
  expect(parseBaseline("{")).toBeNull();
  expect(parseBaseline('{"cycle_count": 0}')).toBeNull();
});
