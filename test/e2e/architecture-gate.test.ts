/**
 * The architecture gate end to end through `dist/dgov`: a task whose change closes an import
 * cycle (TypeScript, Python) or breaks an `[architecture]` layering rule is rejected at
 * settlement with the cycle's files in order or the importing line and the rule; a task that
 * only touches files of a cycle the repository already had lands.
 */
import { Database } from "bun:sqlite";
import { afterEach, expect, test } from "bun:test";
import { join } from "node:path";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

let current: RunRepo | undefined;
afterEach(() => current?.remove());

const sq = (text: string) => `'${text.replaceAll("'", `'"'"'`)}'`;
const write = (path: string, text: string) => `mkdir -p "$(dirname ${path})" && printf '%s' ${sq(text)} > ${path}`;

interface GateRow {
  gate: string;
  phase: string;
  status: string;
  outcome: { findings?: { rule: string; file?: string; line?: number; message: string }[]; details?: { preexisting?: number; introduced?: number } };
}

function architectureRuns(r: RunRepo): GateRow[] {
  const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
  try {
    const rows = db.query("SELECT data FROM events WHERE event = 'gate_completed' ORDER BY id").all() as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as GateRow).filter((g) => g.gate === "architecture");
  } finally {
    db.close();
  }
}

/** Runs one task that writes `path` with `text` on a repo of `files`; the task's final state and the gate's runs. */
function runTask(files: Record<string, string>, path: string, text: string, project = "") {
  const r = (current = runRepo([{ slug: "change", script: write(path, text), edit: [path] }], { files, plan: "max_retries = 0", project }));
  const run = r.run(["--json"]);
  const state = (run.json<{ tasks: { id: string; state: string }[] }>().tasks[0] ?? { state: "?" }).state;
  return { r, run, state, gates: architectureRuns(r) };
}

function rejection(gates: GateRow[]) {
  const failed = gates.find((g) => g.status === "fail");
  expect(failed).toBeDefined();
  return failed!.outcome.findings!;
}

test("TypeScript: a task closing an import cycle is rejected, naming the cycle's files in order", () => {
  const files = { "src/a.ts": 'import { b } from "./b";\nexport const a = () => b + 1;\n', "src/b.ts": "export const b = 1;\n" };
  const { state, gates } = runTask(files, "src/b.ts", 'import { a } from "./a.ts";\nexport const b = 1;\nexport const c = () => a();\n');
  expect(state).not.toBe("merged");
  const findings = rejection(gates);
  expect(findings.map((f) => [f.rule, f.message])).toEqual([["architecture/cycle", "import cycle: src/a.ts → src/b.ts → src/a.ts"]]);
}, 90_000);

test("Python: a task closing a three-module cycle is rejected, naming it", () => {
  const files = { "app/__init__.py": "", "app/a.py": "from app import b\n", "app/b.py": "from app.c import C\n", "app/c.py": "class C:\n    pass\n" };
  const { state, gates } = runTask(files, "app/c.py", "from . import a\n\n\nclass C:\n    pass\n");
  expect(state).not.toBe("merged");
  expect(rejection(gates).map((f) => f.message)).toEqual(["import cycle: app/a.py → app/b.py → app/c.py → app/a.py"]);
}, 90_000);

test("a layering rule violation is rejected with the importing file:line and the rule", () => {
  const files = { "src/kernel/k.ts": "export const k = 1;\n", "src/runner/r.ts": 'import { k } from "../kernel/k";\nexport const r = k;\n' };
  const project = '\n[architecture]\nrules = [{ from = "src/kernel/**", deny = ["src/runner/**"] }]\n';
  const { state, gates } = runTask(files, "src/kernel/k.ts", 'export const k = 1;\nimport { r } from "../runner/r";\nexport const kr = () => r;\n', project);
  expect(state).not.toBe("merged");
  const [finding] = rejection(gates).filter((f) => f.rule === "architecture/layering");
  expect(finding).toMatchObject({ file: "src/kernel/k.ts", line: 2 });
  expect(finding!.message).toContain('src/kernel/k.ts:2 imports src/runner/r.ts, which [architecture] rule { from = "src/kernel/**", deny = "src/runner/**" } forbids');
}, 90_000);

