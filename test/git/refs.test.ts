/** In-process reads of a branch's head and of the checked-out branch, against git's own answer. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { branchHead, currentBranch, revParse } from "../../src/git/repo.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let repo: FixtureRepo;
const extra: string[] = [];
afterEach(() => {
  repo?.remove();
  for (const dir of extra.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** What git itself says: the branch's commit and the checked-out branch. */
const gitSays = async (dir: string, branch: string) => ({ head: await revParse(dir, `refs/heads/${branch}`), current: repo.git("-C", dir, "symbolic-ref", "-q", "--short", "HEAD").trim() || null });

describe("branch heads and the current branch, read from git's files", () => {
  test("loose refs, packed refs, a missing branch and a detached HEAD agree with git", async () => {
    repo = makeRepo({ "a.txt": "a\n" }, { commit: true });
    repo.git("branch", "side");
    expect(await branchHead(repo.dir, "main")).toBe((await gitSays(repo.dir, "main")).head!);
    expect(await currentBranch(repo.dir)).toBe("main");
    repo.git("pack-refs", "--all");
    expect(await branchHead(repo.dir, "side")).toBe((await gitSays(repo.dir, "side")).head!);
    // A loose ref newer than its packed entry wins, as in git.
    repo.write("b.txt", "b\n");
    repo.git("add", "b.txt");
    repo.git("commit", "-qm", "b");
    expect(await branchHead(repo.dir, "main")).toBe((await gitSays(repo.dir, "main")).head!);
    expect(await branchHead(repo.dir, "nope")).toBeNull();
    expect(await branchHead(repo.dir, "sid")).toBeNull();
    repo.git("checkout", "-q", "--detach");
    expect(await currentBranch(repo.dir)).toBeNull();
  });

  test("a linked worktree reads its own HEAD and the shared refs", async () => {
    repo = makeRepo({ "a.txt": "a\n" }, { commit: true });
    const wt = join(mkdtempSync(join(tmpdir(), "dgov-refs-")), "wt");
    extra.push(join(wt, ".."));
    repo.git("worktree", "add", "-q", "-b", "feature", wt);
    expect(await currentBranch(wt)).toBe("feature");
    expect(await branchHead(wt, "main")).toBe((await gitSays(repo.dir, "main")).head!);
    expect(await currentBranch(repo.dir)).toBe("main");
  });

  test("a symbolic branch goes to git, which follows it", async () => {
    repo = makeRepo({ "a.txt": "a\n" }, { commit: true });
    repo.git("symbolic-ref", "refs/heads/alias", "refs/heads/main");
    expect(await branchHead(repo.dir, "alias")).toBe((await gitSays(repo.dir, "main")).head!);
  });
});
