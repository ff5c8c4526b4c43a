/** src/scratch.ts: dgov's temporary folders name their process; a run sweeps those of processes that are gone. */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { scratchDir, sweepScratch } from "../src/scratch.ts";

const dir = mkdtempSync(join(tmpdir(), "dgov-scratch-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder as scratchDir names one, for `pid`, last changed `ageMs` ago. */
function leftover(kind: string, pid: number, ageMs: number): string {
  const path = join(dir, `dgov-${kind}-${pid}-Ab3dE6`);
  mkdirSync(path);
  writeFileSync(join(path, "index"), "x");
  const at = (Date.now() - ageMs) / 1000;
  utimesSync(path, at, at);
  return path;
}

describe("scratch folders", () => {
  test("named for their kind and process, in the temp folder", () => {
    const made = scratchDir("plan-check");
    try {
      expect(dirname(made)).toBe(tmpdir());
      expect(basename(made)).toMatch(new RegExp(`^dgov-plan-check-${process.pid}-[A-Za-z0-9]{6}$`));
    } finally {
      rmSync(made, { recursive: true, force: true });
    }
  });

  test("a sweep removes an hour-old folder of a process that is gone; a live process's, a recent one and other names stay", () => {
    const gone = Bun.spawnSync(["true"]).pid;
    const hour = 60 * 60 * 1000;
    const stale = [leftover("index", gone, 2 * hour), leftover("plan-check", gone, 3 * hour)];
    const kept = [leftover("sandbox", process.ppid, 2 * hour), leftover("guard", gone, 60_000), leftover("diff", process.pid, 2 * hour)];
    const others = ["dgov-sandbox-test-Ab3dE6", "dgov-net-Ab3dE6", "other-123-Ab3dE6"].map((name) => (mkdirSync(join(dir, name)), join(dir, name)));
    utimesSync(others[1]!, 0, 0);
    expect(sweepScratch(Date.now(), dir)).toBe(2);
    for (const path of stale) expect(existsSync(path)).toBe(false);
    for (const path of [...kept, ...others]) expect(existsSync(path)).toBe(true);
  });
});
