/** dgov's own git never runs what the repository's config names: every kind planted, every git helper driven. */
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { land } from "../../src/git/land.ts";
import { commonGitDir } from "../../src/git/dirs.ts";
import { driverOverrides, neutralConfig, parseConfigListing } from "../../src/git/neutral.ts";
import { replayOnto } from "../../src/git/replay.ts";
import { openChange, pointWorkTree, type WorkTree } from "../../src/git/snapshot.ts";
import { git, gitEnv } from "../../src/git/run.ts";
import { committedChanges, workingChanges } from "../../src/git/status.ts";
import { createCheckout, createWorktree, removeCheckout, removeWorktree } from "../../src/git/worktree.ts";
import { makeRepo } from "../fakes/repo.ts";

const identity = { name: "dgov-worker", email: "agent@dgov.local" };
const repo = makeRepo({ "a.txt": "a\n", "b.txt": "b\n", ".gitattributes": "* filter=evil diff=evil merge=evil\n" }, { commit: true });
const sentinel = join(dirname(repo.dir), `${basename(repo.dir)}-planted-ran`);
afterAll(() => {
  repo.remove();
  rmSync(sentinel, { force: true });
  rmSync(join(dirname(repo.dir), `.dgov-worktrees-${basename(repo.dir)}`), { recursive: true, force: true });
});

/** dgov's commit of `paths` of a work tree on `base`. */
async function commitOf(t: WorkTree, base: string, paths: string[], message: string): Promise<string> {
  const change = (await openChange(t, base, { trustIndex: false }))!;
  try {
    return (await change.commit(paths, message, identity)).sha;
  } finally {
    change.dispose();
  }
}

const plant = (what: string) => `sh -c 'echo ${what} >> ${sentinel}; cat'`;

/** Everything a hostile config can make git run, planted in the repository's own config and hooks dir. */
function plantEverything(): void {
  const hooks = join(repo.dir, ".git", "hooks");
  mkdirSync(hooks, { recursive: true });
  for (const hook of ["pre-commit", "post-commit", "commit-msg", "post-checkout", "reference-transaction", "post-merge", "post-rewrite", "pre-auto-gc", "post-index-change", "fsmonitor-watchman"]) {
    writeFileSync(join(hooks, hook), `#!/bin/sh\necho hook-${hook} >> ${sentinel}\n`);
    chmodSync(join(hooks, hook), 0o755);
  }
  const set = (key: string, value: string) => repo.git("config", key, value);
  set("filter.evil.clean", plant("clean"));
  set("filter.evil.smudge", plant("smudge"));
  set("filter.evil.process", plant("process"));
  set("filter.evil.required", "true");
  set("diff.evil.textconv", plant("textconv"));
  set("diff.evil.command", plant("diffcommand"));
  set("merge.evil.driver", plant("merge"));
  set("diff.external", plant("external"));
  set("core.fsmonitor", plant("fsmonitor"));
  set("core.pager", plant("pager"));
  set("core.sshCommand", plant("ssh"));
  set("gpg.program", plant("gpg"));
  set("commit.gpgSign", "true");
  set("log.showSignature", "true");
}

