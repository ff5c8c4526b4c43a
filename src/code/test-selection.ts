/**
 * What a changed file means for test selection: a config every test depends on, a source the
 * import graph follows, a source of a language without a graph, or another file (data, docs).
 */
import { extOf, languageOf } from "./languages.ts";
import { type ImportGraph, reaching } from "./graph.ts";

/** Files that configure how every test runs or what it runs against (names anywhere in the tree). */
const TEST_CONFIG = new RegExp(
  "^(?:" +
    [
      String.raw`package\.json`,
      String.raw`(?:package-lock|npm-shrinkwrap)\.json`,
      String.raw`pnpm-(?:lock|workspace)\.yaml`,
      String.raw`yarn\.lock`,
      String.raw`bun\.lockb?`,
      String.raw`bunfig\.toml`,
      String.raw`[jt]sconfig(?:\.[\w-]+)?\.json`,
      String.raw`(?:vitest|vite|jest|ava|babel|playwright|webpack|rollup)\.(?:config|workspace)(?:\.[\w-]+)?\.[cm]?[jt]s(?:on)?`,
      String.raw`\.babelrc(?:\.json)?`,
      String.raw`\.mocharc(?:\.[\w]+)?`,
      String.raw`\.swcrc`,
      String.raw`conftest\.py`,
      String.raw`pytest\.ini`,
      String.raw`pyproject\.toml`,
      String.raw`setup\.(?:cfg|py)`,
      String.raw`tox\.ini`,
      String.raw`\.coveragerc`,
      String.raw`uv\.lock`,
      String.raw`poetry\.lock`,
      String.raw`Pipfile(?:\.lock)?`,
      String.raw`requirements[\w.-]*\.txt`,
    ].join("|") +
    ")$",
);

/** Is this a file every test may depend on (package.json, a lockfile, tsconfig, a runner config, conftest.py, pyproject.toml, …)? */
export function isTestConfig(path: string): boolean {
  return TEST_CONFIG.test(path.split("/").pop() ?? "");
}

/** Does the import graph follow this file's imports (TypeScript/JavaScript, Python)? */
export function hasGraph(path: string): boolean {
  return languageOf(path) === "script" || extOf(path) === ".py";
}

export type ChangeKind = "config" | "graphed" | "ungraphed" | "other";

/**
 * What a changed file is for test selection. Sources are the files of `[project]
 * source_extensions` (when it names none: every file the graph reads).
 */
export function changeKind(path: string, sourceExtensions: readonly string[]): ChangeKind {
  if (isTestConfig(path)) return "config";
  const named = sourceExtensions.filter((ext) => ext !== "");
  const source = named.length ? named.some((ext) => path.endsWith(ext)) : hasGraph(path);
  if (!source) return "other";
  return hasGraph(path) ? "graphed" : "ungraphed";
}

export type Related = { ok: true; tests: string[] } | { ok: false; unreached: string };

/**
 * The tests whose imports reach a changed file (or a file whose imports are unknown, which
 * could reach anything). A changed file no test reaches is named instead: it may be run
 * through a CLI, a subprocess or a dynamic import, so the graph cannot say which tests use it.
 * `moved` files (the old paths of renames) count when reached but need not be: their content
 * lives on at the new path.
 */
export function relatedTests(graph: ImportGraph, tests: readonly string[], changed: readonly string[], moved: readonly string[] = []): Related {
  const unreached = changed.find((path) => !graph.imports.has(path));
  if (unreached !== undefined) return { ok: false, unreached };
  const reached = reaching(graph, [...changed, ...moved, ...graph.unknown.keys()]);
  return { ok: true, tests: tests.filter((t) => reached.has(t)) };
}
