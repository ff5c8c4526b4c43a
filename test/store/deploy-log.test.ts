import { afterEach, describe, expect, test } from "bun:test";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { appendDeployRecord, deployLogPath, deployTimestamp, formatDeployRecord, latestByUnit, readDeployLog } from "../../src/store/deploy-log.ts";

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
});
