/** Ctrl-C, and the commands around runs: status, watch, clean, prune. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { DGOV_BIN } from "../fakes/dgov.ts";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

let current: RunRepo | undefined;
afterEach(() => current?.remove());

function alive(pid: number): boolean {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  return stat !== "" && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
}

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await Bun.sleep(50);
  }
}

/** Host pids of the processes running `sleep <duration>` (a duration unique to one test). */
function sleepers(duration: string): number[] {
  const found = Bun.spawnSync(["pgrep", "-f", `^sleep ${duration.replace(".", "\\.")}$`]);
  return found.stdout.toString().trim().split("\n").filter(Boolean).map(Number).filter(alive);
}

/** A sleep duration no other test uses. */
const uniqueSleep = (seconds: number) => `${seconds}.${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;

describe("Ctrl-C", () => {
  test("stops dispatching, kills running workers, exits 130; --continue finishes", async () => {
    const sleep = uniqueSleep(30);
    const r = (current = runRepo([
      { slug: "slow", script: `sleep ${sleep} & wait; echo s > s.txt`, create: ["s.txt"] },
      { slug: "later", script: "echo l > l.txt", deps: ["slow"], create: ["l.txt"] },
    ]));
    const child = Bun.spawn([DGOV_BIN, "run", "p"], { cwd: r.repo.dir, stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
    await until(() => sleepers(sleep).length > 0);
    child.kill("SIGINT");
    const code = await child.exited;
    const stderr = await new Response(child.stderr).text();
    expect(code).toBe(130);
    expect(stderr).toContain("interrupt: stopping");
    await until(() => sleepers(sleep).length === 0, 5_000);
    const status = r.dgov(["status", "--json"]).json<{ plans: { tasks: { id: string; state: string }[] }[] }>();
    expect(status.plans[0]!.tasks).toEqual([
      expect.objectContaining({ id: "t/m.later", state: "skipped" }),
      expect.objectContaining({ id: "t/m.slow", state: "abandoned" }),
    ]);
    Bun.spawnSync(["sed", "-i", `s/sleep ${sleep} \\& wait; //`, join(r.repo.dir, ".dgov/project.toml")]);
    r.repo.git("commit", "-qam", "quick worker");
    const resumed = r.run(["--continue"]);
    expect(resumed.code).toBe(0);
    expect(r.log().slice(0, 2)).toEqual(["Task later", "Task slow"]);
  }, 30_000);
});

describe("a second Ctrl-C", () => {
  test("exits at once, killing a worker that ignores SIGTERM", async () => {
    const sleep = uniqueSleep(1);
    const r = (current = runRepo([{ slug: "stubborn", script: `trap '' TERM; while true; do sleep ${sleep}; done`, create: ["x.txt"] }]));
    const child = Bun.spawn([DGOV_BIN, "run", "p"], { cwd: r.repo.dir, stdout: "ignore", stderr: "ignore" });
    await until(() => sleepers(sleep).length > 0);
    child.kill("SIGINT");
    await Bun.sleep(100);
    child.kill("SIGINT");
    // At once: without the second Ctrl-C the stop would wait for the worker's 30 s deadline.
    expect(await child.exited).toBe(130);
    await until(() => sleepers(sleep).length === 0, 3_000);
  }, 12_000);
});

describe("status, watch, clean, prune", () => {
  test("status separates what needs attention from what merged", () => {
    const r = (current = runRepo([
      { slug: "good", script: "echo g > g.txt", create: ["g.txt"] },
      { slug: "bad", script: "exit 1", create: ["b.txt"] },
    ], { plan: "max_retries = 1" }));
    expect(r.run().code).toBe(1);
    const text = r.dgov(["status"]).stdout;
    expect(text).toContain("status: idle");
    expect(text).toContain("tasks: 2 total, 0 active, 0 settling, 1 need attention");
    expect(text).toMatch(/needs attention:\n\s+✗ t\/m\.bad\s+failed\s+attempt 2\s+\S+s\s+worker exited with code 1/);
    expect(text).not.toContain("t/m.good");
    // No test, type or lint check ran on it: it says so.
    expect(r.dgov(["status", "--all"]).stdout).toMatch(/✓ t\/m\.good\s+merged \(unverified: no tests, typecheck or lint passed\)\s+attempt 1/);
    expect(r.dgov([]).stdout).toBe(text);
  });

  test("watch prints the history with --all --no-follow, filtered, as JSON lines", () => {
    const r = (current = runRepo([{ slug: "a", script: "echo a > a.txt", create: ["a.txt"] }]));
    r.run();
    const lines = r.dgov(["watch", "--all", "--no-follow", "--json", "--event", "dag_task_dispatching,merge_completed"]).stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((e) => [e.event, e.task])).toEqual([["dag_task_dispatching", "t/m.a"], ["merge_completed", "t/m.a"]]);
    const text = r.dgov(["watch", "--all", "--no-follow", "--task", "t/m.a"]).stdout;
    expect(text).toMatch(/\d\d:\d\d:\d\d {2}p {2}t\/m\.a {2}dag_task_dispatched/);
    expect(r.dgov(["watch", "--no-follow"]).stdout).toBe("");
  });

  test("clean keeps a failed task's worktree with uncommitted work unless --force; --dry-run only lists", () => {
    const r = (current = runRepo([{ slug: "bad", script: "echo x > x.txt; exit 1", create: ["x.txt"] }], { plan: "max_retries = 0" }));
    r.run();
    expect(r.worktrees()).toEqual([basename(r.worktree("bad"))]);
    expect(r.branches()).toEqual(["dgov/t/m.bad"]);
    const dry = r.dgov(["clean", "--dry-run", "--json"]).json<{ removed: { what: string }[]; kept: { what: string; reason: string }[] }>();
    expect(dry.removed.map((a) => a.what)).toEqual(["output"]);
    expect(dry.kept).toEqual([expect.objectContaining({ what: "worktree", reason: expect.stringContaining("1 uncommitted change(s)") })]);
    const kept = r.dgov(["clean"]);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain("kept worktree");
    expect(kept.stdout).toContain("(--force removes it)");
    expect(r.worktrees()).toEqual([basename(r.worktree("bad"))]);
    expect(existsSync(join(r.worktree("bad"), "x.txt"))).toBe(true);
    expect(r.dgov(["clean", "--force"]).code).toBe(0);
    expect(r.worktrees()).toEqual([]);
    expect(r.parked()).toEqual([]);
    expect(r.branches()).toEqual([]);
    // Nothing is left in the folder next to the project: it is gone too.
    expect(existsSync(dirname(r.worktree("bad")))).toBe(false);
    expect(existsSync(join(r.repo.dir, ".dgov/out"))).toBe(true);
    expect(r.dgov(["clean"]).stdout).toBe("  nothing to clean\n");
    expect(r.dgov(["prune", "--dry-run", "--json"]).json()).toEqual({ dry_run: true, artifacts: 0, dispatch_runs: 1 });
    expect(r.dgov(["prune", "--json"]).json()).toEqual({ dry_run: false, artifacts: 0, dispatch_runs: 1 });
  });
});
