/**
 * The semantic gate through the host (runGate) on real git repositories: a task commit on its
 * base, the target moved, the task replayed onto it. What it reads (commits only), what it
 * names (both sides' commits), what it records (the risk in its details).
 */
import { afterEach, describe, expect, test } from "bun:test";
import type { GateInput } from "dgov/plugin";
import { gateInput, runGate } from "dgov/testing";
import { semanticGate } from "../../gates/semantic.ts";
import { committedChanges } from "../../src/git/status.ts";
import { type GateRepo, gateRepo, isolatedInput } from "./gate-repo.ts";

let repo: GateRepo | undefined;
afterEach(() => repo?.remove());

/** The target gets `target`, a task branch made on the base gets `task`; the task replayed onto the target is the candidate. */
async function candidate(files: Record<string, string>, task: Record<string, string>, target: Record<string, string>): Promise<{ input: GateInput; taskSha: string; targetSha: string }> {
  const r = (repo = gateRepo(files));
  const targetSha = r.commit(target, "target");
  r.git("checkout", "-q", "-b", "task", r.base);
  const taskSha = r.commit(task, "task");
  r.git("checkout", "-q", "main");
  r.git("cherry-pick", taskSha);
  const head = r.git("rev-parse", "HEAD").trim();
  const input = gateInput({
    phase: "candidate", dir: r.dir, baseSha: targetSha, headSha: head, targetSha,
    changed: (await committedChanges(r.dir, targetSha, head))!, targetChanges: (await committedChanges(r.dir, r.base, targetSha))!,
    taskBaseSha: r.base, taskSha,
  });
  return { input, taskSha, targetSha };
}

const PY = "def area(w, h):\n    x = w\n    a = 1\n    b = 2\n    c = 3\n    y = h\n    return x * y\n\n\ndef name():\n    return 'box'\n";

describe("the semantic gate", () => {
  test("same symbol edited on both sides: rejected on the candidate, naming the symbol and both commits, risk recorded", async () => {
    const { input, taskSha, targetSha } = await candidate({ "src/geo.py": PY }, { "src/geo.py": PY.replace("x = w", "x = w + 1") }, { "src/geo.py": PY.replace("y = h", "y = h + 1") });
    const outcome = await runGate(semanticGate, input);
    expect(outcome.status).toBe("fail");
    if (outcome.status !== "fail") return;
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({ rule: "semantic/same_symbol_edit", file: "src/geo.py", line: 1 });
    expect(outcome.findings[0]!.message).toContain("function area");
    expect(outcome.findings[0]!.message).toContain(taskSha.slice(0, 8));
    expect(outcome.findings[0]!.message).toContain(targetSha.slice(0, 7));
    expect(outcome.details).toMatchObject({ risk: { level: "high", score: 75, sharedFiles: ["src/geo.py"], overlaps: [{ file: "src/geo.py", symbol: "area", kind: "function", public: true }] } });
  });

  test("different symbols of the same file on both sides: passes, the shared file still scored low", async () => {
    const { input } = await candidate({ "src/geo.py": PY }, { "src/geo.py": PY.replace("x = w", "x = w + 1") }, { "src/geo.py": PY.replace("'box'", "'crate'") });
    const outcome = await runGate(semanticGate, input);
    expect(outcome).toMatchObject({ status: "pass", details: { risk: { level: "low", score: 25, overlaps: [] }, moved: true } });
  });

  test("a Go signature change against a call the target added in another file of the package: signature_drift at the call", async () => {
    const files = { "go.mod": "module example.com/m\n\ngo 1.22\n", "geo/area.go": "package geo\n\nfunc Area(w int) int {\n\treturn w * w\n}\n", "geo/use.go": "package geo\n\nfunc One() int {\n\treturn 1\n}\n" };
    const { input } = await candidate(files, { "geo/area.go": "package geo\n\nfunc Area(w int, h int) int {\n\treturn w * h\n}\n" }, { "geo/use.go": "package geo\n\nfunc One() int {\n\treturn 1\n}\n\nfunc Two() int {\n\treturn Area(2)\n}\n" });
    const outcome = await runGate(semanticGate, input);
    expect(outcome).toMatchObject({ status: "fail", findings: [{ rule: "semantic/signature_drift", file: "geo/use.go", line: 8 }] });
  });

  test("bug 2: before the candidate (the task commit alone), a signature change is no finding", async () => {
    const r = (repo = gateRepo({ "src/geo.py": PY }));
    const head = r.commit({ "src/geo.py": PY.replace("def area(w, h):", "def area(w, h, d=1):") });
    const outcome = await runGate(semanticGate, await isolatedInput(r, head, {}));
    expect(outcome).toMatchObject({ status: "pass", details: { moved: false, risk: { level: "none" } } });
  });

  test("preflight (no commit yet): the working tree's files are judged; a file that no longer parses is named with its line", async () => {
    const r = (repo = gateRepo({ "src/a.ts": "export const a = 1;\n" }));
    r.edit({ "src/a.ts": "export const a = 1;\nexport function b( {\n" });
    const input = gateInput({ phase: "isolated", dir: r.dir, baseSha: r.base, headSha: null, task: null, changed: [{ path: "src/a.ts", status: "modified" }] });
    const outcome = await runGate(semanticGate, input, { exec: r.exec });
    expect(outcome).toMatchObject({ status: "fail", findings: [{ rule: "semantic/syntax_conflict", file: "src/a.ts", line: 2 }] });
  });

  test("no supported source file changed: skipped up front (no tree, no git)", async () => {
    expect(semanticGate.skip!(gateInput({ changed: [{ path: "README.md", status: "modified" }] }))).toContain("no changed");
    expect(semanticGate.tree).toBe(false);
  });
});
