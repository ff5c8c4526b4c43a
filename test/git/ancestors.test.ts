/** allAncestors: which landed commits the target's history holds, in one git call. */
import { afterAll, describe, expect, test } from "bun:test";
import { allAncestors, isAncestor } from "../../src/git/repo.ts";
import { makeRepo } from "../fakes/repo.ts";

const repo = makeRepo({ "a.txt": "a\n" }, { commit: true });
afterAll(() => repo.remove());
const head = () => repo.git("rev-parse", "HEAD").trim();
const commit = (file: string) => (repo.write(file, `${file}\n`), repo.git("add", file), repo.git("commit", "-qm", file), head());

const c1 = head();
const c2 = commit("b.txt");
repo.git("checkout", "-qb", "side");
const s1 = commit("s.txt");
const s2 = commit("t.txt");
repo.git("checkout", "-q", "main");
const c3 = commit("c.txt");
// A long run of commits on main, more than one call's worth (written by one fast-import).
const stream = Array.from({ length: 520 }, (_, i) => `commit refs/heads/main\ncommitter x <x@example.com> ${1_700_000_000 + i} +0000\ndata 2\nx\n${i === 0 ? `from ${c3}\n` : ""}\n`).join("");
Bun.spawnSync(["git", "fast-import", "--quiet"], { cwd: repo.dir, stdin: new TextEncoder().encode(stream) });
const chain = repo.git("rev-list", "-n", "520", "main").trim().split("\n");

describe("allAncestors", () => {
  test("true when every commit is in the ref's history; false when one is not, whatever the others", async () => {
    expect(await allAncestors(repo.dir, [c1, c2, c3], "main")).toBe(true);
    expect(await allAncestors(repo.dir, [c1, c1, c3], "main")).toBe(true);
    expect(await allAncestors(repo.dir, [c1, s1], "main")).toBe(false);
    // s1 is reached from s2, but neither from main.
    expect(await allAncestors(repo.dir, [c2, s1, s2], "main")).toBe(false);
    expect(await allAncestors(repo.dir, [s1, s2, c1], "side")).toBe(true);
    expect(await allAncestors(repo.dir, [c2, "f".repeat(40)], "main")).toBe(false);
    expect(await allAncestors(repo.dir, [], "main")).toBe(true);
  });

  test("more than one call's worth, each part judged", async () => {
    expect(await allAncestors(repo.dir, [...chain, c1], "main")).toBe(true);
    expect(await allAncestors(repo.dir, [...chain, s2], "main")).toBe(false);
    for (const sha of [c1, c3, chain.at(-1)!]) expect(await isAncestor(repo.dir, sha, "refs/heads/main")).toBe(true);
  });
});
