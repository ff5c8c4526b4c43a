import { afterEach, describe, expect, test } from "bun:test";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { appendDeployRecord, deployLogPath, deployTimestamp, formatDeployRecord, latestByUnit, readDeployLog, verifiedRecords } from "../../src/store/deploy-log.ts";

let root = "";
afterEach(() => root && rmSync(root, { recursive: true, force: true }));

describe("deploy log", () => {
  test("lines are dgov-py's: compact, keys in order, non-ASCII escaped", () => {
    expect(formatDeployRecord({ plan: "p", unit: "core/a.é", sha: "abc", ts: "2026-04-06T12:00:00Z" })).toBe(
      '{"plan":"p","unit":"core/a.\\u00e9","sha":"abc","ts":"2026-04-06T12:00:00Z"}',
    );
    expect(deployTimestamp(Date.UTC(2026, 3, 6, 12, 0, 0, 999))).toBe("2026-04-06T12:00:00Z");
  });

  test("append then read, filtered by plan, skipping torn and malformed lines", () => {
    root = mkdtempSync(join(tmpdir(), "dgov-deploy-"));
    appendDeployRecord(root, { plan: "p", unit: "a", sha: "1", ts: "t1" });
    appendDeployRecord(root, { plan: "q", unit: "a", sha: "2", ts: "t2" });
    appendDeployRecord(root, { plan: "p", unit: "a", sha: "3", ts: "t3" });
    appendFileSync(deployLogPath(root), '\n{"plan":"p","unit"\nnot json\n[1]\n');
    const { records, skipped } = readDeployLog(root, "p");
    expect(records.map((r) => r.sha)).toEqual(["1", "3"]);
    expect(skipped).toBe(3);
    expect(latestByUnit(records).get("a")!.sha).toBe("3");
    expect(readDeployLog(root).records.length).toBe(3);
    expect(readFileSync(deployLogPath(root), "utf8").split("\n")[0]).toBe('{"plan":"p","unit":"a","sha":"1","ts":"t1"}');
  });

  test("a missing log is empty", () => {
    root = mkdtempSync(join(tmpdir(), "dgov-deploy-"));
    mkdirSync(dirname(deployLogPath(root)), { recursive: true });
    expect(readDeployLog(root, "p")).toEqual({ records: [], skipped: 0 });
  });

  test("only records whose commit the target's history holds are trusted; the others are reported", async () => {
    const a = "a".repeat(40);
    const forged = "f".repeat(40);
    // A SHA-256 repository's ids are 64 hex digits.
    const b = "b".repeat(64);
    const records = [
      { plan: "p", unit: "x", sha: a, ts: "t1" },
      { plan: "p", unit: "y", sha: forged, ts: "t2" },
      { plan: "p", unit: "z", sha: "not-a-sha", ts: "t3" },
      { plan: "p", unit: "w", sha: b, ts: "t4" },
    ];
    const asked: string[] = [];
    const { records: kept, dropped } = await verifiedRecords(records, async (sha) => (asked.push(sha), sha === a || sha === b));
    expect(kept.map((r) => r.unit)).toEqual(["x", "w"]);
    expect(dropped.map((r) => r.unit)).toEqual(["y", "z"]);
    expect(asked.sort()).toEqual([a, b, forged]);
  });

  test("one answer for all when every record holds; else each is asked", async () => {
    const records = ["a", "b", "c"].map((c, i) => ({ plan: "p", unit: `u${i}`, sha: c.repeat(40), ts: "t" }));
    const asked: string[] = [];
    const one = async (sha: string) => (asked.push(sha), sha !== "b".repeat(40));
    expect((await verifiedRecords(records, one, async () => true)).records).toEqual(records);
    expect(asked).toEqual([]);
    const { records: kept, dropped } = await verifiedRecords(records, one, async () => false);
    expect(kept.map((r) => r.unit)).toEqual(["u0", "u2"]);
    expect(dropped.map((r) => r.unit)).toEqual(["u1"]);
    expect(asked.length).toBe(3);
  });

  test("a long log is checked a few commits at a time, every record once", async () => {
    const records = Array.from({ length: 300 }, (_, i) => ({ plan: "p", unit: `u${i}`, sha: i.toString(16).padStart(40, "0"), ts: "t" }));
    let running = 0;
    let most = 0;
    const asked: string[] = [];
    const { records: kept } = await verifiedRecords(records, async (sha) => {
      asked.push(sha);
      most = Math.max(most, ++running);
      await Bun.sleep(0);
      running--;
      return Number.parseInt(sha, 16) % 3 !== 0;
    });
    expect(most).toBe(8);
    expect(asked.length).toBe(300);
    expect(kept.map((r) => r.unit)).toEqual(records.filter((_, i) => i % 3 !== 0).map((r) => r.unit));
  });
});
