/**
 * The semantic gate end to end through `dist/dgov`, per language (TypeScript, JavaScript,
 * Python, Go, Rust): two plans run at once on one repository, the second task's worker waiting
 * until the first task has landed, so its commit is replayed onto a target that moved under
 * it. The two changes merge cleanly as text; when they collide semantically (the same symbol
 * edited by both, a function both add, a signature change against a new call site) the second
 * is rejected at the candidate with the symbol named; when they only look alike (different
 * symbols of the file, overloads, accessors, receivers, impls) both land.
 */
import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";
import { afterFirstLine, type LangFixture, LANGS, replace } from "./semantic-fixtures.ts";

/** Waits (up to 60 s) until the target holds the commit of task `slug`. */
const waitForLanding = (slug: string) =>
  [
    'root=$(dirname "$(git rev-parse --path-format=absolute --git-common-dir)")',
    "i=0",
    `until git -C "$root" log --format=%s main | grep -qx 'Task ${slug}'; do i=$((i+1)); [ $i -gt 600 ] && exit 3; sleep 0.1; done`,
  ].join("\n");

const sq = (text: string) => `'${text.replaceAll("'", `'"'"'`)}'`;
const write = (path: string, text: string) => `printf '%s' ${sq(text)} > ${path}`;

let current: RunRepo | undefined;
afterEach(() => current?.remove());

interface GateRow {
  gate: string;
  phase: string;
  status: string;
  outcome: { findings?: { rule: string; file?: string; line?: number; message: string }[]; details?: { risk?: { level: string } } };
}

function semanticRuns(r: RunRepo, task: string): GateRow[] {
  const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
  try {
    const rows = db.query("SELECT data FROM events WHERE event = 'gate_completed' AND task = ? ORDER BY id").all(task) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as GateRow).filter((g) => g.gate === "semantic");
  } finally {
    db.close();
  }
}

interface Summary {
  tasks: { id: string; state: string }[];
}

/** The first task writes `first`, the second (once the first landed) `second`; both from the base. */
async function runPair(l: LangFixture, kind: string, first: string, second: string) {
  const [a, b] = [`${l.name}-${kind}-a`, `${l.name}-${kind}-b`];
  const r = (current = runRepo([{ slug: a, script: write(l.path, first), edit: [l.path] }], {
    plans: { q: [{ slug: b, script: `${waitForLanding(a)}\n${write(l.path, second)}`, edit: [l.path] }] },
    files: { ...l.files, [l.path]: l.base },
    plan: "max_retries = 0",
  }));
  const [p, q] = await Promise.all([r.runAsync("p", ["--json"]), r.runAsync("q", ["--json"])]);
  expect(p.code).toBe(0);
  return { r, second: `t/m.${b}`, q: q.json<Summary>(), qCode: q.code };
}

/** The second task's candidate was rejected by the semantic gate with `rule`, naming `symbol`. */
async function expectRejected(l: LangFixture, kind: string, first: string, second: string, rule: string, symbol: string) {
  const { r, second: id } = await runPair(l, kind, first, second);
  const candidate = semanticRuns(r, id).find((g) => g.phase === "candidate");
  expect(candidate?.status).toBe("fail");
  const finding = candidate!.outcome.findings!.find((f) => f.rule === rule);
  expect(finding).toBeDefined();
  expect(finding!.file).toBe(l.path);
  expect(finding!.message).toContain(symbol);
  const retry = readFileSync(join(r.repo.dir, `.dgov/out/${encodeURIComponent(id)}/attempt-1-retry-in-place.prompt.md`), "utf8");
  expect(retry).toContain("settlement rejected at candidate by semantic");
  expect(retry).toContain(`(${rule})`);
}

describe.each(LANGS.map((l) => [l.name, l] as const))("semantic gate, %s", (_, l) => {
  test("the same symbol edited by both: rejected at the candidate, naming it", async () => {
    await expectRejected(l, "same", replace(l.base, l.sameA), replace(l.base, l.sameB), "semantic/same_symbol_edit", l.name === "go" ? "Area" : "area");
  }, 90_000);

  test("a function both add: rejected at the candidate as a duplicate definition", async () => {
    await expectRejected(l, "dup", afterFirstLine(l.base, l.helper("1")), l.base + l.helper("2"), "semantic/duplicate_definition", l.name === "go" ? "Helper" : "helper");
  }, 90_000);

  test("a signature change against a call the other task adds: rejected at the call site", async () => {
    await expectRejected(l, "sig", replace(l.base, l.signature), l.base + l.oldCall, "semantic/signature_drift", l.name === "go" ? "Area" : "area");
  }, 90_000);

  test("look-alikes (another symbol of the file, overloads, accessors, receivers, impls): both land", async () => {
    const { r, second, q, qCode } = await runPair(l, "alike", replace(l.base, l.sameA), replace(l.base, l.nameEdit) + l.lookalike);
    expect(qCode).toBe(0);
    expect(q.tasks[0]).toMatchObject({ id: second, state: "merged" });
    expect(semanticRuns(r, second).map((g) => `${g.phase}:${g.status}`)).toEqual(["isolated:pass", "candidate:pass"]);
    const landed = readFileSync(join(r.repo.dir, l.path), "utf8");
    expect(landed).toContain(l.sameA[1]);
    expect(landed).toContain(l.nameEdit[1]);
  }, 90_000);
});
