/**
 * The post-run architecture comparison end to end through `dist/dgov`: with the settlement
 * gate off and a committed `.sentrux/baseline.json`, a run whose task closes an import cycle
 * lands it and ends `degraded` (exit 0) naming the cycle; `plan review` shows it, `plan remediate` turns it into a task claiming
 * the cycle's files, and `runs.log` says `warn`. Drift the run did not touch is not blamed.
 */
import { Database } from "bun:sqlite";
import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

let current: RunRepo | undefined;
afterEach(() => current?.remove());

const sq = (text: string) => `'${text.replaceAll("'", `'"'"'`)}'`;
const write = (path: string, text: string) => `mkdir -p "$(dirname ${path})" && printf '%s' ${sq(text)} > ${path}`;
const OFF = "\n[gates.architecture]\nlevel = \"off\"\n";

/** A repo with `files`, its architecture baseline saved by `dgov sentrux gate-save` and committed. */
function withBaseline(tasks: Parameters<typeof runRepo>[0], files: Record<string, string>): RunRepo {
  // The follow-up's fix tasks take the plan's default agent.
  const r = (current = runRepo(tasks, { files, plan: `max_retries = 0\ndefault_agent = "${tasks[0]!.slug}"`, project: OFF }));
  expect(r.dgov(["sentrux", "gate-save"]).code).toBe(0);
  r.repo.git("add", ".sentrux/baseline.json");
  r.repo.git("commit", "-q", "-m", "architecture baseline");
  return r;
}

/** The post-run gate runs the store holds: `gate_completed` events without a task. */
function postRunGates(r: RunRepo): { gate: string; status: string; outcome: { details?: Record<string, unknown> } }[] {
  const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
  try {
    return (db.query("SELECT data FROM events WHERE event = 'gate_completed' AND task IS NULL ORDER BY id").all() as { data: string }[]).map((row) => JSON.parse(row.data));
  } finally {
    db.close();
  }
}

interface Summary {
  status: string;
  tasks: { id: string; state: string }[];
  post_run?: { gates: { gate: string; status: string; findings: { rule: string; message: string; file?: string; files?: string[] }[] }[] };
}

test("a run whose task closes an import cycle lands it and ends degraded, naming the cycle; remediate claims the cycle's files", () => {
  const files = { "src/a.ts": 'import { b } from "./b";\nexport const a = () => b + 1;\n', "src/b.ts": "export const b = 1;\n" };
  const script = write("src/b.ts", 'import { a } from "./a";\nexport const b = 1;\nexport const c = () => a();\n');
  const r = withBaseline([{ slug: "cycle", script, edit: ["src/b.ts"] }], files);
  const run = r.run(["--json"]);
  expect(run.code).toBe(0);
  const summary = run.json<Summary>();
  expect(summary.status).toBe("degraded");
  expect(summary.tasks.map((t) => t.state)).toEqual(["merged"]);
  const [gate] = summary.post_run!.gates;
  expect(gate!.gate).toBe("architecture-baseline");
  expect(gate!.findings.map((f) => [f.rule, f.message, f.file, f.files])).toEqual([["architecture/cycle", "import cycle: src/a.ts → src/b.ts → src/a.ts", "src/a.ts", ["src/b.ts"]]]);
  expect(readFileSync(join(r.repo.dir, ".dgov/runs.log"), "utf8")).toMatch(/\(\.dgov\/plans\/p\) — warn \(/);

  const text = r.dgov(["plan", "review", "p"]);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain("run status: degraded");
  expect(text.stdout).toContain("import cycle: src/a.ts → src/b.ts → src/a.ts");
  // watch reads the post-run gate's run as a gate run, findings and all.
  const watched = r.dgov(["watch", "--all", "--no-follow", "--event", "gate_completed"]).stdout;
  expect(watched).toMatch(/gate_completed {2}architecture-baseline \(post-run\) failed in \d+\.\d\ds\n {10}src\/a\.ts: import cycle: src\/a\.ts → src\/b\.ts → src\/a\.ts\n/);
  const status = r.dgov(["status"]);
  expect(status.stdout).toContain("dgov plan remediate p");

  const remediate = r.dgov(["plan", "remediate", "p", "--json"]);
  expect(remediate.stderr).toBe("");
  expect(remediate.code).toBe(0);
  const written = remediate.json<{ name: string; tasks: { id: string }[] }>();
  // The task landed unverified (no test gate here), so it is taken up again; the fix runs after it.
  expect(written.tasks.map((t) => t.id)).toEqual(["t/m.cycle", "post-run/fix.fix-src-a-ts"]);
  const toml = readFileSync(join(r.repo.dir, `.dgov/plans/${written.name}/post-run/fix.toml`), "utf8");
  expect(toml).toContain('files.edit = ["src/a.ts", "src/b.ts"]\ndepends_on = ["t/m.cycle"]');
  expect(toml).toContain("import cycle: src/a.ts → src/b.ts → src/a.ts");
  expect(r.dgov(["compile", `.dgov/plans/${written.name}`]).code).toBe(0);
}, 120_000);

test("a cycle committed after the baseline by hand is not blamed on a run that did not touch its files", () => {
  const files = { "src/c.ts": "export const c = 1;\n", "src/d.ts": 'import { c } from "./c";\nexport const d = c;\n' };
  const r = withBaseline([{ slug: "other", script: write("src/e.ts", "export const e = 1;\n"), create: ["src/e.ts"] }], files);
  r.repo.write("src/c.ts", 'import { d } from "./d";\nexport const c = 1;\nexport const cd = () => d;\n');
  r.repo.git("commit", "-q", "-am", "a cycle by hand");
  const run = r.run(["--json"]);
  expect(run.code).toBe(0);
  expect(run.json<Summary>().status).toBe("complete");
  // It judged the tree and found the new cycle, but none of the run's files is in it.
  expect(postRunGates(r).map((g) => [g.gate, g.status, g.outcome.details?.introduced, g.outcome.details?.blamed])).toEqual([["architecture-baseline", "pass", 1, 0]]);
}, 120_000);
