/**
 * Crash safety: the runner is killed with SIGKILL at many points (while dispatching, while
 * workers run, during settlement, around the landing); each time `dgov run --continue`
 * finishes the plan with every task merged exactly once, no duplicate commits, no orphan
 * worktrees, branches or workers, and `dgov status` telling the truth.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { DGOV_BIN } from "../fakes/dgov.ts";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

let current: RunRepo | undefined;
afterEach(() => current?.remove());

const TASKS = ["a", "b", "c"];

/** a and c independent, b after a; every worker sleeps (`sleep` is how a test finds it) and writes one file. */
function plan(sleep = "0", extra = ""): RunRepo {
  const script = (x: string) => `sleep ${sleep}; echo ${x} > ${x}.txt`;
  current = runRepo([
    { slug: "a", script: script("a"), create: ["a.txt"] },
    { slug: "b", script: script("b"), create: ["b.txt"], deps: ["a"] },
    { slug: "c", script: script("c"), create: ["c.txt"] },
  ], { extra });
  return current;
}

/** Host pids of the processes running `sleep <duration>` (a duration unique to one test). */
function sleepers(duration: string): number[] {
  const found = Bun.spawnSync(["pgrep", "-f", `^sleep ${duration.replace(".", "\\.")}$`]);
  return found.stdout.toString().trim().split("\n").filter(Boolean).map(Number).filter(alive);
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await Bun.sleep(50);
  }
}

/** A sleep duration no other test uses: 30 s and a random fraction. */
const uniqueSleep = () => `30.${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;

/** The events so far; none while the store is still being created (no file, or no table yet). */
function dbEvents(r: RunRepo): string[] {
  if (!existsSync(join(r.repo.dir, ".dgov/state.db"))) return [];
  let db: Database | undefined;
  try {
    db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
    return (db.query("SELECT event FROM events ORDER BY id").all() as { event: string }[]).map((e) => e.event);
  } catch {
    return [];
  } finally {
    db?.close();
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
  for (const point of ["dispatch:worktree", "land:before-update-ref", "land:before-checkout-sync", "land:after-update-ref", "land:after-deploy-log"]) {
    test(`SIGKILL at ${point}`, () => {
      const r = plan();
      const crashed = r.run([], { DGOV_CRASH_AT: point });
      expect(crashed.code).toBe(137);
      expect(dbEvents(r)).toContain("run_start");
      expectRecovered(r);
    }, 30_000);
  }

  /** Kills the runner once two workers run; returns their host pids. */
  async function killWhileWorking(r: RunRepo, sleep: string): Promise<number[]> {
    const child = Bun.spawn([DGOV_BIN, "run", "p"], { cwd: r.repo.dir, stdout: "ignore", stderr: "ignore", env: { ...process.env, NO_COLOR: "1" } });
    await until(() => sleepers(sleep).length >= 2, 15_000);
    const workers = sleepers(sleep);
    child.kill("SIGKILL");
    await child.exited;
    return workers;
  }

  /** The resumed run, with quick workers: the plan finishes, each task once. */
  function resumeQuickly(r: RunRepo, sleep: string): void {
    Bun.spawnSync(["sed", "-i", `s/sleep ${sleep}/sleep 0/g`, join(r.repo.dir, ".dgov/project.toml")]);
    r.repo.git("commit", "-qam", "faster workers");
    const status = r.dgov(["status", "--json"]).json<{ plans: { tasks: { state: string }[] }[] }>();
    expect(status.plans[0]!.tasks.map((t) => t.state)).toContain("interrupted");
    expectRecoveredAfterEdit(r);
  }

  test("SIGKILL while workers run: the sandboxed workers die with the runner, the work is redone once", async () => {
    const sleep = uniqueSleep();
    const r = plan(sleep);
    const workers = await killWhileWorking(r, sleep);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    // The sandbox dies with its parent: nothing of the killed run is left running.
    await until(() => sleepers(sleep).length === 0, 5_000);
    resumeQuickly(r, sleep);
  }, 60_000);

  test("SIGKILL while workers run with the sandbox off: the orphans outlive the runner until the resumed run stops them", async () => {
    const sleep = uniqueSleep();
    const r = plan(sleep, '[sandbox]\nmode = "off"');
    const workers = await killWhileWorking(r, sleep);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    expect(workers.some(alive)).toBe(true);
    resumeQuickly(r, sleep);
    for (const pid of workers) expect(alive(pid)).toBe(false);
  }, 60_000);

  test("SIGKILL while a gate runs with the sandbox off: its recorded process group outlives the runner until the resumed run kills it", async () => {
    const sleep = uniqueSleep();
    const recipe = (d: string) => `import { definePlugin, defineVerify } from "dgov/plugin";
