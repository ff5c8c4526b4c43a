/**
 * `dgov run` SIGKILLed at uniformly random moments (issue 11), then continued until done:
 * every task merged exactly once, the checkout clean and equal to main, nothing left behind,
 * status true. The seeds are fixed, so a failure replays; bench/kill-anywhere.ts runs 50.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { baselineMs, trial } from "../fakes/kill-anywhere.ts";

let span = 0;
beforeAll(async () => {
  span = await baselineMs();
}, 120_000);

describe("kill dgov run anywhere", () => {
  test("10 trials, each killed once at a random moment, then --continue: 10/10 clean", async () => {
    const results = [];
    for (let seed = 1; seed <= 10; seed++) results.push(await trial(seed, span, 1));
    const failed = results.filter((t) => t.problems.length);
    expect(failed).toEqual([]);
    console.log(`kill-anywhere: ${results.length - failed.length}/${results.length} clean (${results.filter((t) => t.kills).length} killed mid-run)`);
  }, 600_000);

  test("4 trials with sparse task worktrees, each killed once at a random moment, then --continue: 4/4 clean", async () => {
    const sparseSpan = await baselineMs({ sparse: true });
    const results = [];
    for (let seed = 201; seed <= 204; seed++) results.push(await trial(seed, sparseSpan, 1, { sparse: true }));
    expect(results.filter((t) => t.problems.length)).toEqual([]);
  }, 600_000);

  test("4 trials killing the run and each --continue, up to 4 times: 4/4 clean", async () => {
    const results = [];
    for (let seed = 101; seed <= 104; seed++) results.push(await trial(seed, span, 4));
    expect(results.filter((t) => t.problems.length)).toEqual([]);
    console.log(`kill-anywhere, repeated kills: ${results.filter((t) => !t.problems.length).length}/${results.length} clean (${results.reduce((n, t) => n + t.kills, 0)} kills)`);
  }, 600_000);
});
