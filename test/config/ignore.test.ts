import { describe, expect, test } from "bun:test";
import { fnmatch, ignoreMatches, reservedShadows } from "../../src/config/ignore.ts";
import { nearest } from "../../src/suggest.ts";

describe("[scope] ignore_files matching", () => {
  test("globs match the path or a folder above it, a name at any depth", () => {
    expect(ignoreMatches("*.pyc", "pkg/a/b.pyc")).toBe(true);
    expect(ignoreMatches("registry/*", "registry/snap/x.json")).toBe(true);
    expect(fnmatch("a[0-9].txt", "a5.txt")).toBe(true);
    expect(fnmatch("a[!0-9].txt", "a5.txt")).toBe(false);
  });

  test("dir/ entries cover the directory; extension-less entries any component", () => {
    expect(ignoreMatches(".sentrux/", ".sentrux/baseline.json")).toBe(true);
    expect(ignoreMatches("__pycache__", "src/__pycache__/m.pyc")).toBe(true);
    expect(ignoreMatches(".venv", ".venv/bin/python")).toBe(true);
    expect(ignoreMatches("node_modules", "node_modules_extra/x")).toBe(false);
  });

  test("a name without a slash matches at any depth (gitignore); a leading slash anchors it at the root", () => {
    expect(ignoreMatches("uv.lock", "uv.lock")).toBe(true);
    expect(ignoreMatches("uv.lock", "sub/uv.lock")).toBe(true);
    expect(ignoreMatches("/uv.lock", "sub/uv.lock")).toBe(false);
  });

  test("patterns that would hide governor-owned files are reported", () => {
    expect(reservedShadows(["uv.lock", ".venv", "*.pyc"])).toEqual([]);
    expect(reservedShadows(["*.json", ".coverage-baseline/*", ".sentrux/baseline.json"])).toEqual([
      "'*.json' would match '.sentrux/baseline.json'",
      "'.coverage-baseline/*' would match '.coverage-baseline/coverage.json'",
      "'.sentrux/baseline.json' would match '.sentrux/baseline.json'",
    ]);
  });
});

describe("nearest name", () => {
  test("finds typos, transpositions and case slips; gives up on unrelated names", () => {
    expect(nearest("lint_cmnd", ["lint_cmd", "lint_fix_cmd"])).toBe("lint_cmd");
    expect(nearest("inti", ["init", "config"])).toBe("init");
    expect(nearest("PROJECT", ["project"])).toBe("project");
    expect(nearest("zzz", ["project", "scope"])).toBeUndefined();
  });
});
