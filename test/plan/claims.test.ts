import { describe, expect, test } from "bun:test";
import { claimProblem, normalizeClaim, writeConflicts } from "../../src/plan/claims.ts";
import type { Claims } from "../../src/plan/types.ts";

const claims = (partial: Partial<Claims>): Claims => ({ create: [], edit: [], delete: [], touch: [], read: [], ...partial });

describe("claims", () => {
  test("normalization strips only a literal ./ (dgov-py stripped every leading dot)", () => {
    expect(normalizeClaim("./src/a.py")).toBe("src/a.py");
    expect(normalizeClaim("././a")).toBe("a");
    expect(normalizeClaim(".github/workflows/x.yml")).toBe(".github/workflows/x.yml");
    expect(normalizeClaim(" src//pkg/ ")).toBe("src/pkg");
  });

  test("legal and illegal paths", () => {
    expect(claimProblem("src/a.py")).toBeNull();
    expect(claimProblem(".github/x.yml")).toBeNull();
    expect(claimProblem(".dgov/sops/testing.md")).toBeNull();
    expect(claimProblem("/abs")).toContain("absolute paths");
    expect(claimProblem("C:/x")).toContain("absolute paths");
    expect(claimProblem("a/../b")).toContain("'..'");
    expect(claimProblem(".git")).toContain(".git/");
    expect(claimProblem(".dgov/runtime/x")).toContain("runtime state");
    expect(claimProblem(".dgov/plans/p/_compiled.toml")).toContain("runtime state");
    expect(claimProblem(".coverage-baseline")).toContain("reserved paths");
    expect(claimProblem("   ")).toContain("empty path");
  });

  const all = () => true;
  test("the same file, or a directory and a file below it, conflict", () => {
    const units = [
      { id: "a", files: claims({ edit: ["src/a.py"] }) },
      { id: "b", files: claims({ touch: ["./src/a.py"] }) },
      { id: "c", files: claims({ edit: ["src/pkg"] }) },
      { id: "d", files: claims({ create: ["src/pkg/new.py"] }) },
    ];
    expect(writeConflicts(units, all)).toEqual([
      { path: "src/a.py", writers: [{ id: "a", path: "src/a.py" }, { id: "b", path: "src/a.py" }] },
      { path: "src/pkg/new.py", writers: [{ id: "c", path: "src/pkg" }, { id: "d", path: "src/pkg/new.py" }] },
    ]);
  });

  test("many tasks on one file are one conflict, naming those that may run together", () => {
    const units = Array.from({ length: 3000 }, (_, i) => ({ id: `t${String(i).padStart(4, "0")}`, files: claims({ edit: ["shared.txt"] }) }));
    const conflicts = writeConflicts(units, all);
    expect(conflicts.length).toBe(1);
    expect(conflicts[0]!.writers.length).toBe(3000);
    // A chain: each task after the previous; none may run with another.
    const order = new Map(units.map((u, i) => [u.id, i]));
    expect(writeConflicts(units, (a, b) => a !== b && Math.abs(order.get(a)! - order.get(b)!) > 1e9)).toEqual([]);
    // Two tasks independent of each other, the rest ordered: only those two are named.
    const pair = new Set(["t0005", "t0007"]);
    expect(writeConflicts(units, (a, b) => pair.has(a) && pair.has(b) && a !== b)[0]!.writers.map((w) => w.id)).toEqual(["t0005", "t0007"]);
  });

  test("a shared name prefix is not a directory, reads never conflict, ordered units never conflict", () => {
    const units = [
      { id: "a", files: claims({ edit: ["src/foo"], read: ["src/bar.py"] }) },
      { id: "b", files: claims({ edit: ["src/foobar"], read: ["src/foo"] }) },
      { id: "c", files: claims({ edit: ["src/bar.py"] }) },
    ];
    expect(writeConflicts(units, all)).toEqual([]);
    const twice = [
      { id: "a", files: claims({ edit: ["x"] }) },
      { id: "b", files: claims({ edit: ["x"] }) },
    ];
    expect(writeConflicts(twice, () => false)).toEqual([]);
  });
});
