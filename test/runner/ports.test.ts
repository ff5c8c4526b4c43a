/** Port blocks for live tasks: distinct across tasks and across runs (processes), only when bindable, reclaimed from the dead. */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { portEnv, PortLeases } from "../../src/runner/ports.ts";

const dir = mkdtempSync(join(tmpdir(), "dgov-ports-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A base for this test whose first 20 ports can all be bound now. It lies below the kernel's
 * ephemeral range (32768 up), so outgoing connections of other tests never take one of its ports
 * in the meantime; only a listener could, and one found listening moves the search on.
 */
function freeBase(): number {
  const start = 20000 + 100 * Math.floor(Math.random() * 120);
  for (let base = start; ; base = base + 100 >= 32000 ? 20000 : base + 100) {
    const held: { stop(close?: boolean): void }[] = [];
    try {
      for (let port = base; port < base + 20; port++) held.push(Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } }));
      return base;
    } catch {
      // A port of this range is in use: try the next one.
    } finally {
      for (const server of held) server.stop(true);
    }
  }
}

describe("port leases", () => {
  test("each task holds its own block until it frees it; a second holder (another run) never gets one in use", () => {
    const base = freeBase();
    const leases = join(dir, "a");
    const run1 = new PortLeases(base, 5, leases);
    const run2 = new PortLeases(base, 5, leases);
    const a = run1.hold("a")!;
    expect(run1.hold("a")).toEqual(a);
    const b = run1.hold("b")!;
    const c = run2.hold("c")!;
    const firsts = [a.first, b.first, c.first];
    expect(new Set(firsts).size).toBe(3);
    for (const block of [a, b, c]) expect(block.count).toBe(5);
    expect(readdirSync(leases).length).toBe(3);
    run1.free("a");
    expect(run2.hold("d")!.first).toBe(a.first);
    run1.freeAll();
    run2.freeAll();
    expect(readdirSync(leases)).toEqual([]);
    expect(portEnv(a)).toEqual({ DGOV_PORT: String(a.first), DGOV_PORT_COUNT: "5", PORT: String(a.first) });
    expect(portEnv(null)).toEqual({});
  });

  test("a block one of the run's tasks holds is never handed to another, whatever its file says", () => {
    const base = freeBase();
    const leases = join(dir, "own");
    const run = new PortLeases(base, 5, leases);
    const a = run.hold("a")!;
    // The file rewritten as a dead process's (tampered with): the run still knows the block is a's.
    writeFileSync(join(leases, `${a.first}-5.lease`), String(Bun.spawnSync(["true"]).pid));
    expect(run.hold("b")!.first).not.toBe(a.first);
    run.freeAll();
  });

  test("the files a killed process left aside while making a lease are removed; a live one's are kept", () => {
    const base = freeBase();
    const leases = join(dir, "aside");
    mkdirSync(leases, { recursive: true });
    const gone = Bun.spawnSync(["true"]).pid;
    const left = [`${base}-5.lease.${gone}-0123abcd`, `${base}-5.lease.reclaim.${gone}-4567cdef`];
    const live = `${base + 5}-5.lease.${process.ppid}-89abcdef`;
    for (const name of [...left, live]) writeFileSync(join(leases, name), String(gone));
    const run = new PortLeases(base, 5, leases);
    const a = run.hold("a")!;
    expect(readdirSync(leases).sort()).toEqual([`${a.first}-5.lease`, live].sort());
    run.freeAll();
  });

  test("a block with a port someone listens on is skipped", () => {
    const base = freeBase();
    const busy = Bun.listen({ hostname: "127.0.0.1", port: base + 2, socket: { data() {} } });
    try {
      const block = new PortLeases(base, 5, join(dir, "b")).hold("a")!;
      expect(block.first).toBe(base + 5);
    } finally {
      busy.stop(true);
    }
  });

  test("a lease left by a process that is gone is taken over; one of a live process is not", () => {
    const base = freeBase();
    const leases = join(dir, "c");
    const gone = Bun.spawnSync(["true"]).pid;
    new PortLeases(base, 5, leases).hold("x");
    // Rewrite the first lease as the dead process's, and a second block as this test's parent's (alive).
    writeFileSync(join(leases, `${base}-5.lease`), String(gone));
    writeFileSync(join(leases, `${base + 5}-5.lease`), String(process.ppid));
    const next = new PortLeases(base, 5, leases);
    expect(next.hold("y")!.first).toBe(base);
    expect(next.hold("z")!.first).toBe(base + 10);
  });

  test("a lease being reclaimed by a live process is left to it; a dead reclaimer's tombstone is cleared, the block taken next time", () => {
    const base = freeBase();
    const leases = join(dir, "e");
    const gone = Bun.spawnSync(["true"]).pid;
    new PortLeases(base, 5, leases, base + 9).hold("x");
    writeFileSync(join(leases, `${base}-5.lease`), String(gone));
    writeFileSync(join(leases, `${base}-5.lease.reclaim`), String(process.ppid));
    expect(new PortLeases(base, 5, leases, base + 9).hold("y")!.first).toBe(base + 5);
    writeFileSync(join(leases, `${base}-5.lease.reclaim`), String(gone));
    const next = new PortLeases(base, 5, leases, base + 4);
    expect(next.hold("z")).toBeNull();
    expect(readdirSync(leases).sort()).toEqual([`${base}-5.lease`, `${base + 5}-5.lease`]);
    expect(next.hold("z")!.first).toBe(base);
  });

  test("runs starting together over the leases of a dead run: each block goes to one of them", async () => {
    const base = freeBase();
    const gone = Bun.spawnSync(["true"]).pid;
    const script = join(dir, "racer.ts");
    writeFileSync(script, `import { existsSync } from "node:fs";\nimport { PortLeases } from ${JSON.stringify(join(import.meta.dir, "../../src/runner/ports.ts"))};\nconst [leases, go] = process.argv.slice(2);\nwhile (!existsSync(go)) await Bun.sleep(1);\nconsole.log(new PortLeases(${base}, 2, leases, ${base + 9}).hold("t")?.first ?? "none");\nawait Bun.stdin.text();\n`);
    for (let round = 0; round < 3; round++) {
      const leases = join(dir, `race-${round}`);
      mkdirSync(leases);
      for (let first = base; first < base + 10; first += 2) writeFileSync(join(leases, `${first}-2.lease`), String(gone));
      const go = join(dir, `go-${round}`);
      const racers = Array.from({ length: 6 }, () => Bun.spawn(["bun", script, leases, go], { stdin: "pipe", stdout: "pipe" }));
      writeFileSync(go, "");
      const readers = racers.map((p) => p.stdout.getReader());
      const got = await Promise.all(readers.map(async (r) => new TextDecoder().decode((await r.read()).value).trim()));
      for (const p of racers) p.stdin.end();
      await Promise.all(racers.map((p) => p.exited));
      const blocks = got.filter((g) => g !== "none");
      // Five blocks for six runs: five get one each, no block twice.
      expect({ round, blocks: blocks.length, distinct: new Set(blocks).size }).toEqual({ round, blocks: 5, distinct: 5 });
    }
  }, 60_000);

  test("nothing left: null (the task runs without DGOV_PORT)", () => {
    const base = freeBase();
    const leases = new PortLeases(base, 3, join(dir, "d"), base + 5);
    expect(leases.hold("a")).not.toBeNull();
    expect(leases.hold("b")).not.toBeNull();
    expect(leases.hold("c")).toBeNull();
  });
});
