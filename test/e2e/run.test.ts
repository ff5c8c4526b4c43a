/** `dist/dgov run` end to end, with command workers on real temp repositories. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { type RunRepo, type RunTask, runRepo } from "../fakes/run-repo.ts";

let current: RunRepo | undefined;
afterEach(() => current?.remove());
function repo(tasks: RunTask[], opts?: Parameters<typeof runRepo>[1]): RunRepo {
  current = runRepo(tasks, opts);
  return current;
}

interface Summary {
  status: string;
  counts: Record<string, number>;
  tasks: { id: string; state: string; attempts: number; sha: string | null; error: string | null }[];
}
const summary = (r: RunRepo, args: string[] = [], env?: Record<string, string>) => {
  const run = r.run(["--json", ...args], env);
  return { code: run.code, stderr: run.stderr, out: run.json<Summary>() };
};
const state = (s: Summary) => Object.fromEntries(s.tasks.map((t) => [t.id, t.state]));

describe("dgov run", () => {
  test("three independent tasks: each merged once, checkout updated, nothing left behind", () => {
    const r = repo(["a", "b", "c"].map((x) => ({ slug: x, script: `echo ${x} > ${x}.txt`, create: [`${x}.txt`] })));
    const { code, out } = summary(r);
    expect(code).toBe(0);
    expect(out.status).toBe("complete");
    expect(r.log().slice(0, 3).sort()).toEqual(["Task a", "Task b", "Task c"]);
    for (const x of ["a", "b", "c"]) expect(readFileSync(join(r.repo.dir, `${x}.txt`), "utf8")).toBe(`${x}\n`);
    expect(r.deployed().map((d) => d.unit).sort()).toEqual(["t/m.a", "t/m.b", "t/m.c"]);
    expect(r.worktrees()).toEqual([]);
    expect(r.branches()).toEqual([]);
    expect(r.repo.git("status", "--porcelain")).toBe("");
  });

  test("compile warnings are shown once per compile: a run of an unchanged plan says how many there are", () => {
    const r = repo([{ slug: "a", script: "echo a > a.txt", create: ["a.txt", "README.md"] }], { files: { "README.md": "# x\n" } });
    const first = r.run();
    expect(first.stderr).toContain("files.create lists 'README.md', which exists already: claim it as files.edit");
    const again = r.run();
    expect(again.stderr).not.toContain("files.create lists 'README.md'");
    expect(again.stderr).toMatch(/^\d+ compile warnings?, shown when the plan last changed \(`dgov compile` shows them again\)$/m);
    expect(r.dgov(["compile", "p"]).stderr).toContain("files.create lists 'README.md'");
  });

  test("two projects sharing a worktrees_dir, with the same task ids: neither takes the other's task folders for its own leftovers", () => {
    const shared = mkdtempSync(join(tmpdir(), "dgov-shared-wt-"));
    const extra = `[git]\nworktrees_dir = ${JSON.stringify(shared)}`;
    const first = runRepo([{ slug: "a", script: "echo first > a.txt; exit 1", create: ["a.txt"] }], { extra });
    try {
      expect(first.run().code).toBe(1);
      const second = repo([{ slug: "a", script: "echo second > a.txt", create: ["a.txt"] }], { extra });
      expect(second.run().code).toBe(0);
      expect(readFileSync(join(second.repo.dir, "a.txt"), "utf8")).toBe("second\n");
      // The first project's failed task is still there for inspection, as its run left it.
      const kept = first.repo.git("worktree", "list", "--porcelain").split("\n").filter((l) => l.startsWith("worktree ")).slice(1);
      expect(kept.length).toBe(1);
      expect(readFileSync(join(kept[0]!.slice("worktree ".length), "a.txt"), "utf8")).toBe("first\n");
      expect(readdirSync(shared).length).toBe(2);
    } finally {
      first.remove();
      rmSync(shared, { recursive: true, force: true });
    }
  });

  test("[git] worktrees_dir puts the task worktrees in the project's own folder there; clean empties and removes it; a folder inside the repository is refused", () => {
    const r = repo([{ slug: "a", script: "echo a > a.txt; exit 1", create: ["a.txt"] }], { extra: `[git]\nworktrees_dir = "../wt-${crypto.randomUUID().slice(0, 8)}"` });
    const toml = readFileSync(join(r.repo.dir, ".dgov/project.toml"), "utf8");
    const dir = join(r.repo.dir, "..", toml.match(/worktrees_dir = "\.\.\/([^"]+)"/)![1]!);
    try {
      expect(summary(r).code).toBe(1);
      // The failed task's worktree is kept for inspection, in the project's folder of the configured one.
      const [own, ...others] = readdirSync(dir);
      expect(others).toEqual([]);
      expect(own).toMatch(new RegExp(`^${basename(r.repo.dir)}-[0-9a-f]{8}$`));
      const kept = readdirSync(join(dir, own!));
      expect(kept.length).toBe(1);
      expect(readFileSync(join(dir, own!, kept[0]!, "a.txt"), "utf8")).toBe("a\n");
      expect(r.worktrees()).toEqual([]);
      expect(r.dgov(["clean", "--force"]).code).toBe(0);
      expect(readdirSync(dir)).toEqual([]);
      writeFileSync(join(r.repo.dir, ".dgov/project.toml"), toml.replace(/worktrees_dir = "[^"]+"/, 'worktrees_dir = "build/wt"'));
      const inside = r.run();
      expect(inside.code).toBe(2);
      expect(inside.stderr).toContain('[git] worktrees_dir = "build/wt" is inside the repository');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("parallel tasks get distinct port ranges: DGOV_PORT, DGOV_PORT_COUNT and PORT for setup_cmd, the worker and its gates", () => {
    const shared = mkdtempSync(join(tmpdir(), "dgov-ports-"));
    try {
      // Each worker records its ports, then waits for the other's: both are live at once.
      const script = (x: string, y: string) =>
        `echo "$DGOV_PORT $DGOV_PORT_COUNT $PORT" > ${shared}/${x}; cp ${shared}/${x} ${x}.txt; i=0; while [ ! -f ${shared}/${y} ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done`;
      const r = repo([{ slug: "a", script: script("a", "b"), create: ["a.txt"] }, { slug: "b", script: script("b", "a"), create: ["b.txt"] }], {
        project: `port_base = 47100\nport_count = 7\ntest_cmd = "sh -c 'echo $DGOV_PORT >> ${shared}/gates'"\nsetup_cmd = "sh -c 'echo $DGOV_PORT >> ${shared}/setup'"`,
        extra: '[sandbox]\nmode = "off"',
      });
      expect(summary(r).code).toBe(0);
      const [a, b] = ["a", "b"].map((x) => readFileSync(join(r.repo.dir, `${x}.txt`), "utf8").trim().split(" ").map(Number));
      for (const [first, count, port] of [a!, b!]) {
        expect(count).toBe(7);
        expect(port).toBe(first!);
        expect(first! >= 47100 && (first! - 47100) % 7 === 0).toBe(true);
      }
      expect(a![0]).not.toBe(b![0]);
      // The gates ran with a port of this run's range.
      const gates = readFileSync(join(shared, "gates"), "utf8").trim().split("\n").map(Number);
      expect(gates.length).toBeGreaterThan(0);
      expect(gates.every((p) => p >= 47100 && (p - 47100) % 7 === 0)).toBe(true);
      // setup_cmd ran in each fresh worktree with the port its worker then got.
      expect(readFileSync(join(shared, "setup"), "utf8").trim().split("\n").map(Number).sort()).toEqual([a![0]!, b![0]!].sort());
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  test("merged tasks' worktrees are parked (sandboxed) and the next run's tasks take them; without the sandbox none is kept", () => {
    const r = repo(["a", "b", "c"].map((x) => ({ slug: x, script: `echo ${x} > ${x}.txt; echo junk > ${x}.log`, create: [`${x}.txt`] })), {
      files: { ".gitignore": "*.log\n" },
      plans: { q: [{ slug: "d", script: "ls *.log > seen.txt 2>/dev/null; echo done >> seen.txt", create: ["seen.txt"] }] },
    });
    expect(summary(r).code).toBe(0);
    const parked = r.parked();
    expect(parked.length).toBeGreaterThan(0);
    expect(parked.length).toBeLessThanOrEqual(4);
    expect(r.dgov(["run", "q"]).code).toBe(0);
    // d ran in a parked worktree, and none of the earlier workers' ignored files were there.
    expect(r.parked().filter((p) => !parked.includes(p))).toHaveLength(1);
    expect(r.parked().length).toBe(parked.length);
    expect(readFileSync(join(r.repo.dir, "seen.txt"), "utf8")).toBe("done\n");
    r.remove();
    const off = repo([{ slug: "a", script: "echo a > a.txt", create: ["a.txt"] }], { extra: '[sandbox]\nmode = "off"' });
    expect(summary(off).code).toBe(0);
    expect(off.parked()).toEqual([]);
    expect(off.worktrees()).toEqual([]);
  });

  test("landed commits carry the plan, task and run as trailers; a fresh clone sees them deployed and its run dispatches nothing", () => {
    const r = repo(["a", "b"].map((x) => ({ slug: x, script: `echo ${x} > ${x}.txt`, create: [`${x}.txt`] })));
    const { code, out } = summary(r);
    expect(code).toBe(0);
    const run = r.repo.git("log", "-1", "--format=%(trailers:key=Dgov-Run,valueonly)", "main").trim();
    expect(run).toMatch(/^\d{8}T\d{6}-[0-9a-f]{6}$/);
    const message = r.repo.git("log", "-1", "--format=%B", out.tasks.find((t) => t.id === "t/m.a")!.sha!);
    expect(message).toBe(`Task a\n\nDgov-Plan: p\nDgov-Task: t/m.a\nDgov-Run: ${run}\n\n`);
    // A teammate's clone: no state.db, no deployed.jsonl (both gitignored).
    const clone = mkdtempSync(join(tmpdir(), "dgov-clone-"));
    try {
      r.repo.git("clone", "-q", r.repo.dir, join(clone, "repo"));
      const dir = join(clone, "repo");
      expect(existsSync(join(dir, ".dgov/plans/deployed.jsonl"))).toBe(false);
      const status = dgov(["plan", "status", "p", "--json"], { cwd: dir }).json<{ deployed: number; unit_statuses: { unit: string; status: string; sha: string }[] }>();
      expect(status.unit_statuses.map((u) => [u.unit, u.status])).toEqual([["t/m.a", "deployed"], ["t/m.b", "deployed"]]);
      expect(status.unit_statuses.map((u) => u.sha).sort()).toEqual(out.tasks.map((t) => t.sha!).sort());
      const again = dgov(["run", "p", "--json"], { cwd: dir });
      expect(again.code).toBe(0);
      expect(again.json<Summary>().tasks.map((t) => t.state)).toEqual(["merged", "merged"]);
      expect(Bun.spawnSync(["git", "log", "--format=%s", "main"], { cwd: dir }).stdout.toString().split("\n").filter((s) => s.startsWith("Task")).sort()).toEqual(["Task a", "Task b"]);
      const dispatched = dgov(["watch", "--json", "--all", "--no-follow", "--event", "dag_task_dispatching"], { cwd: dir }).stdout.trim();
      expect(dispatched).toBe("");
    } finally {
      rmSync(clone, { recursive: true, force: true });
      rmSync(join(clone, "..", `.dgov-worktrees-repo`), { recursive: true, force: true });
    }
  });

  test("[notify] command gets the run's summary as JSON on stdin when the run ends; a failing notifier is a warning", () => {
    const out = mkdtempSync(join(tmpdir(), "dgov-notify-"));
    try {
      const file = join(out, "summary.json");
      const r = repo([{ slug: "a", script: "echo a > a.txt", create: ["a.txt"] }], { extra: `[notify]\ncommand = ["sh", "-c", "cat > ${file}; echo \\"$OPENAI_API_KEY\\" > ${file}.env"]` });
      const run = r.run(["--json"], { OPENAI_API_KEY: "sk-secret" });
      expect(run.code).toBe(0);
      const told = JSON.parse(readFileSync(file, "utf8")) as Summary & { plan: string };
      expect(told.plan).toBe("p");
      expect(told.status).toBe("complete");
      expect(told.tasks.map((t) => t.id)).toEqual(["t/m.a"]);
      expect(told).toEqual(run.json());
      expect(readFileSync(`${file}.env`, "utf8").trim()).toBe("");
      r.remove();
      const failing = repo([{ slug: "b", script: "echo b > b.txt", create: ["b.txt"] }], { extra: '[notify]\ncommand = ["sh", "-c", "echo no route >&2; exit 3"]\ndesktop = true' });
      const second = failing.run();
      expect(second.code).toBe(0);
      expect(second.stderr).toContain("[notify] sh -c echo no route >&2; exit 3 exited 3: no route");
      if (!Bun.which("notify-send")) expect(second.stderr).toContain("desktop = true, but this machine has no notify-send");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test(".worktreeinclude: the ignored files it lists are copied into each task worktree, nothing else ignored is", () => {
    const r = repo([{ slug: "a", script: "cat .env conf/local.cfg > seen.txt; ls *.log >> seen.txt 2>/dev/null; true", create: ["seen.txt"] }], {
      files: { ".gitignore": ".env\n*.log\nconf/local.cfg\n", ".worktreeinclude": ".env\nconf/\n" },
    });
    // The user's local files: ignored by git, so the checkout stays clean.
    r.repo.write(".env", "TOKEN=local\n");
    r.repo.write("conf/local.cfg", "port = 1\n");
    r.repo.write("debug.log", "noise\n");
    expect(summary(r).code).toBe(0);
    expect(readFileSync(join(r.repo.dir, "seen.txt"), "utf8")).toBe("TOKEN=local\nport = 1\n");
    const copied = r.dgov(["watch", "--json", "--all", "--no-follow", "--event", "worktree_included"]).stdout.trim().split("\n").map((l) => JSON.parse(l).data.files);
    expect(copied).toEqual([[".env", "conf/local.cfg"]]);
  });

  test("a task without commit_message lands under its summary", () => {
    const r = repo([{ slug: "a", script: "echo a > a.txt", create: ["a.txt"] }]);
    const toml = join(r.repo.dir, ".dgov/plans/p/t/m.toml");
    writeFileSync(toml, readFileSync(toml, "utf8").replace(/commit_message = .*\n/, ""));
    r.repo.git("commit", "-qam", "no commit message");
    expect(summary(r).code).toBe(0);
    expect(r.log()[0]).toBe("task a");
  });

  test("a chain of three: each task starts from its dependency's merge, history in order", () => {
    const r = repo([
      { slug: "a", script: "echo a > chain.txt", create: ["chain.txt"] },
      { slug: "b", script: "cat chain.txt > b.txt && echo b >> chain.txt", deps: ["a"], edit: ["chain.txt"], create: ["b.txt"] },
      { slug: "c", script: "cat chain.txt > c.txt && echo c >> chain.txt", deps: ["b"], edit: ["chain.txt"], create: ["c.txt"] },
    ]);
    expect(summary(r).code).toBe(0);
    expect(r.log().slice(0, 4)).toEqual(["Task c", "Task b", "Task a", "initial"]);
    expect(readFileSync(join(r.repo.dir, "chain.txt"), "utf8")).toBe("a\nb\nc\n");
    expect(readFileSync(join(r.repo.dir, "c.txt"), "utf8")).toBe("a\nb\n");
  });

  test("a diamond: d sees both b and c", () => {
    const r = repo([
      { slug: "a", script: "echo a > a.txt", create: ["a.txt"] },
      { slug: "b", script: "echo b > b.txt", deps: ["a"], create: ["b.txt"] },
      { slug: "c", script: "echo c > c.txt", deps: ["a"], create: ["c.txt"] },
      { slug: "d", script: "cat a.txt b.txt c.txt > d.txt", deps: ["b", "c"], create: ["d.txt"] },
    ]);
    expect(summary(r).code).toBe(0);
    expect(readFileSync(join(r.repo.dir, "d.txt"), "utf8")).toBe("a\nb\nc\n");
    expect(r.log()[0]).toBe("Task d");
  });

  test("a failing task skips its dependents: partial, exit 1, its worktree kept", () => {
    const r = repo([
      { slug: "ok", script: "echo ok > ok.txt", create: ["ok.txt"] },
      { slug: "bad", script: "echo 'cannot do it' >&2; exit 3", create: ["bad.txt"] },
      { slug: "after", script: "echo x > after.txt", deps: ["bad"], create: ["after.txt"] },
    ], { plan: "max_retries = 0" });
    const { code, out } = summary(r);
    expect(code).toBe(1);
    expect(out.status).toBe("partial");
    expect(state(out)).toEqual({ "t/m.after": "skipped", "t/m.bad": "failed", "t/m.ok": "merged" });
    const bad = out.tasks.find((t) => t.id === "t/m.bad")!;
    expect(bad.error).toContain("worker exited with code 3");
    expect(bad.error).toContain("cannot do it");
    expect(out.tasks.find((t) => t.id === "t/m.after")!.error).toBe("skipped: dependency 't/m.bad' ended failed");
    expect(r.worktrees()).toEqual([basename(r.worktree("bad"))]);
  });

  test("an edit outside the claims is rejected at review and never merged", () => {
    const r = repo([{ slug: "sneaky", script: "echo x > mine.txt && echo oops >> README.md", create: ["mine.txt"] }]);
    const { code, out } = summary(r);
    expect(code).toBe(1);
    const task = out.tasks[0]!;
    expect(task.state).toBe("failed");
    expect(task.error).toContain("Touched unclaimed files: README.md");
    expect(task.error).toContain("(scope/unclaimed)");
    expect(readFileSync(join(r.repo.dir, "README.md"), "utf8")).toBe("# fixture\n");
    expect(existsSync(join(r.repo.dir, "mine.txt"))).toBe(false);
    expect(r.log()).toEqual(["initial"]);
  });

  test("the retry in place is reviewed again: an out-of-claim edit it adds is rejected at review (dgov-py skipped it)", () => {
    // The tests gate fails the first attempt; the retry "fixes" it and also writes stray.txt.
    const script = "echo a > a.txt; if grep -q 'REJECTED by settlement'; then echo ok > ok.txt; echo x > stray.txt; fi";
    const r = repo([{ slug: "a", script, create: ["a.txt", "ok.txt"] }], { project: 'test_cmd = "test -f ok.txt"' });
    const { code, out } = summary(r);
    expect(code).toBe(1);
    expect(out.tasks[0]).toMatchObject({ state: "failed", attempts: 1 });
    expect(out.tasks[0]!.error).toStartWith("settlement rejected at review by scope: stray.txt: Touched unclaimed files: stray.txt");
    const retry = readFileSync(join(r.repo.dir, ".dgov/out/t%2Fm.a/attempt-1-retry-in-place.prompt.md"), "utf8");
    expect(retry).toContain("settlement rejected at isolated by tests: Test failure from `test -f ok.txt`");
    expect(r.log()).toEqual(["initial"]);
    expect(r.worktrees()).toEqual([basename(r.worktree("a"))]);
  });

  test("a retry gets the previous error in its prompt", () => {
    const script = "if grep -q 'PREVIOUS ATTEMPT (1) FAILED' && [ \"$DGOV_ATTEMPT\" = 2 ]; then echo fixed > f.txt; else echo 'boom: missing config' >&2; exit 1; fi";
    const r = repo([{ slug: "flaky", script, create: ["f.txt"] }]);
    const { code, out } = summary(r);
    expect(code).toBe(0);
    expect(out.tasks[0]).toMatchObject({ state: "merged", attempts: 2 });
    const prompt = readFileSync(join(r.repo.dir, ".dgov/out/t%2Fm.flaky/attempt-2-dispatch.prompt.md"), "utf8");
    expect(prompt).toStartWith("PREVIOUS ATTEMPT (1) FAILED:\nworker exited with code 1\nlast output:\nboom: missing config\n");
  });

  test("a worker past its timeout is killed with its whole process group", () => {
    // `sleep <unique duration>` is how the test finds the worker's processes on the host.
    const sleep = `30.${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
    const r = repo([{ slug: "slow", script: `sleep ${sleep} & sleep ${sleep}`, create: ["x.txt"], timeout: 1 }], { plan: "max_retries = 0" });
    const { code, out } = summary(r);
    expect(code).toBe(1);
    expect(out.tasks[0]!.state).toBe("timed_out");
    expect(out.tasks[0]!.error).toContain("Wall-clock timeout after 1s");
    expect(Bun.spawnSync(["pgrep", "-f", `^sleep ${sleep.replace(".", "\\.")}$`]).exitCode).toBe(1);
  }, 20_000);

  test("uncommitted changes block the run with the dirty paths, exit 2", () => {
    const r = repo([{ slug: "a", script: "echo a > a.txt", create: ["a.txt"] }]);
    r.repo.write("notes.txt", "wip\n");
    r.repo.write("README.md", "changed\n");
    const run = r.run();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("working tree has uncommitted changes (2 paths)");
    expect(run.stderr).toContain("  README.md\n  notes.txt\n");
    expect(run.stderr).toContain("hint: Commit or stash your changes, then retry.");
    expect(r.deployed()).toEqual([]);
  });

  test("--only runs a task and its dependencies", () => {
    const r = repo([
      { slug: "a", script: "echo a > a.txt", create: ["a.txt"] },
      { slug: "b", script: "echo b > b.txt", deps: ["a"], create: ["b.txt"] },
      { slug: "c", script: "echo c > c.txt", create: ["c.txt"] },
    ]);
    const { code, out } = summary(r, ["--only", "t/m.b"]);
    expect(code).toBe(0);
    expect(out.tasks.map((t) => t.id)).toEqual(["t/m.a", "t/m.b"]);
    expect(existsSync(join(r.repo.dir, "c.txt"))).toBe(false);
    const rest = summary(r);
    expect(state(rest.out)).toEqual({ "t/m.a": "merged", "t/m.b": "merged", "t/m.c": "merged" });
    expect(r.log().filter((l) => l === "Task a").length).toBe(1);
  });

  test("--continue retries a failed task with its last error; landed tasks stay landed", () => {
    // The marker is in dgov's runtime folder of the project: the sandboxed worker can read it.
    const marker = '"$(dirname "$(git rev-parse --path-format=absolute --git-common-dir)")/.dgov/runtime/go"';
    const r = repo([
      { slug: "a", script: "echo a > a.txt", create: ["a.txt"] },
      { slug: "b", script: `if [ -e ${marker} ]; then echo b > b.txt; else exit 1; fi`, deps: ["a"], create: ["b.txt"] },
    ], { plan: "max_retries = 0" });
    expect(summary(r).out.status).toBe("partial");
    expect(summary(r).out.status).toBe("partial");
    r.repo.write(".dgov/runtime/go", "");
    const again = summary(r, ["--continue"]);
    expect(again.code).toBe(0);
    expect(again.out.tasks.find((t) => t.id === "t/m.b")).toMatchObject({ state: "merged", attempts: 2 });
    expect(r.log().filter((l) => l === "Task a").length).toBe(1);
    expect(readFileSync(join(r.repo.dir, ".dgov/out/t%2Fm.b/attempt-2-dispatch.prompt.md"), "utf8")).toStartWith("PREVIOUS ATTEMPT (1) FAILED:\nworker exited with code 1");
  });

  test("a text conflict with a moved target fails the task at the candidate, naming the file", async () => {
    // While the worker runs, another process (the user) moves main; the worker then makes its own edit.
    // It runs twice: the conflict is retryable, so the worker gets one in-place retry.
    const script = "touch started.flag; while [ ! -e go.flag ]; do sleep 0.05; done; printf 'mine\\n' > shared.txt";
    const r = repo([{ slug: "edit", script, edit: ["shared.txt"] }], { files: { "shared.txt": "one\n", ".gitignore": "*.flag\n" }, plan: "max_retries = 0" });
    const running = r.runAsync("p", ["--json"]);
    const worktree = r.worktree("edit");
    for (let i = 0; i < 300 && !existsSync(join(worktree, "started.flag")); i++) await Bun.sleep(50);
    r.repo.write("shared.txt", "theirs\n");
    r.repo.git("commit", "-qam", "main changed shared");
    writeFileSync(join(worktree, "go.flag"), "");
    const run = await running;
    const out = run.json<Summary>();
    expect(run.code).toBe(1);
    expect(out.tasks[0]).toMatchObject({ state: "failed", attempts: 1 });
    expect(out.tasks[0]!.error).toContain("text conflict replaying the task onto main");
    expect(out.tasks[0]!.error).toContain(": shared.txt");
    expect(r.log()[0]).toBe("main changed shared");
    expect(readFileSync(join(r.repo.dir, "shared.txt"), "utf8")).toBe("theirs\n");
    expect(r.worktrees()).toEqual([basename(r.worktree("edit"))]);
    const retry = readFileSync(join(r.repo.dir, ".dgov/out/t%2Fm.edit/attempt-1-retry-in-place.prompt.md"), "utf8");
    expect(retry).toStartWith("Your previous attempt was REJECTED by settlement. Fix the issue and call done.\n\nSETTLEMENT VERDICT AND EVIDENCE:\ntext conflict replaying the task onto main");
  });

  test("a repository without commits gets a bootstrap snapshot first", () => {
    const r = repo([{ slug: "a", script: "echo a > a.txt", create: ["a.txt"] }]);
    r.repo.git("update-ref", "-d", "refs/heads/main");
    const run = r.run();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Created bootstrap commit from current working tree");
    expect(r.log()).toEqual(["Task a", "chore: bootstrap repo for dgov"]);
  });
});
