/** Deploy state in git: dgov's trailers on landed commits, read back into the local deploy log. */
import { afterEach, describe, expect, test } from "bun:test";
import { historyRecords, importDeployHistory, landedMessage } from "../../src/git/trailers.ts";
import { rmSync } from "node:fs";
import { appendDeployRecord, deployLogPath, readDeployLog } from "../../src/store/deploy-log.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let repo: FixtureRepo;
afterEach(() => repo?.remove());

function land(message: string, file: string): string {
  repo.write(file, `${file}\n`);
  repo.git("add", file);
  repo.git("commit", "-q", "-m", message);
  return repo.git("rev-parse", "HEAD").trim();
}

describe("deploy state in the target's history", () => {
  test("each landed commit's plan and task come back as the record its landing wrote; other commits are not records", async () => {
    repo = makeRepo({ "README.md": "x\n" }, { commit: true });
    const a = land(landedMessage("Task a", { plan: "p", task: "t/m.a", run: "r1" }), "a.txt");
    land("a commit of the user's\n\nDgov-Task: looks like one but names no plan", "u.txt");
    land(`forged\n\nDgov-Plan: p\nDgov-Task: t/m.x\nDgov-Task: t/m.y\nDgov-Run: r1`, "f.txt");
    const b = land(landedMessage("Task b\n\nwith a body", { plan: "q", task: "t/m.b", run: "r2" }), "b.txt");
    const records = (await historyRecords(repo.dir, "main"))!;
    expect(records.map((r) => [r.plan, r.unit, r.sha])).toEqual([["p", "t/m.a", a], ["q", "t/m.b", b]]);
    expect(records[0]!.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test("the local log learns only the units it knows nothing of, each at its latest landing", async () => {
    repo = makeRepo({ "README.md": "x\n" }, { commit: true });
    const old = land(landedMessage("Task a", { plan: "p", task: "t/m.a", run: "r1" }), "a.txt");
    const again = land(landedMessage("Task a again", { plan: "p", task: "t/m.a", run: "r2" }), "a2.txt");
    const b = land(landedMessage("Task b", { plan: "p", task: "t/m.b", run: "r2" }), "b.txt");
    appendDeployRecord(repo.dir, { plan: "p", unit: "t/m.b", sha: b, ts: "2026-01-01T00:00:00Z" });
    const added = await importDeployHistory(repo.dir, "main");
    expect(added.map((r) => [r.unit, r.sha])).toEqual([["t/m.a", again]]);
    expect(readDeployLog(repo.dir, "p").records.map((r) => [r.unit, r.sha, r.ts === "2026-01-01T00:00:00Z"])).toEqual([["t/m.b", b, true], ["t/m.a", again, false]]);
    expect(old).not.toBe(again);
    // Nothing more to learn the second time.
    expect(await importDeployHistory(repo.dir, "main")).toEqual([]);
  });

  test("later imports read only what landed since the last one; a removed log or rewritten history is read whole", async () => {
    repo = makeRepo({ "README.md": "x\n" }, { commit: true });
    const a = land(landedMessage("Task a", { plan: "p", task: "t/m.a", run: "r1" }), "a.txt");
    const units = async () => (await importDeployHistory(repo.dir, "main")).map((r) => r.unit);
    expect(await units()).toEqual(["t/m.a"]);
    const b = land(landedMessage("Task b", { plan: "p", task: "t/m.b", run: "r2" }), "b.txt");
    expect(await units()).toEqual(["t/m.b"]);
    expect(await units()).toEqual([]);
    // The log removed (a fresh checkout of .dgov, `rm`): everything again.
    rmSync(deployLogPath(repo.dir));
    expect(await units()).toEqual(["t/m.a", "t/m.b"]);
    // History rewritten below the last import's head: what the new history holds is learnt.
    repo.git("reset", "-q", "--hard", a);
    land(landedMessage("Task c", { plan: "p", task: "t/m.c", run: "r3" }), "c.txt");
    expect(await units()).toEqual(["t/m.c"]);
    expect(readDeployLog(repo.dir, "p").records.map((r) => r.unit)).toEqual(["t/m.a", "t/m.b", "t/m.c"]);
    expect(b).not.toBe(a);
  });
});
