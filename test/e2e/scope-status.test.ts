/** `dgov scope status` (spec settlement-git §4.3, §7 test 78): settlement's scope check, locally. */
import { afterEach, describe, expect, test } from "bun:test";
import { openStore } from "../../src/store/db.ts";
import { appendEvent } from "../../src/store/events.ts";
import { dgov } from "../fakes/dgov.ts";
import { planRepo } from "../fakes/plan-repo.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let repos: FixtureRepo[] = [];
afterEach(() => {
  repos.forEach((r) => r.remove());
  repos = [];
});

/** dgov init's ignore entries: runtime state never shows as a change. */
const DGOV_IGNORE = "state.db\nstate.db-wal\nstate.db-shm\nruntime/\n";

/** A committed repo with `src/a.py` then changed and staged. */
function stagedRepo(projectToml = ""): FixtureRepo {
  const r = makeRepo({ ".dgov/project.toml": projectToml, ".dgov/.gitignore": DGOV_IGNORE, "src/a.py": "a = 1\n" }, { commit: true });
  repos.push(r);
  r.write("src/a.py", "a = 2\n");
  r.git("add", "src/a.py");
  return r;
}

describe("dgov scope status with --claim / --read", () => {
  test("the claimed file changed: exit 0, blocking: (none)", () => {
    const r = stagedRepo();
    const run = dgov(["scope", "status", "--task", "t", "--claim", "src/a.py"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("scope_status: pass\nclaimed_writable: src/a.py\nclaimed_readonly: (none)\nmodified_files: src/a.py\nblocking: (none)\n");
  });

  test("another file claimed: exit 1, unclaimed_modified, the hint names the task", () => {
    const r = stagedRepo();
    const run = dgov(["scope", "status", "--task", "t", "--claim", "src/other.py"], { cwd: r.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("unclaimed_modified: src/a.py\n");
    expect(run.stdout).toContain("blocking: Touched unclaimed files: src/a.py\nhint: Add these paths to files.edit in task 't'");
  });

  test("--claim and --read repeated: every value counts", () => {
    const r = stagedRepo();
    const run = dgov(["scope", "status", "--claim", "src/x.py", "--claim", "src/a.py", "--read", "src/r1.py", "--read=src/r2.py"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("claimed_writable: src/a.py, src/x.py\n");
    expect(run.stdout).toContain("claimed_readonly: src/r1.py, src/r2.py\n");
  });

  test("a file claimed for reading only was edited: exit 1 with the read-only message", () => {
    const r = stagedRepo();
    const run = dgov(["scope", "status", "--claim", "src/b.py", "--read", "src/a.py"], { cwd: r.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("claimed_readonly: src/a.py\n");
    expect(run.stdout).toContain("blocking: Edited read-only files: src/a.py");
  });

  test("[scope] deny_files and allow_files: their lines, exit 1 even when claimed", () => {
    const denied = dgov(["scope", "status", "--claim", "src/a.py"], { cwd: stagedRepo('[scope]\ndeny_files = ["src/*"]\n').dir });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toContain("project_denied: src/a.py\n");
    const outside = dgov(["scope", "status", "--claim", "src/a.py"], { cwd: stagedRepo('[scope]\nallow_files = ["lib/**"]\n').dir });
    expect(outside.code).toBe(1);
    expect(outside.stdout).toContain("outside_project_allowlist: src/a.py\n");
    expect(outside.stdout).toContain("blocking: Touched files outside project allowlist: src/a.py");
  });

  test("JSON has the spec's keys; the blocking failure with its verdict", () => {
    const r = stagedRepo();
    r.write("notes/x.md", "new\n");
    const run = dgov(["scope", "status", "--claim", "src/a.py", "--json"], { cwd: r.dir });
    expect(run.code).toBe(1);
    expect(run.json()).toEqual({
      claimed_writable: ["src/a.py"],
      claimed_readonly: [],
      modified_files: ["notes/x.md", "src/a.py"],
      transient_write_paths: [],
      ignored_actual_paths: [],
      ignored_transient_paths: [],
      unclaimed_actual_paths: ["notes/x.md"],
      unclaimed_transient_paths: [],
      path_policy_denied_paths: [],
      path_policy_outside_allow_paths: [],
      blocking_failure: { passed: false, verdict: "scope/unclaimed", error: "Touched unclaimed files: notes/x.md", hint: "Add these paths to files.edit in task '<task>', then recompile and re-run." },
    });
  });

  test("--worktree judges another work tree, not the project root", () => {
    const r = stagedRepo();
    const other = makeRepo({ "lib/b.py": "b\n" }, { commit: true });
    repos.push(other);
    other.write("lib/b.py", "b2\n");
    const run = dgov(["scope", "status", "--claim", "lib/b.py", "--worktree", other.dir, "--json"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ modified_files: ["lib/b.py"], blocking_failure: null });
  });

  test("neither --plan nor --claim: usage error, exit 2", () => {
    const r = stagedRepo();
    for (const args of [[], ["--read", "src/a.py"], ["--task", "t"]]) {
      const run = dgov(["scope", "status", ...args], { cwd: r.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--plan and --task, or at least one --claim, is required");
    }
    expect(dgov(["scope", "status", "--plan", "basic"], { cwd: r.dir }).stderr).toContain("--plan needs --task");
  });
});

describe("dgov scope status --plan --task", () => {
  function compiledRepo(): FixtureRepo {
    const { repo } = planRepo("basic");
    repos.push(repo);
    repo.write(".dgov/.gitignore", DGOV_IGNORE);
    repo.write("src/app/text.py", "def f(): pass\n");
    expect(dgov(["compile", "basic"], { cwd: repo.dir }).code).toBe(0);
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "initial");
    repo.write("src/app/text.py", "def slugify(t): return t\n");
    return repo;
  }

  test("claims come from the compiled plan (bare task ids accepted)", () => {
    const r = compiledRepo();
    const run = dgov(["scope", "status", "--plan", "basic", "--task", "tasks/main.add-helper"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("claimed_writable: src/app/text.py\nclaimed_readonly: tests/test_text.py\n");
    const other = dgov(["scope", "status", "--plan", "basic", "--task", "test-helper"], { cwd: r.dir });
    expect(other.code).toBe(1);
    expect(other.stdout).toContain("blocking: Edited read-only files: src/app/text.py");
  });

  test("an unknown task: exit 2 with the nearest id", () => {
    const r = compiledRepo();
    const run = dgov(["scope", "status", "--plan", "basic", "--task", "tasks/main.add-helpr"], { cwd: r.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("task 'tasks/main.add-helpr' not found in plan 'basic'; did you mean 'tasks/main.add-helper'?");
  });

  test("transient writes of the task's latest pane come from the event log", () => {
    const r = compiledRepo();
    const store = openStore(r.dir);
    const result = (pane: string, writes: string[]) =>
      appendEvent(store, { event: "worker_log", plan: "basic", task: "tasks/main.add-helper", pane, data: { log_type: "result", content: { tool: "write_file", ok: true, writes } } });
    result("pane-1", ["old-scratch.py"]);
    result("pane-2", ["scratch.py", "src/app/text.py"]);
    appendEvent(store, { event: "worker_log", plan: "basic", task: "tasks/main.add-helper", pane: "pane-2", data: { log_type: "call", content: { tool: "read_file" } } });
    appendEvent(store, { event: "worker_log", plan: "other", task: "tasks/main.add-helper", pane: "pane-3", data: { log_type: "result", content: { writes: ["elsewhere.py"] } } });
    store.close();
    const run = dgov(["scope", "status", "--plan", "basic", "--task", "add-helper"], { cwd: r.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("transient_writes: scratch.py, src/app/text.py\n");
    expect(run.stdout).toContain("unclaimed_transient: scratch.py\n");
    expect(run.stdout).toContain("blocking: Transiently touched unclaimed files via worker tools: scratch.py");
    const json = dgov(["scope", "status", "--plan", "basic", "--task", "add-helper", "--json"], { cwd: r.dir }).json();
    expect(json).toMatchObject({ transient_write_paths: ["scratch.py", "src/app/text.py"], unclaimed_transient_paths: ["scratch.py"] });
  });
});
