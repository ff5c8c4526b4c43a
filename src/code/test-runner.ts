/**
 * Test runners as a command line names them, which files each runs as tests, and the form its
 * targets must take: `node --test` (Node ≥ 22) and `python -m unittest` take files, not folders.
 */

export type TestRunner = "vitest" | "jest" | "ava" | "mocha" | "node-test" | "bun" | "pytest" | "unittest";

/** Most specific first: `bunx vitest` is vitest, `bun test` is Bun's runner. */
const RUNNERS: [TestRunner, RegExp][] = [
  ["node-test", /\bnode\b(?:\s+-{1,2}[\w-]+(?:=\S+)?)*\s+--test\b/],
  ["vitest", /\bvitest\b/],
  ["jest", /\bjest\b/],
  ["ava", /\bava\b/],
  ["mocha", /\bmocha\b/],
  ["bun", /\bbun\s+test\b/],
  ["pytest", /\bpytest\b/],
  ["unittest", /-m\s+unittest\b/],
];

/** The runner a configured test command runs, or null when it does not say (`npm test -- {test_dir}`, a script). */
export function testRunnerOf(command: string): TestRunner | null {
  return RUNNERS.find(([, pattern]) => pattern.test(command))?.[0] ?? null;
}

const SCRIPT = /\.[cm]?[jt]sx?$/;
const name = (path: string) => path.split("/").pop() ?? "";
const inFolder = (path: string, folders: RegExp) => path.split("/").slice(0, -1).some((part) => folders.test(part));

/** `a.test.ts`, `a.spec.js` (vitest's and jest's default names). */
const dotted = (path: string) => /\.(?:test|spec)\.[cm]?[jt]sx?$/.test(path);
const pythonTest = (path: string) => /^(?:test_.*|.*_test)\.py$/.test(name(path));

/** Node 20's default patterns: `*.test.js`, `*-test.js`, `*_test.js`, `test-*.js`, `test.js`, anything in a `test` folder. */
function nodeTest(path: string): boolean {
  if (!SCRIPT.test(path)) return false;
  return /(?:[.\-_]test\.|^test-|^test\.)/.test(name(path)) || inFolder(path, /^test$/);
}

/** AVA's defaults: test-named files, and files in test folders that are not helpers or fixtures. */
function avaTest(path: string): boolean {
  if (!SCRIPT.test(path) || name(path).startsWith("_") || inFolder(path, /^_*(?:helpers?|fixtures?)_*$/)) return false;
  return dotted(path) || /^test[-.]/.test(name(path)) || inFolder(path, /^(?:test|tests|__tests__)$/);
}

const IS_TEST: Record<TestRunner, (path: string) => boolean> = {
  vitest: dotted,
  jest: (path) => dotted(path) || (SCRIPT.test(path) && inFolder(path, /^__tests__$/)),
  bun: (path) => /[._](?:test|spec)\.[cm]?[jt]sx?$/.test(path),
  "node-test": nodeTest,
  ava: avaTest,
  // mocha runs whatever its spec names; under the test folder that is every script.
  mocha: (path) => SCRIPT.test(path),
  pytest: pythonTest,
  unittest: (path) => /^test.*\.py$/.test(name(path)),
};

/**
 * Does the runner take this file as a test (not a helper it would refuse or report as empty)?
 * Without a known runner: the common names (`*.test.*`, `*.spec.*`, `test_*.py`, `*_test.py`).
 */
export function isTestFile(path: string, runner: TestRunner | null): boolean {
  return runner ? IS_TEST[runner](path) : dotted(path) || pythonTest(path);
}

/** Runners that refuse a folder argument: its test files are passed instead. */
export function needsFiles(runner: TestRunner | null): boolean {
  return runner === "node-test" || runner === "unittest";
}

/**
 * Targets in the form the runner takes: for one that needs files, each folder becomes the test
 * files below it (`files` lists the tree), in order; others get the targets unchanged.
 */
export function runnerTargets(targets: readonly string[], runner: TestRunner | null, files: readonly string[], isDir: (path: string) => boolean): string[] {
  if (!needsFiles(runner)) return [...targets];
  const expanded = targets.flatMap((target) => {
    if (!isDir(target)) return [target];
    const prefix = target === "." ? "" : `${target.replace(/\/+$/, "")}/`;
    return files.filter((f) => f.startsWith(prefix) && isTestFile(f, runner));
  });
  return [...new Set(expanded)];
}
