/** The integration candidate: the task commit replayed onto the target, and when that is refused. */
import { afterEach, describe, expect, test } from "bun:test";
import { replayOnto } from "../../src/git/replay.ts";
import type { RunContext } from "../../src/runner/context.ts";
import { knownAncestor, targetAt } from "../../src/runner/target-watch.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

const identity = { name: "dgov-worker", email: "agent@dgov.local" };
let repo: FixtureRepo;
afterEach(() => repo?.remove());

const head = () => repo.git("rev-parse", "HEAD").trim();
function commit(path: string, content: string, message: string): string {
  repo.write(path, content);
  repo.git("add", path);
  repo.git("commit", "-qm", message);
  return head();
}

describe("replayOnto", () => {
  test("keeps the task commit's author and message, read from git or as the caller made them", async () => {
    repo = makeRepo({ "a.txt": "a\n" }, { commit: true });
    const base = head();
    const task = commit("t.txt", "t\n", "Task t\n\nwith a body");
    repo.git("reset", "-q", "--hard", base);
    const target = commit("b.txt", "b\n", "main moves");
    const read = await replayOnto(repo.dir, { commit: task, base }, target, identity);
    expect(read.ok).toBe(true);
    const show = (sha: string) => repo.git("log", "-1", "--format=%an <%ae> %aI%n%B", sha).trim();
    expect(show((read as { sha: string }).sha)).toBe(show(task));
    const made = { name: "dgov-worker", email: "agent@dgov.local", date: "2026-01-02T03:04:05Z", message: "Task t" };
    const given = await replayOnto(repo.dir, { commit: task, base, made }, target, identity, true);
    expect(show((given as { sha: string }).sha)).toBe("dgov-worker <agent@dgov.local> 2026-01-02T03:04:05+00:00\nTask t");
    expect(repo.git("rev-parse", `${(given as { sha: string }).sha}^`).trim()).toBe(target);
  });

  test("a target rewritten since the task's base is refused unless the caller vouches for its history", async () => {
    repo = makeRepo({ "a.txt": "a\n" }, { commit: true });
    const root = head();
    const base = commit("x.txt", "x\n", "the task's base");
    const task = commit("t.txt", "t\n", "Task t");
    // The target is reset behind the task's base and grows elsewhere.
    repo.git("reset", "-q", "--hard", root);
    const rewritten = commit("y.txt", "y\n", "rewritten");
    expect(await replayOnto(repo.dir, { commit: task, base }, rewritten, identity)).toEqual({ ok: false, reason: "rewritten" });
  });
});

describe("the target's lineage, as a run knows it", () => {
  const ctx = () => ({ targetChecked: "s", lineage: new Set(["s"]) }) as unknown as RunContext;

  test("own landings on the checked head extend what is known; a move seen elsewhere starts it again", () => {
    const c = ctx();
    targetAt(c, "l1", true);
    targetAt(c, "l2", true);
    expect(knownAncestor(c, "s", "l2")).toBe(true);
    expect(knownAncestor(c, "l1", "l2")).toBe(true);
    // Not the head the run knows: git must say.
    expect(knownAncestor(c, "s", "other")).toBe(false);
    targetAt(c, "f", false);
    expect(knownAncestor(c, "s", "f")).toBe(false);
    expect(knownAncestor(c, "f", "f")).toBe(true);
  });
});
