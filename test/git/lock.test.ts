/** The lock between dgov processes: exclusive, queued within a process, released when its holder dies. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withLock } from "../../src/git/lock.ts";

const LOCK_TS = join(import.meta.dir, "../../src/git/lock.ts");
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
function fresh(): { lock: string; log: string } {
  dir = mkdtempSync(join(tmpdir(), "dgov-lock-"));
  return { lock: join(dir, "x.lock"), log: join(dir, "log") };
}

async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 3000 && !ready(); i++) await Bun.sleep(10);
  expect(ready()).toBe(true);
}

describe("withLock", () => {
  test("four processes, ten turns each: no two hold it at once", async () => {
    const { lock, log } = fresh();
    const script = `
      import { appendFileSync } from "node:fs";
      import { withLock } from ${JSON.stringify(LOCK_TS)};
      const [lock, log] = process.argv.slice(1);
      for (let i = 0; i < 10; i++) {
        await withLock(lock, async () => {
          appendFileSync(log, "in " + process.pid + "\\n");
          await Bun.sleep(2);
          appendFileSync(log, "out " + process.pid + "\\n");
        });
      }`;
    const procs = Array.from({ length: 4 }, () => Bun.spawn([process.execPath, "-e", script, lock, log], { stdout: "pipe", stderr: "pipe" }));
    expect(await Promise.all(procs.map((p) => p.exited))).toEqual([0, 0, 0, 0]);
    const lines = readFileSync(log, "utf8").trim().split("\n");
    expect(lines.length).toBe(80);
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]!.startsWith("in ")).toBe(true);
      expect(lines[i + 1]).toBe(lines[i]!.replace("in", "out"));
    }
  });

  test("a holder killed with SIGKILL leaves no stale lock: the next taker gets it", async () => {
    const { lock, log } = fresh();
    const script = `
      import { writeFileSync } from "node:fs";
      import { withLock } from ${JSON.stringify(LOCK_TS)};
      const [lock, log] = process.argv.slice(1);
      await withLock(lock, async () => { writeFileSync(log, "held"); await new Promise(() => {}); });`;
    const holder = Bun.spawn([process.execPath, "-e", script, lock, log], { stdout: "pipe", stderr: "pipe" });
    await until(() => existsSync(log));
    // While it lives, the lock is taken: a short wait gives up naming the lock.
    expect(withLock(lock, async () => "mine", { what: "landing", timeoutMs: 100 })).rejects.toThrow(`another dgov process has held the landing lock (${lock})`);
    holder.kill("SIGKILL");
    await holder.exited;
    expect(await withLock(lock, async () => "mine", { timeoutMs: 30_000 })).toBe("mine");
  });

  test("holders in one process take turns, and one that throws does not block the next", async () => {
    const { lock } = fresh();
    const order: string[] = [];
    const hold = (name: string, fail = false) =>
      withLock(lock, async () => {
        order.push(`${name}+`);
        await Bun.sleep(5);
        order.push(`${name}-`);
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    const [a, b, c] = [hold("a"), hold("b", true), hold("c")];
    expect(await a).toBe("a");
    expect(b).rejects.toThrow("b failed");
    expect(await c).toBe("c");
    expect(order).toEqual(["a+", "a-", "b+", "b-", "c+", "c-"]);
  });
});
