/** Settlement's view of a task worktree: its files against the base, whatever its own git says. */
import { afterEach, describe, expect, test } from "bun:test";
import { renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { git } from "../../src/git/run.ts";
import { openChange, pointWorkTree } from "../../src/git/snapshot.ts";
import { changedPaths, committedChanges } from "../../src/git/status.ts";
import { createWorktree } from "../../src/git/worktree.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

const identity = { name: "dgov-worker", email: "agent@dgov.local" };
let repo: FixtureRepo;
afterEach(() => {
  rmSync(join(dirname(repo.dir), `.dgov-worktrees-${basename(repo.dir)}`), { recursive: true, force: true });
  repo.remove();
});

async function task() {
  repo = makeRepo({ "a.txt": "a\n", "old.txt": "moved\n".repeat(20), ".gitignore": "*.log\n" }, { commit: true });
  const base = repo.git("rev-parse", "HEAD").trim();
  const wt = await createWorktree(repo.dir, "t/m.a", base, identity);
  const inTree = (...args: string[]) => Bun.spawnSync(["git", "-c", "user.name=w", "-c", "user.email=w@w", ...args], { cwd: wt.path });
  return { base, t: { worktree: wt.path, gitDir: wt.gitDir, branch: wt.branch }, inTree };
}

const paths = (changes: { path: string; status: string; oldPath?: string }[]) => changes.map((c) => `${c.status} ${c.oldPath ? `${c.oldPath} -> ` : ""}${c.path}`).sort();

describe("the change of a task worktree", () => {
  test("commits the worker made itself are part of the change; its staged and committed state is not trusted", async () => {
    const { base, t, inTree } = await task();
    writeFileSync(join(t.worktree, "stray.txt"), "x\n");
    inTree("add", "stray.txt");
    inTree("commit", "-qm", "sneak");
    writeFileSync(join(t.worktree, "a.txt"), "a changed\n");
    inTree("mv", "old.txt", "new.txt");
    writeFileSync(join(t.worktree, "debug.log"), "ignored\n");
    for (const trustIndex of [false, true]) {
      const change = (await openChange(t, base, { trustIndex }))!;
      expect(paths(change.changes)).toEqual(["added stray.txt", "modified a.txt", "renamed old.txt -> new.txt"]);
      change.dispose();
    }
  });

  test("dgov's commit holds exactly the claimed paths on the base, whatever else changed or was committed", async () => {
    const { base, t, inTree } = await task();
    writeFileSync(join(t.worktree, "stray.txt"), "x\n");
    inTree("add", "stray.txt");
    inTree("commit", "-qm", "sneak");
    writeFileSync(join(t.worktree, "a.txt"), "a changed\n");
    const change = (await openChange(t, base, { trustIndex: false }))!;
    const { sha, changed } = await change.commit(["a.txt"], "Task a", identity);
    change.dispose();
    // Not the whole change (stray.txt stays out): what it changes is left to git to say.
    expect(changed).toBeNull();
    expect((await git(["rev-parse", `${sha}^`], repo.dir)).stdout.trim()).toBe(base);
    expect((await git(["diff", "--name-only", base, sha], repo.dir)).stdout.trim()).toBe("a.txt");
    expect((await git(["log", "-1", "--format=%an <%ae>%n%B", sha], repo.dir)).stdout.trim()).toBe("dgov-worker <agent@dgov.local>\nTask a");
  });

  test("a commit of the whole change says what it changes, as git's diff of the commit does (renames too)", async () => {
    const { base, t } = await task();
    renameSync(join(t.worktree, "old.txt"), join(t.worktree, "moved.txt"));
    writeFileSync(join(t.worktree, "new.txt"), "new\n");
    const change = (await openChange(t, base, { trustIndex: false }))!;
    const { sha, changed } = await change.commit(changedPaths(change.changes), "Task a", identity);
    change.dispose();
    expect(changed).toEqual((await committedChanges(repo.dir, base, sha))!);
    expect(changed!.map((c) => c.status).sort()).toEqual(["added", "renamed"]);
  });

  test("a fixer's changes are read again before the commit", async () => {
    const { base, t } = await task();
    writeFileSync(join(t.worktree, "a.txt"), "a changed\n");
    const change = (await openChange(t, base, { trustIndex: true }))!;
    writeFileSync(join(t.worktree, "a.txt"), "a fixed\n");
    await change.refresh();
    const { sha } = await change.commit(["a.txt"], "Task a", identity);
    change.dispose();
    expect((await git(["show", `${sha}:a.txt`], repo.dir)).stdout).toBe("a fixed\n");
  });

  test("an edit of the same size in the second the index was written is seen (git's racy-clean check kept)", async () => {
    const { base, t, inTree } = await task();
    // Stat data as git compares it without nanoseconds: size and whole-second mtime (ctime off).
    repo.git("config", "core.trustctime", "false");
    const past = new Date(Math.floor(Date.now() / 1000 - 100) * 1000);
    utimesSync(join(t.worktree, "a.txt"), past, past);
    inTree("update-index", "--refresh");
    utimesSync(join(t.gitDir, "index"), past, past);
    // The worker's edit: same size, same mtime as the index entry, in the index's second.
    writeFileSync(join(t.worktree, "a.txt"), "b\n");
    utimesSync(join(t.worktree, "a.txt"), past, past);
    const change = (await openChange(t, base, { trustIndex: true }))!;
    expect(paths(change.changes)).toEqual(["modified a.txt"]);
    change.dispose();
  });

  test("dgov's own checkout's index is used as it is: the change is the same as from a fresh read", async () => {
    const { base, t } = await task();
    writeFileSync(join(t.worktree, "a.txt"), "a changed\n");
    rmSync(join(t.worktree, "old.txt"));
    const trusted = (await openChange(t, base, { trustIndex: true }))!;
    const fresh = (await openChange(t, base, { trustIndex: false }))!;
    expect(paths(trusted.changes)).toEqual(["deleted old.txt", "modified a.txt"]);
    expect(paths(trusted.changes)).toEqual(paths(fresh.changes));
    trusted.dispose();
    fresh.dispose();
  });

  test("a worktree whose .git file the worker pointed elsewhere is still read through dgov's git dir", async () => {
    const { base, t } = await task();
    writeFileSync(join(t.worktree, "a.txt"), "a changed\n");
    writeFileSync(join(t.worktree, ".git"), "gitdir: /nonexistent\n");
    const change = (await openChange(t, base, { trustIndex: false }))!;
    expect(paths(change.changes)).toEqual(["modified a.txt"]);
    change.dispose();
  });

  test("the retry reset points the branch and HEAD back by name: a HEAD the worker aimed at main moves nothing", async () => {
    const { base, t, inTree } = await task();
    writeFileSync(join(t.worktree, "a.txt"), "a changed\n");
    inTree("commit", "-qam", "worker commit");
    const main = repo.git("rev-parse", "main").trim();
    inTree("symbolic-ref", "HEAD", "refs/heads/main");
    await pointWorkTree(repo.dir, t, base, { files: false }, identity);
    expect(repo.git("rev-parse", "main").trim()).toBe(main);
    expect(repo.git("rev-parse", t.branch).trim()).toBe(base);
    expect(inTree("symbolic-ref", "HEAD").stdout.toString().trim()).toBe(`refs/heads/${t.branch}`);
    expect(inTree("status", "--porcelain").stdout.toString()).toBe(" M a.txt\n");
  });
});