describe("dgov's git with a hostile repository config", () => {
  test("worktrees, commits, status, diffs, replays, landings and cleanup run none of it", async () => {
    plantEverything();
    const base = (await git(["rev-parse", "HEAD"], repo.dir)).stdout.trim();
    const made = await createWorktree(repo.dir, "t/m.a", base, identity);
    const wt = { worktree: made.path, gitDir: made.gitDir, branch: made.branch };
    const trust = { trustIndex: false };
    writeFileSync(join(wt.worktree, "a.txt"), "a changed\n");
    writeFileSync(join(wt.worktree, "new.txt"), "new\n");
    expect((await workingChanges(wt.worktree))!.map((e) => e.path).sort()).toEqual(["a.txt", "new.txt"]);
    const change = (await openChange(wt, base, trust))!;
    expect(change.changes.map((e) => e.path).sort()).toEqual(["a.txt", "new.txt"]);
    const { sha } = await change.commit(["a.txt", "new.txt"], "Task a", identity);
    change.dispose();
    await pointWorkTree(repo.dir, wt, sha, { files: false }, identity);
    expect((await committedChanges(wt.worktree, base, sha))!.map((c) => c.path).sort()).toEqual(["a.txt", "new.txt"]);
    // The target moves in a way that conflicts: the merge driver would be asked.
    repo.write("a.txt", "a on main\n");
    const root = { worktree: repo.dir, gitDir: join(repo.dir, ".git") };
    const target = await commitOf(root, base, ["a.txt"], "main moves");
    await git(["reset", "-q", target], repo.dir);
    const conflict = await replayOnto(repo.dir, { commit: sha, base }, target, identity);
    expect(conflict).toMatchObject({ ok: false, reason: "conflict", files: ["a.txt"] });
    // A change that does not conflict replays and lands (update-ref, read-tree into the checkout).
    const other = await createWorktree(repo.dir, "t/m.b", target, identity);
    writeFileSync(join(other.path, "b.txt"), "b changed\n");
    const bSha = await commitOf({ worktree: other.path, gitDir: other.gitDir }, target, ["b.txt"], "Task b");
    const landed = await land(repo.dir, "main", bSha, target, identity);
    expect(landed).toMatchObject({ ok: true });
    const checkout = await createCheckout(repo.dir, "t/m.b", "candidate", bSha, identity);
    await git(["show", "--stat", "--patch", "--no-ext-diff", "--no-textconv", bSha], repo.dir);
    await git(["log", "-1", bSha], repo.dir);
    await removeCheckout(repo.dir, checkout, identity);
    await removeWorktree(repo.dir, "t/m.a", identity);
    await removeWorktree(repo.dir, "t/m.b", identity);
    expect(existsSync(sentinel) ? readFileSync(sentinel, "utf8") : "").toBe("");
    expect(readFileSync(join(repo.dir, "b.txt"), "utf8")).toBe("b changed\n");
  });

  test("the environment git gets is an allowlist: no secrets, no GIT_* redirection", () => {
    process.env.OPENAI_API_KEY = "sk-planted";
    process.env.GIT_EXTERNAL_DIFF = "/tmp/evil";
    process.env.GIT_DIR = "/tmp/elsewhere";
    try {
      const env = gitEnv();
      expect(Object.values(env).join("\n")).not.toContain("sk-planted");
      expect(env.GIT_EXTERNAL_DIFF).toBeUndefined();
      expect(env.GIT_DIR).toBeUndefined();
      expect(env).toMatchObject({ GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" });
    } finally {
      delete process.env.OPENAI_API_KEY;
      delete process.env.GIT_EXTERNAL_DIFF;
      delete process.env.GIT_DIR;
    }
  });
});

describe("driver overrides", () => {
  test("every driver a listing names is disabled, each kind with its own keys", () => {
    const listing = "file:.git/config\0filter.lfs.clean\ngit-lfs clean\0file:/home/u/.gitconfig\0diff.img.textconv\nexif\0command line:\0merge.ours.driver\ntrue\0file:.git/config\0core.bare\nfalse\0";
    const parsed = parseConfigListing(listing);
    expect(parsed.files).toEqual([".git/config", "/home/u/.gitconfig"]);
    expect(driverOverrides(parsed.keys)).toEqual([
      ["filter.lfs.clean", ""], ["filter.lfs.smudge", ""], ["filter.lfs.process", ""], ["filter.lfs.required", "false"],
      ["diff.img.textconv", "cat"],
      ["merge.ours.driver", "git merge-file --marker-size=%L %A %O %B"],
    ]);
  });
});

describe("the config listing shared between a repository's worktrees", () => {
  test("one listing serves the checkout, its worktrees and --git-dir; a config change is seen at once", async () => {
    const r = makeRepo({ "a.txt": "a\n" }, { commit: true });
    try {
      const base = (await git(["rev-parse", "HEAD"], r.dir)).stdout.trim();
      const wt = await createWorktree(r.dir, "t/share.a", base, identity);
      const common = join(r.dir, ".git");
      expect(commonGitDir(r.dir, [])).toBe(common);
      expect(commonGitDir(join(wt.path, "sub", "dir"), [])).toBe(common);
      expect(commonGitDir("/", ["--git-dir", wt.gitDir])).toBe(common);
      await neutralConfig(wt.path, gitEnv()); // listed once, before the repository's config changes
      r.git("config", "filter.late.clean", "evil");
      // The change is seen from the worktree, the checkout and a --git-dir call alike.
      for (const [cwd, gitDir] of [[wt.path, []], [r.dir, []], ["/", ["--git-dir", wt.gitDir]]] as const) {
        const pairs = Object.entries(await neutralConfig(cwd, gitEnv(), gitDir));
        const at = pairs.find(([, v]) => v === "filter.late.clean")?.[0].replace("KEY", "VALUE");
        expect(at && (await neutralConfig(cwd, gitEnv(), gitDir))[at]).toBe("");
      }
      await removeWorktree(r.dir, "t/share.a", identity);
    } finally {
      r.remove();
      rmSync(join(dirname(r.dir), `.dgov-worktrees-${basename(r.dir)}`), { recursive: true, force: true });
    }
  });

  test("a driver one worktree includes by includeIf.gitdir is neutralized there, not shared", async () => {
    const r = makeRepo({ "a.txt": "a\n" }, { commit: true });
    try {
      const base = (await git(["rev-parse", "HEAD"], r.dir)).stdout.trim();
      const wt = await createWorktree(r.dir, "t/share.b", base, identity);
      const extra = join(r.dir, ".git", "only-b.config");
      writeFileSync(extra, "[filter \"onlyb\"]\n\tclean = evil\n");
      r.git("config", `includeIf.gitdir:${wt.gitDir}.path`, extra);
      const named = async (cwd: string) => Object.values(await neutralConfig(cwd, gitEnv())).includes("filter.onlyb.clean");
      expect(await named(r.dir)).toBe(false);
      expect(await named(wt.path)).toBe(true);
      await removeWorktree(r.dir, "t/share.b", identity);
    } finally {
      r.remove();
      rmSync(join(dirname(r.dir), `.dgov-worktrees-${basename(r.dir)}`), { recursive: true, force: true });
    }
  });
});
