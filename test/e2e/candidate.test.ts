/**
 * The integration candidate, end to end through `dist/dgov`: two plans run at once on one
 * repository, the second task's worker waiting until the first task has landed. Its commit is
 * then replayed onto a target that moved under it: a text conflict rejects it at the candidate,
 * naming the file; a change that is fine alone but breaks the integrated tree is caught by the
 * candidate's type check (dgov-py validated the candidate against itself: §8.1).
 */
import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type RunRepo, runRepo, type RunTask } from "../fakes/run-repo.ts";
import { TS_FILES, TS_PROJECT } from "../fakes/ts-fixture.ts";

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
    expect(r.worktrees()).toEqual(["t%2Fm.second"]);
  }, 90_000);

  test("fine alone, broken integrated: the candidate's type check rejects it, with its findings; --continue starts afresh on the new target", async () => {
    // `rename` renames add() to sum(); `use` (another plan, started at the same time) calls add().
    const rename: RunTask = {
      slug: "rename",
      script: "printf 'export function sum(a: number, b: number): number {\\n  return a + b;\\n}\\n' > src/math.ts && sed -i 's/add/sum/g' tests/math.test.ts",
      edit: ["src/math.ts", "tests/math.test.ts"],
    };
    const use: RunTask = {
      slug: "use",
      script: `${waitForLanding("rename")}
if grep -q 'function sum' src/math.ts; then f=sum; else f=add; fi
printf 'import { %s } from "./math.ts";\\n\\nexport const five: number = %s(2, 3);\\n' $f $f > src/use.ts`,
      create: ["src/use.ts"],
      read: ["src/math.ts"],
    };
    const r = (current = runRepo([rename], { plans: { q: [use] }, project: TS_PROJECT, files: TS_FILES }));
    const { second: q, secondCode } = await runBoth(r);
    expect(secondCode).toBe(1);
    const failed = q.tasks[0]!;
    expect(failed).toMatchObject({ id: "t/m.use", state: "failed", attempts: 1 });
    expect(failed.error!.split("\n")[0]).toBe("settlement rejected at candidate by typecheck: src/use.ts:1: TS2305: Module '\"./math.ts\"' has no exported member 'add'. (+1 more)");
    // It passed the type check alone and failed it replayed onto the moved target, measured
    // against the target (whose own tree type-checks); the retry in place has the same base.
    expect(gateRuns(r, "t/m.use").filter((g) => g.gate === "typecheck").map((g) => `${g.phase}:${g.status}`)).toEqual([
      "isolated:pass", "candidate:fail", "isolated:pass", "candidate:fail",
    ]);
    expect(r.dgov(["status"]).stdout).toContain("settlement rejected at candidate by typecheck: src/use.ts:1");
    expect(r.log()).toEqual(["Task rename", "initial"]);

    // A fresh attempt starts from the target with sum(), gets the findings, and lands.
    const again = r.dgov(["run", "q", "--continue", "--json"]);
    expect(again.code).toBe(0);
    expect(again.json<Summary>().tasks[0]).toMatchObject({ state: "merged", attempts: 2 });
    const dispatch = readFileSync(join(r.repo.dir, ".dgov/out/t%2Fm.use/attempt-2-dispatch.prompt.md"), "utf8");
    expect(dispatch).toStartWith("PREVIOUS ATTEMPT (1) FAILED:\nsettlement rejected at candidate by typecheck: src/use.ts:1:");
    expect(r.log()).toEqual(["Task use", "Task rename", "initial"]);
    expect(readFileSync(join(r.repo.dir, "src/use.ts"), "utf8")).toStartWith('import { sum } from "./math.ts";');
  }, 120_000);
});
