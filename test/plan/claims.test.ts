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
      { a: "a", b: "b", pathA: "src/a.py", pathB: "src/a.py" },
      { a: "c", b: "d", pathA: "src/pkg", pathB: "src/pkg/new.py" },
    ]);
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
