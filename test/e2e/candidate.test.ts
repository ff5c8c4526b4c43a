/**
 * The integration candidate, end to end through `dist/dgov`: two plans run at once on one
 * repository, the second task's worker waiting until the first task has landed. Its commit is
 * then replayed onto a target that moved under it: a text conflict rejects it at the candidate,
 * naming the file; a change that is fine alone but breaks the integrated tree is caught by the
 * candidate's type check (dgov-py validated the candidate against itself: §8.1), and its retry
 * works on the candidate.
 */
import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { type RunRepo, runRepo, type RunTask } from "../fakes/run-repo.ts";
import { TS_EXTRA, TS_FILES, TS_PROJECT } from "../fakes/ts-fixture.ts";

/** Waits (up to 60 s) until the target holds the commit of task `slug`. */
const waitForLanding = (slug: string) =>
  [
    'root=$(dirname "$(git rev-parse --path-format=absolute --git-common-dir)")',
    "i=0",
    `until git -C "$root" log --format=%s main | grep -qx 'Task ${slug}'; do i=$((i+1)); [ $i -gt 600 ] && exit 3; sleep 0.1; done`,
  ].join("\n");

let current: RunRepo | undefined;
afterEach(() => current?.remove());

interface Summary {
  status: string;
  tasks: { id: string; state: string; attempts: number; error: string | null }[];
}

function gateRuns(r: RunRepo, task: string) {
  const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
  try {
    const rows = db.query("SELECT data FROM events WHERE event = 'gate_completed' AND task = ? ORDER BY id").all(task) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as { gate: string; phase: string; status: string });
  } finally {
    db.close();
  }
}

/** Runs plan `p` (the first task) and plan `q` (the second) at once; both summaries. */
async function runBoth(r: RunRepo): Promise<{ first: Summary; second: Summary; secondCode: number }> {
  const [p, q] = await Promise.all([r.runAsync("p", ["--json"]), r.runAsync("q", ["--json"])]);
  if (p.code !== 0) console.log(p.stdout, p.stderr);
  expect(p.code).toBe(0);
  return { first: p.json<Summary>(), second: q.json<Summary>(), secondCode: q.code };
}

describe("the integration candidate", () => {
  test("two tasks whose commits conflict textually: the second is rejected at the candidate, naming the file", async () => {
    const first: RunTask = { slug: "first", script: "printf 'first\\n' > shared.txt", edit: ["shared.txt"] };
    const second: RunTask = { slug: "second", script: `${waitForLanding("first")}\nprintf 'second\\n' > shared.txt`, edit: ["shared.txt"] };
    const r = (current = runRepo([first], { plans: { q: [second] }, files: { "shared.txt": "one\n" }, plan: "max_retries = 0" }));
    const { first: p, second: q, secondCode } = await runBoth(r);
    expect(p.tasks[0]).toMatchObject({ id: "t/m.first", state: "merged" });
    expect(secondCode).toBe(1);
    expect(q.tasks[0]).toMatchObject({ id: "t/m.second", state: "failed", attempts: 1 });
    expect(q.tasks[0]!.error).toMatch(/^text conflict replaying the task onto main \([0-9a-f]{8}\): shared\.txt$/);
    // The retry in place got the verdict, conflicted again; the first task's change stands.
    const retry = readFileSync(join(r.repo.dir, ".dgov/out/t%2Fm.second/attempt-1-retry-in-place.prompt.md"), "utf8");
    expect(retry).toContain("SETTLEMENT VERDICT AND EVIDENCE:\ntext conflict replaying the task onto main");
    expect(r.log()).toEqual(["Task first", "initial"]);
    expect(readFileSync(join(r.repo.dir, "shared.txt"), "utf8")).toBe("first\n");
    expect(r.worktrees()).toEqual([basename(r.worktree("second"))]);
  }, 90_000);

  test("fine alone, broken integrated: the candidate's type check rejects it; the retry in place works on the candidate and lands", async () => {
    // `rename` renames add() to sum(); `use` (another plan, started at the same time) calls add().
    const rename: RunTask = {
      slug: "rename",
      script: "printf 'export function sum(a: number, b: number): number {\\n  return a + b;\\n}\\n' > src/math.ts && sed -i 's/add/sum/g' tests/math.test.ts",
      edit: ["src/math.ts", "tests/math.test.ts"],
    };
    // It writes what its worktree's src/math.ts exports: add() first, sum() once it sees the target.
    const use: RunTask = {
      slug: "use",
      script: `${waitForLanding("rename")}
if grep -q 'function sum' src/math.ts; then f=sum; else f=add; fi
printf 'import { %s } from "./math.ts";\\n\\nexport const five: number = %s(2, 3);\\n' $f $f > src/use.ts`,
      create: ["src/use.ts"],
      read: ["src/math.ts"],
    };
    const r = (current = runRepo([rename], { plans: { q: [use] }, project: TS_PROJECT, files: TS_FILES, extra: TS_EXTRA }));
    const { second: q, secondCode } = await runBoth(r);
    expect(secondCode).toBe(0);
    expect(q.tasks[0]).toMatchObject({ id: "t/m.use", state: "merged", attempts: 1 });
    // Alone it type-checked; replayed onto the moved target it did not, measured against the
    // target (whose own tree type-checks). The retry then started from that candidate: its
    // base is the target, so its own check is the integrated one and no replay is needed.
    expect(gateRuns(r, "t/m.use").filter((g) => g.gate === "typecheck").map((g) => `${g.phase}:${g.status}`)).toEqual([
      "isolated:pass", "candidate:fail", "isolated:pass",
    ]);
    const retry = readFileSync(join(r.repo.dir, ".dgov/out/t%2Fm.use/attempt-1-retry-in-place.prompt.md"), "utf8");
    expect(retry).toContain("SETTLEMENT VERDICT AND EVIDENCE:\nsettlement rejected at candidate by typecheck: src/use.ts:1: TS2305: Module '\"./math.ts\"' has no exported member 'add'.");
    expect(retry).toMatch(/This worktree now holds the current target \([0-9a-f]{8}\) with your changes applied, uncommitted\./);
    expect(r.log()).toEqual(["Task use", "Task rename", "initial"]);
    expect(readFileSync(join(r.repo.dir, "src/use.ts"), "utf8")).toStartWith('import { sum } from "./math.ts";');
    expect(r.worktrees()).toEqual([]);
  }, 120_000);
});
