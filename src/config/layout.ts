/**
 * Where a repository keeps its code and its tests, read from where the files are:
 * `[project].src_dir` and `test_dir` for `dgov init`. A toolchain that knows better (Python's
 * import root, Go's tests beside the code) says so in its detection and wins.
 */

const TEST_DIR_NAMES = new Set(["test", "tests", "__tests__", "spec", "e2e"]);
/** Folders of material that is not the project's code. */
const NOT_CODE = new Set([...TEST_DIR_NAMES, "examples", "example", "docs", "doc", "fixtures", "testdata", "bench", "benchmarks", "scripts", "tools", ".github"]);
const TEST_NAME = /(?:^|\/)(?:test_[^/]*\.py|[^/]*_test\.(?:py|go)|conftest\.py|[^/]*\.(?:test|spec)\.[cm]?[jt]sx?)$/;
/** Tool configuration at the top (`vite.config.ts`, `.eslintrc.js`, `setup.py`), not code. */
const TOP_CONFIG = /^(?:[^/]*\.config\.[cm]?[jt]s|\.[^/]*|setup\.py|noxfile\.py|tasks\.py|build\.rs)$/;
/** The share of the code one folder must hold to be called the source folder. */
const DOMINANT = 0.75;

const dirOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf("/")));
const hasExtension = (path: string, exts: readonly string[]) => exts.some((e) => path.endsWith(e));

export function isTestFile(path: string): boolean {
  return TEST_NAME.test(path) || dirOf(path).split("/").some((p) => TEST_DIR_NAMES.has(p));
}

/** Folder paths, deepest common one of `paths` (`""` when they share none). */
function commonDir(paths: readonly string[]): string {
  const split = paths.map((p) => dirOf(p).split("/").filter(Boolean));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((parts) => parts[n] === first[n])) n++;
  return first.slice(0, n).join("/");
}

/** The folder holding the code: the deepest one holding all of it, or the top folder with most of it; `.` when spread out. */
export function codeDir(files: readonly string[], exts: readonly string[]): string {
  const code = files.filter((f) => hasExtension(f, exts) && !f.endsWith(".d.ts") && !isTestFile(f) && !TOP_CONFIG.test(f))
    .filter((f) => !NOT_CODE.has(f.split("/")[0]!) || !f.includes("/"));
  if (code.length === 0) return ".";
  const common = commonDir(code);
  if (common) return `${common}/`;
  const byTop = new Map<string, string[]>();
  for (const f of code.filter((f) => f.includes("/"))) byTop.set(f.split("/")[0]!, [...(byTop.get(f.split("/")[0]!) ?? []), f]);
  const [top, inTop] = [...byTop].sort((a, b) => b[1].length - a[1].length)[0] ?? ["", []];
  if (!top || inTop.length < code.length * DOMINANT) return ".";
  return `${commonDir(inTop) || top}/`;
}

/**
 * The folder of the tests: a top-level test folder holding test files; the common folder of
 * all test files when it is a test folder (`src/pkg/tests/`); `.` when tests sit beside the
 * code. No tests yet: an existing test folder, else `fallback`.
 */
export function testsDir(files: readonly string[], exts: readonly string[], fallback: string): string {
  const tests = files.filter((f) => hasExtension(f, exts) && isTestFile(f));
  const tops = ["tests", "test", "__tests__", "spec"];
  const top = tops.find((d) => tests.some((f) => f.startsWith(`${d}/`)));
  if (top) return `${top}/`;
  if (tests.length > 0) {
    const common = commonDir(tests);
    return common && TEST_DIR_NAMES.has(common.split("/").pop()!) ? `${common}/` : ".";
  }
  const existing = tops.find((d) => files.some((f) => f.startsWith(`${d}/`)));
  return existing ? `${existing}/` : fallback;
}
