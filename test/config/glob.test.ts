/** gitignore-style globs for [scope] and verify `match`; deny entries also match as dgov-py read them. */
import { describe, expect, test } from "bun:test";
import { denyMatch, fnmatch, globMatch } from "../../src/config/glob.ts";
import { ignoreMatches, reservedShadows } from "../../src/config/ignore.ts";

// [pattern, path, gitignore-style match]
const GLOB: [string, string, boolean][] = [
  ["src/**/*.ts", "src/x.ts", true],
  ["src/**/*.ts", "src/d/x.ts", true],
  ["src/**/*.ts", "src/d/e/x.ts", true],
  ["src/**/*.ts", "lib/x.ts", false],
  ["src/*.ts", "src/x.ts", true],
  ["src/*.ts", "src/d/x.ts", false],
  ["*.pyc", "a.pyc", true],
  ["*.pyc", "pkg/sub/a.pyc", true],
  ["*.ts", "src/neg.ts", true],
  ["node_modules", "node_modules/x/index.js", true],
  ["node_modules", "web/node_modules/x.js", true],
  ["node_modules", "src/node_modules.ts", false],
  ["build/", "build/out.js", true],
  ["build/", "pkg/build/out.js", true],
  ["build/", "build", false],
  ["/docs/*.md", "docs/a.md", true],
  ["/docs/*.md", "x/docs/a.md", false],
  ["docs/**", "docs/a/b.md", true],
  ["docs/**", "docs", false],
  ["**/migrations/*.sql", "db/migrations/1.sql", true],
  ["**/migrations/*.sql", "migrations/1.sql", true],
  ["a/**/b", "a/b", true],
  ["a/**/b", "a/x/y/b", true],
  ["uv.lock", "uv.lock", true],
  ["uv.lock", "tools/uv.lock", true],
  ["file?.txt", "file1.txt", true],
  ["file?.txt", "file/.txt", false],
  ["[ab].txt", "a.txt", true],
  ["[!ab].txt", "a.txt", false],
  ["[!ab].txt", "c.txt", true],
  ["src/secret.ts", "src/secret.ts", true],
  ["src/secret.ts", "other/src/secret.ts", false],
];

describe("globMatch (gitignore-style)", () => {
  for (const [pattern, path, expected] of GLOB) {
    test(`${pattern} ${expected ? "matches" : "does not match"} ${path}`, () => {
      expect(globMatch(pattern, path)).toBe(expected);
    });
  }
});

// dgov-py's reading (fnmatch: `*` crosses `/`, anchored at the root, no basename rule).
const DGOV_PY: [string, string, boolean][] = [
  ["src/*.ts", "src/d/x.ts", true],
  ["src/**/*.ts", "src/x.ts", false],
  ["*.ts", "src/neg.ts", true],
  ["src/*", "src/a/b.py", true],
  ["secrets/*", "secrets/key.pem", true],
];

describe("deny entries: gitignore-style or dgov-py's reading, whichever matches", () => {
  test("dgov-py's fnmatch reading, unchanged", () => {
    for (const [pattern, path, expected] of DGOV_PY) expect([pattern, path, fnmatch(pattern, path)]).toEqual([pattern, path, expected]);
  });

  test("src/**/*.ts denies src/x.ts and src/d/x.ts (dgov-py missed the first)", () => {
    expect(denyMatch("src/**/*.ts", "src/x.ts")).toBe(true);
    expect(denyMatch("src/**/*.ts", "src/d/x.ts")).toBe(true);
    expect(denyMatch("src/**/*.ts", "lib/x.ts")).toBe(false);
  });

  test("no deny list gets weaker: every path dgov-py denied is still denied", () => {
    for (const [pattern, path, expected] of [...DGOV_PY, ...GLOB]) {
      if (fnmatch(pattern, path)) expect(denyMatch(pattern, path)).toBe(true);
      if (expected && GLOB.some(([p, q]) => p === pattern && q === path)) expect(denyMatch(pattern, path)).toBe(true);
    }
  });
});

describe("ignore_files entries", () => {
  test("match gitignore-style; reserved paths still cannot be shadowed", () => {
    expect(ignoreMatches("*.pyc", "pkg/__pycache__/a.cpython-311.pyc")).toBe(true);
    expect(ignoreMatches("__pycache__", "pkg/__pycache__/a.pyc")).toBe(true);
    expect(ignoreMatches(".venv", ".venv/bin/python")).toBe(true);
    expect(ignoreMatches("package-lock.json", "web/package-lock.json")).toBe(true);
    expect(ignoreMatches("src/*.ts", "src/d/x.ts")).toBe(false);
    expect(reservedShadows(["*.json", ".sentrux/", "src/*.py"])).toEqual(["'*.json' would match '.sentrux/baseline.json'", "'.sentrux/' would match '.sentrux/baseline.json'"]);
  });
});