test("a cycle the repository already had is not blamed on a task editing its files", () => {
  const files = { "src/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n', "src/b.ts": 'import { a } from "./a";\nexport const b = 1;\nexport const ab = () => a();\n' };
  // A second import of b: the graph is read again, and the same cycle is found.
  const { state, gates } = runTask(files, "src/a.ts", 'import { b } from "./b";\nimport { ab } from "./b";\nexport const a = () => b;\nexport const a2 = () => ab;\n');
  expect(state).toBe("merged");
  // The target did not move: the isolated verdict stands for the candidate.
  expect(gates.map((g) => `${g.phase}:${g.status}`)).toEqual(["isolated:pass"]);
  expect(gates[0]!.outcome.details).toMatchObject({ introduced: 0, preexisting: 1 });
}, 90_000);

/** Waits (up to 60 s) until the target holds the commit of task `slug`. */
const waitForLanding = (slug: string) =>
  [
    'root=$(dirname "$(git rev-parse --path-format=absolute --git-common-dir)")',
    "i=0",
    `until git -C "$root" log --format=%s main | grep -qx 'Task ${slug}'; do i=$((i+1)); [ $i -gt 600 ] && exit 3; sleep 0.1; done`,
  ].join("\n");

test("at the candidate: two imports each fine alone close a cycle together; the second is rejected there", async () => {
  const files = { "src/a.ts": "export const a = 1;\n", "src/b.ts": "export const b = 2;\n" };
  const r = (current = runRepo([{ slug: "ab", script: write("src/a.ts", 'import { b } from "./b";\nexport const a = b + 1;\n'), edit: ["src/a.ts"] }], {
    plans: { q: [{ slug: "ba", script: `${waitForLanding("ab")}\n${write("src/b.ts", 'import { a } from "./a";\nexport const b = 2;\nexport const ba = () => a;\n')}`, edit: ["src/b.ts"] }] },
    files,
    plan: "max_retries = 0",
  }));
  const [p, q] = await Promise.all([r.runAsync("p", ["--json"]), r.runAsync("q", ["--json"])]);
  expect(p.code).toBe(0);
  expect(q.json<{ tasks: { state: string }[] }>().tasks[0]!.state).not.toBe("merged");
  // Both pass alone; the second's candidate fails naming the cycle (and its retry, on the new base, again).
  const runs = architectureRuns(r).map((g) => `${g.phase}:${g.status}`);
  expect(runs.slice(0, 3).sort()).toEqual(["candidate:fail", "isolated:pass", "isolated:pass"]);
  const failed = architectureRuns(r).filter((g) => g.status === "fail");
  expect(failed[0]!.phase).toBe("candidate");
  for (const g of failed) expect(g.outcome.findings!.map((f) => f.message)).toEqual(["import cycle: src/a.ts → src/b.ts → src/a.ts"]);
}, 90_000);

test("a function the change made too long is rejected with file:line and the figure; an old long function is not blamed", () => {
  const long = (name: string, n: number) => `export function ${name}() {\n${Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join("\n")}\n  return 0;\n}\n`;
  // legacy is 9 lines at the base already: the change making it 11 is not blamed.
  const files = { "src/f.ts": long("legacy", 6) };
  const project = "\n[architecture]\nmax_function_lines = 6\n";
  const { state, gates } = runTask(files, "src/f.ts", `${long("legacy", 8)}${long("fresh", 5)}`, project);
  expect(state).not.toBe("merged");
  expect(rejection(gates).map((f) => [f.rule, f.file, f.line, f.message])).toEqual([
    ["architecture/long-function", "src/f.ts", 12, "src/f.ts:12 fresh is 8 lines long (max_function_lines = 6)"],
  ]);
}, 90_000);