export default definePlugin({ name: "slow", api: 1, verify: [defineVerify({ name: "slow", match: ["*.txt"], steps: [{ id: "wait", argv: ["sleep", "${d}"], timeoutMs: 120000 }] })] });
`;
    const r = (current = runRepo([{ slug: "a", script: "echo a > a.txt", create: ["a.txt"] }], { extra: '[sandbox]\nmode = "off"', files: { ".dgov/plugins/slow.ts": recipe(sleep) } }));
    const child = Bun.spawn([DGOV_BIN, "run", "p"], { cwd: r.repo.dir, stdout: "ignore", stderr: "ignore", env: { ...process.env, NO_COLOR: "1" } });
    await until(() => sleepers(sleep).length === 1, 20_000);
    const [gate] = sleepers(sleep);
    child.kill("SIGKILL");
    await child.exited;
    const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
    const recorded = (db.query("SELECT pid FROM process_groups").all() as { pid: number }[]).map((row) => row.pid);
    db.close();
    expect(recorded).toContain(gate!);
    expect(alive(gate!)).toBe(true);
    Bun.spawnSync(["sed", "-i", `s/${sleep}/0/`, join(r.repo.dir, ".dgov/plugins/slow.ts")]);
    r.repo.git("commit", "-qam", "a quick gate");
    const resumed = r.run(["--continue", "--json"]);
    expect(resumed.code).toBe(0);
    expect(resumed.json<{ status: string }>().status).toBe("complete");
    expect(alive(gate!)).toBe(false);
    expect(r.log().filter((l) => l === "Task a").length).toBe(1);
    expect(r.worktrees()).toEqual([]);
    expect(r.branches()).toEqual([]);
  }, 60_000);

  test("a cleanup that fails is reported and kept for the next run, which finishes it", () => {
    const r = (current = runRepo([{ slug: "a", script: "echo a > a.txt; touch \"$LOCK\"", create: ["a.txt"] }], { extra: '[sandbox]\nmode = "off"' }));
    // The worker leaves a stale ref lock on its own branch: deleting the branch fails.
    const lock = join(r.repo.dir, ".git/refs/heads/dgov/t/m.a.lock");
    Bun.spawnSync(["sed", "-i", `s|\\$LOCK|${lock}|`, join(r.repo.dir, ".dgov/project.toml")]);
    r.repo.git("commit", "-qam", "the lock's path");
    const first = r.run();
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("[t/m.a] cleanup failed, the next run retries it: cannot delete branch dgov/t/m.a:");
    expect(dbEvents(r)).toContain("cleanup_failed");
    expect(r.branches()).toEqual(["dgov/t/m.a"]);
    expect(r.log()).toContain("Task a");
    Bun.spawnSync(["rm", lock]);
    const next = r.run(["--continue"]);
    expect(next.code).toBe(0);
    expect(r.branches()).toEqual([]);
    expect(r.worktrees()).toEqual([]);
    expect(r.log().filter((l) => l === "Task a").length).toBe(1);
  }, 30_000);

  test("SIGKILL between moving the branch and updating the checkout: the next dgov command brings the checkout along", () => {
    const r = plan();
    expect(r.run([], { DGOV_CRASH_AT: "land:before-checkout-sync" }).code).toBe(137);
    // The branch moved; the checkout still holds the tree before it (a staged revert, were it left).
    expect(r.repo.git("status", "--porcelain")).not.toBe("");
    const status = r.dgov(["status"]);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain("brought the checkout up to date with a landing an interrupted dgov had made");
    expect(r.repo.git("status", "--porcelain")).toBe("");
    expect(r.repo.git("diff", "--cached", "--name-only", "HEAD")).toBe("");
    expectRecovered(r);
  }, 30_000);

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
