import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCompiled } from "../../src/plan/compiled-read.ts";
import { renderCompiled, tomlMultiline } from "../../src/plan/compiled-write.ts";
import type { CompiledPlan, Unit } from "../../src/plan/types.ts";
import { parseToml } from "../../src/toml/read.ts";

const unit = (id: string, over: Partial<Unit> = {}): Unit => ({
  id, summary: "", prompt: "p", promptFile: "", commitMessage: "", agent: "", provider: "", role: "worker",
  dependsOn: [], timeoutS: null, iterationBudget: null, testCmd: "", sopMapping: [], selfReview: false,
  maxForkDepth: 1, files: { create: [], edit: [], delete: [], touch: [], read: [] }, ...over,
});
const plan = (units: Unit[]): CompiledPlan => ({
  meta: { name: "p", sourceHash: "abc", sourceMtimeMax: "", sopSetHash: "", defaultAgent: "", defaultProvider: "", maxRetries: null },
  units,
});

describe("_compiled.toml", () => {
  test("the spec's layout: key order, touch shorthand, optional keys only when set", () => {
    const text = renderCompiled(plan([
      unit("t/m.b", { summary: "Tests", prompt: "Orient:\nx", dependsOn: ["t/m.a"], iterationBudget: 30, selfReview: true, maxForkDepth: 2, files: { create: [], edit: [], delete: [], touch: ["tests/t.py"], read: [] } }),
      unit("t/m.a", { summary: "Helper", commitMessage: "Add", timeoutS: 120, sopMapping: ["python-style"], files: { create: [], edit: ["a.py"], delete: [], touch: [], read: ["b.py"] } }),
    ]));
    expect(text).toBe(`[plan]
name = "p"
source_hash = "abc"
sop_set_hash = ""

[tasks."t/m.a"]
summary = "Helper"
prompt = "p"
commit_message = "Add"
timeout_s = 120
sop_mapping = ["python-style"]
files.edit = ["a.py"]
files.read = ["b.py"]

[tasks."t/m.b"]
summary = "Tests"
prompt = """
Orient:
x"""
commit_message = ""
depends_on = ["t/m.a"]
iteration_budget = 30
self_review = true
max_fork_depth = 2
files = ["tests/t.py"]
`);
  });

  test("renders and reads back every field", () => {
    const original = plan([
      unit("s/f.x", {
        summary: 'a "quoted" one', prompt: 'line "1"\n\tline\\2\n"""end"', promptFile: "p.md", commitMessage: "c",
        agent: "m", provider: "local", role: "researcher", dependsOn: ["s/f.y"], timeoutS: 5, iterationBudget: 7,
        testCmd: "t", sopMapping: ["a", "b"], selfReview: true, maxForkDepth: 0,
        files: { create: ["c"], edit: ["e"], delete: ["d"], touch: ["t"], read: ["r"] },
      }),
      unit("s/f.y"),
    ]);
    original.meta.maxRetries = 2;
    const dir = mkdtempSync(join(tmpdir(), "dgov-compiled-"));
    try {
      const path = join(dir, "_compiled.toml");
      writeFileSync(path, renderCompiled(original));
      const read = readCompiled(path, (p) => p);
      expect(read.meta).toEqual({ ...original.meta, sourceMtimeMax: "" });
      expect(read.units).toEqual(original.units);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test("multi-line strings survive any content (randomized)", () => {
    const alphabet = ['"', '"', "\\", "\n", "\t", "\r", "a", " ", "'", "\u0000", "\u007f", "é", "\u0008", "\u001f"];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const length = 1 + (next() % 12);
      const text = Array.from({ length }, () => alphabet[next() % alphabet.length]).join("") + "\n";
      const parsed = parseToml(`v = ${tomlMultiline(text)}\n`, "t.toml").data.v;
      expect(parsed).toBe(text);
    }
  });

  test("dgov-py's compiled files are read: source_mtime_max, timeout_s = 0, flat shorthand", () => {
    const dir = mkdtempSync(join(tmpdir(), "dgov-compiled-"));
    try {
      const path = join(dir, "_compiled.toml");
      writeFileSync(path, `[plan]\nname = "chain"\nsource_mtime_max = "2026-11-24T01:11:37.901165Z"\nsop_set_hash = ""\n\n[tasks."tasks/main.a"]\nsummary = "a"\nprompt = "x"\ncommit_message = ""\ntimeout_s = 0\nfiles = ["a.py"]\n`);
      const read = readCompiled(path, (p) => p);
      expect(read.meta.sourceMtimeMax).toBe("2026-11-24T01:11:37.901165Z");
      expect(read.units[0]).toMatchObject({ id: "tasks/main.a", timeoutS: null, files: { touch: ["a.py"] } });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
