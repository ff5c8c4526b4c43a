/** Two `dgov run` of one plan started together: exactly one runs, the other exits 2 naming it; nothing is clobbered. */
import { afterEach, describe, expect, test } from "bun:test";
import { DGOV_BIN } from "../fakes/dgov.ts";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

let current: RunRepo | undefined;
afterEach(() => current?.remove());

async function start(r: RunRepo) {
  const child = Bun.spawn([DGOV_BIN, "run", "p", "--json"], { cwd: r.repo.dir, stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { pid: child.pid, code, stdout, stderr };
}

describe("two dgov run of the same plan at once", () => {
  test("20 trials: one runs the plan, the other exits 2 naming its pid; every task merged once, nothing left", async () => {
    for (let trial = 0; trial < 20; trial++) {
      const r = (current = runRepo(["a", "b", "c"].map((x) => ({ slug: x, script: `sleep 0.4; echo ${x} > ${x}.txt`, create: [`${x}.txt`] }))));
      const [one, two] = await Promise.all([start(r), start(r)]);
      const codes = [one.code, two.code].sort();
      expect([trial, codes, codes[0] === 0 && codes[1] === 2 ? "" : `${one.stderr}\n---\n${two.stderr}`]).toEqual([trial, [0, 2], ""]);
      const [winner, loser] = one.code === 0 ? [one, two] : [two, one];
      expect(loser.stderr).toContain(`plan 'p' is already running (pid ${winner.pid}, run `);
      expect(winner.stdout).toContain('"status": "complete"');
      const log = r.log();
      for (const x of ["a", "b", "c"]) expect(log.filter((l) => l === `Task ${x}`).length).toBe(1);
      expect(r.worktrees()).toEqual([]);
      expect(r.branches()).toEqual([]);
      expect(r.repo.git("status", "--porcelain")).toBe("");
      r.remove();
      current = undefined;
    }
  }, 300_000);
});
