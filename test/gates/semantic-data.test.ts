/** The semantic gate's checks on in-memory versions: data tables both sides extended, and constructors' arity. */
import { describe, expect, test } from "bun:test";
import { grammarOf } from "dgov/plugin";
import { analyze, type FileVersions } from "../../gates/semantic-checks.ts";

const commits = { task: "aaaa1111", target: () => ["bbbb2222"] };

function both(path: string, base: string, task: string, target: string, integrated: string): FileVersions {
  return { path, grammar: grammarOf(path)!, base, task, target, integrated, baseline: target, taskChanged: task !== base, targetChanged: target !== base };
}

describe("same symbol, data", () => {
  test("a table both sides added entries to is an overlap (scored), not a rejection", async () => {
    const base = "export const ROUTES = [\n  \"a\",\n  \"b\",\n  \"c\",\n  \"d\",\n];\n";
    const task = base.replace('"a",', '"a",\n  "a2",');
    const target = base.replace('"d",', '"d",\n  "d2",');
    const merged = task.replace('"d",', '"d",\n  "d2",');
    const { findings, overlaps } = await analyze([both("src/routes.ts", base, task, target, merged)], commits, true);
    expect(findings).toEqual([]);
    expect(overlaps).toEqual([{ file: "src/routes.ts", symbol: "ROUTES", kind: "const", public: true }]);
  });
});

describe("signature drift of constructors", () => {
  const cases: [string, string, string, string][] = [
    ["Python __init__ against Box(1)", "src/box.py", "class Box:\n    def __init__(self, w):\n        self.w = w\n", "\n\ndef make():\n    return Box(1)\n"],
    ["TypeScript constructor against new Box(1)", "src/box.ts", "export class Box {\n  constructor(public w: number) {}\n}\n", "\nexport const made = new Box(1);\n"],
  ];
  test.each(cases)("%s", async (_, path, base, call) => {
    const task = base.replace(/\(self, w\)|\(public w: number\)/, (m) => (m.startsWith("(self") ? "(self, w, h)" : "(public w: number, public h: number)"));
    const { findings } = await analyze([both(path, base, task, base + call, task + call)], commits, true);
    expect(findings.map((f) => f.rule)).toEqual(["semantic/signature_drift"]);
    expect(findings[0]!.message).toContain("the constructor of Box");
  });
});
