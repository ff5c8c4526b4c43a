/** A guard puts back what a check wrote in the tree it judged, and touches nothing of git's. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { guardTree } from "../../src/git/tree-guard.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let repo: FixtureRepo;
afterEach(() => repo.remove());

function fixture(): FixtureRepo {
  repo = makeRepo({ "a.py": "import os\n", "keep/b.py": "b = 1\n", ".gitignore": "*.cache\n" }, { commit: true });
  // The user's own uncommitted state: an edit, a staged file, an untracked file.
  repo.write("a.py", "import os\nimport sys\n");
  repo.write("staged.py", "s = 1\n");
  repo.git("add", "staged.py");
  repo.write("notes.txt", "mine\n");
  return repo;
}

const state = (r: FixtureRepo) => ({
  // --no-optional-locks: the check itself must not refresh (rewrite) the index it compares.
  status: r.git("--no-optional-locks", "status", "--porcelain=v1", "--untracked-files=all"),
  index: readFileSync(join(r.dir, ".git", "index")).toString("hex"),
  head: r.git("rev-parse", "HEAD"),
  files: Object.fromEntries(["a.py", "keep/b.py", "staged.py", "notes.txt"].map((f) => [f, readFileSync(join(r.dir, f), "utf8")])),
});

describe("guardTree", () => {
  test("an untouched tree: no drift", async () => {
    const r = fixture();
    const guard = await guardTree(r.dir, join(r.dir, ".git"));
    expect(await guard.check()).toBeNull();
    guard.dispose();
  });

  test("edits, deletions and new files are put back byte for byte; git's index and HEAD are never touched", async () => {
    const r = fixture();
    const before = state(r);
    const guard = await guardTree(r.dir, join(r.dir, ".git"));
    // What a `ruff check` with `fix = true` and a careless test do.
    writeFileSync(join(r.dir, "a.py"), "import sys\n");
    rmSync(join(r.dir, "notes.txt"));
    writeFileSync(join(r.dir, "staged.py"), "s = 2\n");
    mkdirSync(join(r.dir, "made/deep"), { recursive: true });
    writeFileSync(join(r.dir, "made/deep/out.txt"), "x\n");
    writeFileSync(join(r.dir, "tool.cache"), "ignored\n");
    const drift = await guard.check();
    expect(drift).toEqual({ changed: ["a.py", "notes.txt", "staged.py"], created: ["made/deep/out.txt"] });
    expect(state(r)).toEqual(before);
    expect(existsSync(join(r.dir, "made"))).toBe(false);
    // Ignored files are not the tree's: left alone.
    expect(readFileSync(join(r.dir, "tool.cache"), "utf8")).toBe("ignored\n");
    // Checked again after the put-back: nothing more.
    expect(await guard.check()).toBeNull();
    guard.dispose();
  });

  test("a second check after a second write reports only the new drift", async () => {
    const r = fixture();
    const guard = await guardTree(r.dir, join(r.dir, ".git"));
    writeFileSync(join(r.dir, "keep/b.py"), "b = 2\n");
    expect((await guard.check())?.changed).toEqual(["keep/b.py"]);
    writeFileSync(join(r.dir, "new.py"), "n\n");
    expect(await guard.check()).toEqual({ changed: [], created: ["new.py"] });
    expect(readFileSync(join(r.dir, "keep/b.py"), "utf8")).toBe("b = 1\n");
    guard.dispose();
  });
});
