/** Task worktrees: plain folder names, leftovers replaced, git's administration one at a time. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createCheckout, createWorktree, listWorktrees, parkCheckout, parkWorktree, removeWorktree, taskFolder, taskWorktree, worktreesDir } from "../../src/git/worktree.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

const identity = { name: "dgov-worker", email: "agent@dgov.local" };
const WORKTREE_TS = join(import.meta.dir, "../../src/git/worktree.ts");
const LOCK_TS = join(import.meta.dir, "../../src/git/lock.ts");

let repo: FixtureRepo | null = null;
afterEach(() => {
  if (!repo) return;
  rmSync(join(dirname(repo.dir), `.dgov-worktrees-${basename(repo.dir)}`), { recursive: true, force: true });
  repo.remove();
  repo = null;
});
function fixture(): { repo: FixtureRepo; base: string } {
  repo = makeRepo({ "a.txt": "a\n" }, { commit: true });
  return { repo, base: repo.git("rev-parse", "HEAD").trim() };
}
const branches = (repo: FixtureRepo) => repo.git("for-each-ref", "--format=%(refname:short)", "refs/heads/dgov/").split("\n").filter(Boolean);

describe("task folder names", () => {
  test.each([
    ["tasks/main.add-fn", /^tasks-main\.add-fn-[0-9a-f]{8}$/],
    ["a%2Fb/c d", /^a-2Fb-c-d-[0-9a-f]{8}$/],
    ["../..", /^task-[0-9a-f]{8}$/],
    ["s".repeat(200), /^s{48}-[0-9a-f]{8}$/],
  ])("%s → plain, bounded, hashed", (id: string, shape: RegExp) => {
    const name = taskFolder(id);
    expect(name).toMatch(shape);
    expect(name).toMatch(/^[A-Za-z0-9._-]{1,57}$/);
    expect(taskFolder(id)).toBe(name);
  });

  test("ids that read the same get different folders", () => {
    const ids = ["a/b", "a-b", "a b", "a%2Fb", `${"x".repeat(60)}1`, `${"x".repeat(60)}2`];
    expect(new Set(ids.map(taskFolder)).size).toBe(ids.length);
  });
});

describe("createWorktree", () => {
  test("a nested id gets a flat worktree on branch dgov/<id>", async () => {
    const { repo, base } = fixture();
    const wt = await createWorktree(repo.dir, "tasks/main.a", base, identity);
    expect(dirname(wt.path)).toBe(worktreesDir(repo.dir));
    expect(wt.branch).toBe("dgov/tasks/main.a");
    expect(existsSync(join(wt.path, "a.txt"))).toBe(true);
    expect(existsSync(join(wt.gitDir, "HEAD"))).toBe(true);
    await removeWorktree(repo.dir, "tasks/main.a", identity);
    expect(existsSync(wt.path)).toBe(false);
    expect(branches(repo)).toEqual([]);
  });

  test("a leftover folder git no longer knows, and a leftover branch, are replaced", async () => {
    const { repo, base } = fixture();
    const first = await createWorktree(repo.dir, "t/x", base, identity);
    writeFileSync(join(first.path, "junk.txt"), "from a crashed attempt\n");
    // The registration is gone (pruned elsewhere), the folder and the branch stay.
    repo.git("worktree", "remove", "--force", first.path);
    mkdirSync(join(first.path, "deep"), { recursive: true });
    writeFileSync(join(first.path, "deep", "junk.txt"), "x\n");
    expect(branches(repo)).toEqual(["dgov/t/x"]);
    const again = await createWorktree(repo.dir, "t/x", base, identity);
    expect(again.path).toBe(first.path);
    expect(existsSync(join(again.path, "deep"))).toBe(false);
    expect(existsSync(join(again.path, "a.txt"))).toBe(true);
    expect(again.notice).toBeNull();
  });

  test("a folder deleted behind git's back leaves a registration that is pruned before the worktree is made again", async () => {
    const { repo, base } = fixture();
    const first = await createWorktree(repo.dir, "t/y", base, identity);
    rmSync(first.path, { recursive: true, force: true });
    expect((await listWorktrees(repo.dir)).map((w) => w.path)).toContain(first.path);
    const again = await createWorktree(repo.dir, "t/y", base, identity);
    expect(existsSync(join(again.path, "a.txt"))).toBe(true);
    await removeWorktree(repo.dir, "t/y", identity);
    expect((await listWorktrees(repo.dir)).map((w) => w.path)).toEqual([repo.dir]);
  });

  test("what a crash in the middle of registering leaves (no gitdir yet, or git's own lock) is cleared; the task's worktree is made again", async () => {
    const { repo, base } = fixture();
    const admin = join(repo.dir, ".git", "worktrees");
    // Killed before dgov wrote `gitdir`: the registration is half made, the folder has its .git file.
    const half = await createWorktree(repo.dir, "t/h", base, identity);
    rmSync(join(half.gitDir, "gitdir"));
    rmSync(join(half.path, "a.txt"));
    // Killed inside git's own `worktree add`: a registration locked "initializing".
    const locked = await createWorktree(repo.dir, "t/l", base, identity);
    writeFileSync(join(locked.gitDir, "locked"), "initializing\n");
    for (const id of ["t/h", "t/l"]) {
      const again = await createWorktree(repo.dir, id, base, identity);
      expect(readFileSync(join(again.path, "a.txt"), "utf8")).toBe("a\n");
      await removeWorktree(repo.dir, id, identity);
    }
    expect((await listWorktrees(repo.dir)).map((w) => w.path)).toEqual([repo.dir]);
    expect(existsSync(admin) ? readdirSync(admin) : []).toEqual([]);
    expect(branches(repo)).toEqual([]);
  });

  test("four processes adding and removing worktrees at once: every call succeeds, nothing is left", async () => {
    const { repo, base } = fixture();
    const script = `
      import { createWorktree, parkWorktree, pruneWorktrees, removeWorktree } from ${JSON.stringify(WORKTREE_TS)};
      const [root, base, who] = process.argv.slice(1);
      const identity = { name: "dgov-worker", email: "agent@dgov.local" };
      for (let i = 0; i < 12; i++) {
        const id = "p" + who + "/t" + i;
        await createWorktree(root, id, base, identity);
        await pruneWorktrees(root, identity);
        // Half are parked for the others to take (at most two parked), half removed.
        if (i % 2) await parkWorktree(root, id, identity, 2);
        else await removeWorktree(root, id, identity);
      }`;
    const procs = Array.from({ length: 4 }, (_, who) => Bun.spawn([process.execPath, "-e", script, repo.dir, base, String(who)], { stdout: "pipe", stderr: "pipe" }));
    const results = await Promise.all(procs.map(async (p) => ({ code: await p.exited, stderr: await new Response(p.stderr).text() })));
    expect(results).toEqual(Array.from({ length: 4 }, () => ({ code: 0, stderr: "" })));
    const left = (await listWorktrees(repo.dir)).map((w) => w.path);
    expect(left[0]).toBe(repo.git("rev-parse", "--show-toplevel").trim());
    expect(left.slice(1).map((p) => basename(p))).toEqual(readdirSync(worktreesDir(repo.dir)).filter((n) => n.startsWith("pool-")).sort());
    expect(left.length - 1).toBeLessThanOrEqual(2);
    expect(branches(repo)).toEqual([]);
  });

  test("it waits while another process administers the repository's worktrees", async () => {
    const { repo, base } = fixture();
    const lock = join(repo.dir, ".git", "dgov-worktrees.lock");
    const [held, release] = [join(repo.dir, ".git", "held"), join(repo.dir, ".git", "release")];
    const script = `
      import { existsSync, writeFileSync } from "node:fs";
      import { withLock } from ${JSON.stringify(LOCK_TS)};
      const [lock, held, release] = process.argv.slice(1);
      await withLock(lock, async () => {
        writeFileSync(held, "");
        while (!existsSync(release)) await Bun.sleep(10);
      });`;
    const holder = Bun.spawn([process.execPath, "-e", script, lock, held, release], { stdout: "pipe", stderr: "pipe" });
    for (let i = 0; i < 3000 && !existsSync(held); i++) await Bun.sleep(10);
    let done = false;
    const creating = createWorktree(repo.dir, "t/y", base, identity).then((wt) => ((done = true), wt));
    await Bun.sleep(300);
    expect(done).toBe(false);
    expect(existsSync(taskWorktree(repo.dir, "t/y").path)).toBe(false);
    writeFileSync(release, "");
    expect(existsSync(join((await creating).path, "a.txt"))).toBe(true);
    expect(await holder.exited).toBe(0);
  });
});

describe("the pool of parked checkouts", () => {
  const pool = (repo: FixtureRepo) => (existsSync(worktreesDir(repo.dir)) ? readdirSync(worktreesDir(repo.dir)).filter((n) => n.startsWith("pool-")) : []);

  test("the next task takes a merged task's worktree: at its own base, and nothing the last worker left survives", async () => {
    const { repo, base } = fixture();
    repo.write(".gitignore", "*.log\n");
    repo.git("add", ".gitignore");
    repo.git("commit", "-qm", "ignore logs");
    const first = await createWorktree(repo.dir, "t/a", base, identity);
    // A hostile worker (sandboxed: the index is dgov's alone): an ignored file, an untracked folder,
    // a nested repository, a tracked file changed with its size and mtime put back, and the .git
    // file pointed elsewhere.
    writeFileSync(join(first.path, "cache.log"), "planted\n");
    mkdirSync(join(first.path, "junk", ".git"), { recursive: true });
    const before = statSync(join(first.path, "a.txt"));
    writeFileSync(join(first.path, "a.txt"), "b\n");
    utimesSync(join(first.path, "a.txt"), before.atime, before.mtime);
    writeFileSync(join(first.path, ".git"), "gitdir: /elsewhere\n");
    await parkWorktree(repo.dir, "t/a", identity, 4);
    expect(existsSync(first.path)).toBe(false);
    expect(pool(repo)).toHaveLength(1);
    expect(branches(repo)).toEqual([]);
    const head = repo.git("rev-parse", "HEAD").trim();
    const second = await createWorktree(repo.dir, "t/b", head, identity);
    expect(pool(repo)).toEqual([]);
    expect(second.gitDir).toBe(first.gitDir);
    expect(readFileSync(join(second.path, "a.txt"), "utf8")).toBe("a\n");
    expect(existsSync(join(second.path, ".gitignore"))).toBe(true);
    for (const gone of ["cache.log", "junk"]) expect(existsSync(join(second.path, gone))).toBe(false);
    expect(readFileSync(join(second.path, ".git"), "utf8")).toBe(`gitdir: ${second.gitDir}\n`);
    expect(repo.git("-C", second.path, "symbolic-ref", "HEAD").trim()).toBe("refs/heads/dgov/t/b");
    expect(repo.git("-C", second.path, "status", "--porcelain", "--ignored").trim()).toBe("");
    expect(repo.git("rev-parse", "dgov/t/b").trim()).toBe(head);
  });

  test("a worktree's .git pointed at another task's registration: parking it leaves the other task's worktree alone", async () => {
    const { repo, base } = fixture();
    const a = await createWorktree(repo.dir, "t/a", base, identity);
    const b = await createWorktree(repo.dir, "t/b", base, identity);
    writeFileSync(join(a.path, ".git"), `gitdir: ${b.gitDir}\n`);
    await parkWorktree(repo.dir, "t/a", identity, 4);
    expect(existsSync(a.path)).toBe(false);
    expect(readFileSync(join(b.gitDir, "HEAD"), "utf8")).toBe("ref: refs/heads/dgov/t/b\n");
    expect(readFileSync(join(b.gitDir, "gitdir"), "utf8").trim()).toBe(join(b.path, ".git"));
    expect(repo.git("-C", b.path, "status", "--porcelain").trim()).toBe("");
    expect(branches(repo)).toEqual(["dgov/t/b"]);
  });

  test("at most `keep` are parked; settlement checkouts are taken from the pool too", async () => {
    const { repo, base } = fixture();
    for (const id of ["t/a", "t/b"]) await createWorktree(repo.dir, id, base, identity);
    await parkWorktree(repo.dir, "t/a", identity, 1);
    await parkWorktree(repo.dir, "t/b", identity, 1);
    expect(pool(repo)).toHaveLength(1);
    expect(branches(repo)).toEqual([]);
    const checkout = await createCheckout(repo.dir, "t/c", "candidate", base, identity);
    expect(pool(repo)).toEqual([]);
    expect(readFileSync(join(checkout, "a.txt"), "utf8")).toBe("a\n");
    expect(repo.git("-C", checkout, "rev-parse", "HEAD").trim()).toBe(base);
    await parkCheckout(repo.dir, checkout, identity, 1);
    expect(pool(repo)).toHaveLength(1);
    expect((await listWorktrees(repo.dir)).map((w) => w.path)).toEqual([repo.dir, join(worktreesDir(repo.dir), pool(repo)[0]!)]);
  });
});
