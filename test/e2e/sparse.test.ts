/**
 * `[git] sparse = true` end to end (`dist/dgov run`, command workers in the sandbox): a task's
 * worktree holds its claimed paths and the top-level files only; what the worker writes outside
 * them is judged like any unclaimed change and never lands; a gate that reads the whole tree in
 * the worktree makes it full, and the run says why.
 */
import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunRepo, type RunTask, runRepo } from "../fakes/run-repo.ts";

let current: RunRepo | undefined;
afterEach(() => current?.remove());

const FILES = {
  "pkg/a/x.txt": "x\n",
  "pkg/a/sub/deep.txt": "deep\n",
  "pkg/b/y.txt": "y\n",
  "lib/shared.txt": "shared\n",
};

function repo(tasks: RunTask[], extra = "[git]\nsparse = true", project = ""): RunRepo {
  current = runRepo(tasks, { files: FILES, extra, project });
  return current;
}

const shapes = (r: RunRepo) => {
  const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
  try {
    return (db.query("SELECT task, data FROM events WHERE event = 'worktree_shape' ORDER BY id").all() as { task: string; data: string }[]).map((e) => ({ task: e.task, ...JSON.parse(e.data) }));
  } finally {
    db.close();
  }
};

/** The worker lists what its worktree holds (into the claimed file), then edits. */
const LIST = "find . -path ./.git -prune -o -type f -print | LC_ALL=C sort | sed 's|^./||' > pkg/a/x.txt";

describe("[git] sparse = true", () => {
  test("the worktree holds the top-level files, the claimed path's folder and sparse_paths; the change lands", () => {
    const r = repo([{ slug: "a", script: LIST, edit: ["pkg/a/x.txt"] }], '[git]\nsparse = true\nsparse_paths = ["lib"]');
    const run = r.run(["--json"]);
    expect(run.code).toBe(0);
    // What the worker saw: no pkg/b, no pkg/a/sub (only the claimed file's own folder).
    const seen = readFileSync(join(r.repo.dir, "pkg/a/x.txt"), "utf8").trim().split("\n").filter((f) => !f.startsWith(".dgov/"));
    expect(seen).toEqual(["README.md", "lib/shared.txt", "pkg/a/x.txt"]);
    expect(shapes(r)).toEqual([{ task: "t/m.a", sparse: true, cone: ["lib", "pkg/a/x.txt"] }]);
    // The merged commit changes only the claimed file; every other file is as it was.
    expect(r.repo.git("diff", "--name-only", "HEAD~1", "HEAD").trim()).toBe("pkg/a/x.txt");
    expect(r.repo.git("status", "--porcelain")).toBe("");
    expect(r.worktrees()).toEqual([]);
    // A sparse worktree is not parked for the next task.
    expect(r.parked()).toEqual([]);
  });

  test("the worker writing outside the cone (over a file not checked out, and a new one) is rejected; nothing lands", () => {
    const attack = "mkdir -p pkg/b && echo evil > pkg/b/y.txt; mkdir -p pkg/c && echo evil > pkg/c/new.txt; echo ok > pkg/a/x.txt";
    const r = repo([{ slug: "a", script: attack, edit: ["pkg/a/x.txt"] }]);
    const head = r.repo.git("rev-parse", "HEAD");
    const run = r.run(["--json"]);
    expect(run.code).toBe(1);
    const task = run.json<{ tasks: { error: string | null }[] }>().tasks[0]!;
    expect(task.error).toContain("pkg/b/y.txt");
    expect(r.repo.git("rev-parse", "HEAD")).toBe(head);
    expect(readFileSync(join(r.repo.dir, "pkg/b/y.txt"), "utf8")).toBe("y\n");
  });

  test("a worktree gate that reads the whole tree makes the worktree full, and the event says which", () => {
    const r = repo([{ slug: "a", script: LIST, edit: ["pkg/a/x.txt"] }], "[git]\nsparse = true", 'review_hooks = ["true"]');
    expect(r.run(["--json"]).code).toBe(0);
    expect(shapes(r)).toEqual([{ task: "t/m.a", sparse: false, reason: "the review gate 'review-hooks' reads the whole tree" }]);
    expect(readFileSync(join(r.repo.dir, "pkg/a/x.txt"), "utf8")).toContain("pkg/b/y.txt");
  });

  test("a git older than 2.37 is refused before anything is written", () => {
    const r = repo([{ slug: "a", script: "true", edit: ["pkg/a/x.txt"] }]);
    const bin = mkdtempSync(join(tmpdir(), "dgov-old-git-"));
    try {
      writeFileSync(join(bin, "git"), `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "git version 2.36.1"; exit 0; fi\nexec ${Bun.which("git")} "$@"\n`);
      chmodSync(join(bin, "git"), 0o755);
      const head = r.repo.git("rev-parse", "HEAD");
      const run = r.run([], { PATH: `${bin}:${process.env.PATH}` });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("[git] sparse = true needs git 2.37 or newer; this is git 2.36");
      expect(run.stderr).toContain("set [git] sparse = false");
      expect(existsSync(join(r.repo.dir, ".dgov", "state.db"))).toBe(false);
      expect(r.repo.git("rev-parse", "HEAD")).toBe(head);
      expect(r.repo.git("status", "--porcelain")).toBe("");
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  test("sparse_paths outside the project are refused, naming the key", () => {
    const r = repo([{ slug: "a", script: "true", edit: ["pkg/a/x.txt"] }], '[git]\nsparse = true\nsparse_paths = ["../elsewhere"]');
    const run = r.dgov(["config"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("sparse_paths");
    expect(run.stderr).toContain("expected a folder inside the project");
  });
});
