/**
 * Crash safety: the runner is killed with SIGKILL at many points (while dispatching, while
 * workers run, during settlement, around the landing); each time `dgov run --continue`
 * finishes the plan with every task merged exactly once, no duplicate commits, no orphan
 * worktrees, branches or workers, and `dgov status` telling the truth.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { DGOV_BIN } from "../fakes/dgov.ts";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

let current: RunRepo | undefined;
afterEach(() => current?.remove());

const TASKS = ["a", "b", "c"];

/** a and c independent, b after a; every worker records its pid and writes one file. */
function plan(workerSeconds = 0): RunRepo {
  const script = (x: string) => `echo $$ >> /tmp/dgov-crash-workers.pids; sleep ${workerSeconds}; echo ${x} > ${x}.txt`;
  current = runRepo([
    { slug: "a", script: script("a"), create: ["a.txt"] },
    { slug: "b", script: script("b"), create: ["b.txt"], deps: ["a"] },
    { slug: "c", script: script("c"), create: ["c.txt"] },
  ]);
  return current;
}

function dbEvents(r: RunRepo): string[] {
  if (!existsSync(join(r.repo.dir, ".dgov/state.db"))) return [];
  const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
  try {
    return (db.query("SELECT event FROM events ORDER BY id").all() as { event: string }[]).map((e) => e.event);
  } finally {
    db.close();
  }
}

function alive(pid: number): boolean {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  return stat !== "" && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
}

/** After recovery: every task merged once, nothing left behind, status agrees. */
function expectRecovered(r: RunRepo): void {
  const resumed = r.run(["--continue", "--json"]);
  expect(resumed.stderr).not.toContain("error:");
  expect(resumed.code).toBe(0);
  expect(resumed.json<{ status: string }>().status).toBe("complete");
  const log = r.log();
  for (const x of TASKS) expect(log.filter((l) => l === `Task ${x}`).length).toBe(1);
  expect(log.length).toBe(TASKS.length + 1);
  const units = r.deployed().map((d) => d.unit);
  expect(new Set(units)).toEqual(new Set(TASKS.map((x) => `t/m.${x}`)));
  expect(r.worktrees()).toEqual([]);
  expect(r.branches()).toEqual([]);
  expect(r.repo.git("status", "--porcelain")).toBe("");
  for (const x of TASKS) expect(readFileSync(join(r.repo.dir, `${x}.txt`), "utf8")).toBe(`${x}\n`);
  const status = r.dgov(["status", "--all", "--json"]).json<{ plans: { tasks: { id: string; state: string }[] }[] }>();
  expect(status.plans[0]!.tasks.map((t) => t.state)).toEqual(["merged", "merged", "merged"]);
}

describe("crash safety", () => {
  for (const point of ["dispatch:worktree", "land:before-update-ref", "land:after-update-ref", "land:after-deploy-log"]) {
    test(`SIGKILL at ${point}`, () => {
      const r = plan();
      const crashed = r.run([], { DGOV_CRASH_AT: point });
      expect(crashed.code).toBe(137);
      expect(dbEvents(r)).toContain("run_start");
      expectRecovered(r);
    }, 30_000);
  }

  test("SIGKILL while workers run: orphan workers are stopped, the work redone once", async () => {
    const r = plan(30);
    writeFileSync("/tmp/dgov-crash-workers.pids", "");
    const child = Bun.spawn([DGOV_BIN, "run", "p"], { cwd: r.repo.dir, stdout: "ignore", stderr: "ignore", env: { ...process.env, NO_COLOR: "1" } });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && dbEvents(r).filter((e) => e === "dag_task_dispatched").length < 2) await Bun.sleep(50);
    child.kill("SIGKILL");
    await child.exited;
    const workers = readFileSync("/tmp/dgov-crash-workers.pids", "utf8").trim().split("\n").filter(Boolean).map(Number);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    expect(workers.some(alive)).toBe(true);
    // The resumed run kills the orphans before anything else; quick workers finish the plan.
    const fast = r.repo.dir;
    Bun.spawnSync(["sed", "-i", "s/sleep 30/sleep 0/g", join(fast, ".dgov/project.toml")]);
    r.repo.git("commit", "-qam", "faster workers");
    const status = r.dgov(["status", "--json"]).json<{ plans: { tasks: { state: string }[] }[] }>();
    expect(status.plans[0]!.tasks.map((t) => t.state)).toContain("interrupted");
    expectRecoveredAfterEdit(r);
    for (const pid of workers) expect(alive(pid)).toBe(false);
  }, 60_000);

  test("SIGKILL during settlement", async () => {
    const r = plan();
    const child = Bun.spawn([DGOV_BIN, "run", "p"], { cwd: r.repo.dir, stdout: "ignore", stderr: "ignore", env: { ...process.env, DGOV_CRASH_AT: "settle:review" } });
    expect(await child.exited).toBe(137);
    expect(dbEvents(r)).toContain("settlement_started");
    expectRecovered(r);
  }, 30_000);
});

/** The plan's history has one extra commit ("faster workers") from the test itself. */
function expectRecoveredAfterEdit(r: RunRepo): void {
  const resumed = r.run(["--continue", "--json"]);
  expect(resumed.code).toBe(0);
  const log = r.log();
  for (const x of TASKS) expect(log.filter((l) => l === `Task ${x}`).length).toBe(1);
  expect(r.worktrees()).toEqual([]);
  expect(r.branches()).toEqual([]);
}
