/**
 * Sparse task worktrees (`[git] sparse`): the cone as git itself writes and applies it, and
 * settlement's view of such a worktree. The worker is hostile: what it writes outside the cone
 * (over a tracked file git does not check out, or a new file) is part of the change settlement
 * judges, never hidden by the skip-worktree bit.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { worktreeDiff } from "../../src/git/change-diff.ts";
import { git } from "../../src/git/run.ts";
import { openChange } from "../../src/git/snapshot.ts";
import { coneOf, conePatterns, inCone, isSparse, sparseGitProblem } from "../../src/git/sparse.ts";
import { guardTree } from "../../src/git/tree-guard.ts";
import { createWorktree, parkWorktree, removeWorktree } from "../../src/git/worktree.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

const identity = { name: "dgov-worker", email: "agent@dgov.local" };
const FILES: Record<string, string> = {
  "README.md": "top\n",
  "package.json": "{}\n",
  "src/index.ts": "export * from './core/a.ts';\n",
  "src/core/a.ts": "export const a = 1;\n",
  "src/core/b.ts": "export const b = 2;\n",
  "src/core/deep/c.ts": "export const c = 3;\n",
  "src/ui/view.ts": "export const v = 4;\n",
  "test/a.test.ts": "import '../src/index.ts';\n",
  "docs/guide/intro.md": "intro\n",
  "docs/guide/more/x.md": "x\n",
  "docs/notes.md": "notes\n",
  "dir with space/f.txt": "f\n",
};

let repo: FixtureRepo | null = null;
afterEach(() => {
  if (!repo) return;
  rmSync(join(dirname(repo.dir), `.dgov-worktrees-${basename(repo.dir)}`), { recursive: true, force: true });
  repo.remove();
  repo = null;
});

function fixture() {
  repo = makeRepo(FILES, { commit: true });
  return { repo, base: repo.git("rev-parse", "HEAD").trim() };
}

/** Regular files under `dir`, relative, `.git` aside. */
function walk(dir: string, at = ""): string[] {
  return readdirSync(join(dir, at)).flatMap((name) => {
    const rel = at ? `${at}/${name}` : name;
    if (rel === ".git") return [];
    return statSync(join(dir, rel)).isDirectory() ? walk(dir, rel) : [rel];
  }).sort();
}

describe("sparseGitProblem", () => {
  test("git 2.37 and newer (vendor suffixes too) run sparse worktrees; older or unreadable versions are named", () => {
    for (const ok of ["git version 2.37.0", "git version 2.39.5\n", "git version 2.40.1.windows.1", "git version 2.39.3 (Apple Git-146)", "git version 3.0.0"]) expect(sparseGitProblem(ok)).toBeNull();
    expect(sparseGitProblem("git version 2.36.6")).toBe("[git] sparse = true needs git 2.37 or newer; this is git 2.36");
    expect(sparseGitProblem("git version 1.99.0")).toContain("this is git 1.99");
    expect(sparseGitProblem("hello")).toBe('[git] sparse = true needs git 2.37 or newer; this is a git whose version reads "hello"');
  });
});

describe("the cone", () => {
  test("nested and repeated paths collapse to the folders covering them", () => {
    expect(coneOf(["src/core/a.ts", "src/core", "src/core/deep/c.ts", "docs/", "docs/guide", "", "src/core"])).toEqual(["docs", "src/core"]);
  });

  test("the pattern file is the one `git sparse-checkout set --cone` writes", () => {
    const { repo } = fixture();
    const cone = coneOf(["src/core/deep", "docs/guide/more", "test", "dir with space"]);
    repo.git("sparse-checkout", "set", "--cone", ...cone);
    expect(conePatterns(cone)).toBe(readFileSync(join(repo.dir, ".git/info/sparse-checkout"), "utf8"));
  });

  test("a sparse worktree holds exactly the files inCone names, all marked skip-worktree otherwise", async () => {
    const { repo, base } = fixture();
    const cone = coneOf(["src/core/a.ts", "docs/guide/more", "dir with space"]);
    const wt = await createWorktree(repo.dir, "t/m.s", base, identity, cone);
    expect(isSparse(wt.gitDir)).toBe(true);
    const expected = Object.keys(FILES).filter((f) => inCone(f, cone)).sort();
    expect(walk(wt.path)).toEqual(expected);
    // Top-level files, the claimed file's folder (src/core, not its subfolder), the parents' own files.
    expect(expected).toEqual(["README.md", "dir with space/f.txt", "docs/guide/intro.md", "docs/guide/more/x.md", "docs/notes.md", "package.json", "src/core/a.ts", "src/core/b.ts", "src/index.ts"]);
    // git agrees: every other entry is skip-worktree, and the user's own git sees a clean tree.
    const skipped = repo.git("-C", wt.path, "ls-files", "-t").split("\n").filter((l) => l.startsWith("S ")).map((l) => l.slice(2)).sort();
    expect(skipped).toEqual(Object.keys(FILES).filter((f) => !inCone(f, cone)).sort());
    expect(repo.git("-C", wt.path, "status", "--porcelain")).toBe("");
  });
});

describe("settlement's view of a sparse worktree", () => {
  async function sparseTask() {
    const { repo, base } = fixture();
    const wt = await createWorktree(repo.dir, "t/m.s", base, identity, coneOf(["src/core/a.ts"]));
    return { repo, base, t: { worktree: wt.path, gitDir: wt.gitDir } };
  }
  const write = (dir: string, path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  test.each([true, false])("files not checked out are not deletions; the worker's writes outside the cone are changes (index trusted: %p)", async (trustIndex) => {
    const { base, t } = await sparseTask();
    // Unsandboxed, the worker can write the worktree's index too: here it drops every entry.
    if (!trustIndex) rmSync(join(t.gitDir, "index"));
    write(t.worktree, "src/core/a.ts", "export const a = 10;\n");
    // Attacks: a tracked file the cone leaves out, written over; a new file in a folder outside it.
    write(t.worktree, "src/ui/view.ts", "export const v = 'evil';\n");
    write(t.worktree, "test/new.test.ts", "evil\n");
    const change = await openChange(t, base, { trustIndex });
    expect(change).not.toBeNull();
    expect(change!.changes.map((c) => `${c.status} ${c.path}`).sort()).toEqual(["added test/new.test.ts", "modified src/core/a.ts", "modified src/ui/view.ts"]);
    // The commit holds the claimed file only; the rest stays as the base has it.
    const { sha } = await change!.commit(["src/core/a.ts"], "m", identity);
    change!.dispose();
    const files = (await git(["ls-tree", "-r", "--name-only", sha], t.worktree)).stdout.trim().split("\n").sort();
    expect(files).toEqual(Object.keys(FILES).sort());
    expect((await git(["diff", "--name-only", base, sha], t.worktree)).stdout.trim()).toBe("src/core/a.ts");
  });

  test("`dgov diff` of a kept sparse worktree shows its change, not every file it lacks", async () => {
    const { base, t } = await sparseTask();
    write(t.worktree, "src/core/b.ts", "export const b = 20;\n");
    const diff = await worktreeDiff(t.worktree, base, { stat: true });
    expect(diff).toContain("src/core/b.ts");
    expect(diff).toContain("1 file changed");
  });

  test("a tree guard sees and puts back a check's writes, inside and outside the cone", async () => {
    const { t } = await sparseTask();
    const guard = await guardTree(t.worktree, t.gitDir);
    write(t.worktree, "src/core/b.ts", "changed by a check\n");
    write(t.worktree, "docs/guide/more/new.md", "created by a check\n");
    // Over a tracked file the cone leaves out: put back as the base has it.
    write(t.worktree, "docs/guide/more/x.md", "written by a check\n");
    const drift = await guard.check();
    guard.dispose();
    expect(drift).toEqual({ changed: ["docs/guide/more/x.md", "src/core/b.ts"], created: ["docs/guide/more/new.md"] });
    expect(readFileSync(join(t.worktree, "src/core/b.ts"), "utf8")).toBe(FILES["src/core/b.ts"]!);
    expect(readFileSync(join(t.worktree, "docs/guide/more/x.md"), "utf8")).toBe(FILES["docs/guide/more/x.md"]!);
    expect(existsSync(join(t.worktree, "docs/guide/more/new.md"))).toBe(false);
  });
});

describe("the pool and sparse worktrees", () => {
  test("a sparse worktree is removed, not parked; the next full worktree holds every file", async () => {
    const { repo, base } = fixture();
    await createWorktree(repo.dir, "t/m.s", base, identity, ["src/core"]);
    await repo.git("update-ref", "refs/heads/dgov/t/m.s", base);
    await parkWorktree(repo.dir, "t/m.s", identity, 4);
    const full = await createWorktree(repo.dir, "t/m.f", base, identity);
    expect(isSparse(full.gitDir)).toBe(false);
    expect(walk(full.path)).toEqual(Object.keys(FILES).sort());
    // Parked, then taken by a sparse task: a sparse one is always made new.
    await parkWorktree(repo.dir, "t/m.f", identity, 4);
    const sparse = await createWorktree(repo.dir, "t/m.s2", base, identity, ["test"]);
    expect(walk(sparse.path)).toEqual(["README.md", "package.json", "test/a.test.ts"]);
    await removeWorktree(repo.dir, "t/m.s2", identity);
  });
});
