import type { RepoProbe } from "dgov/plugin";

/*
 * Where a Python project's importable code is. `[project].src_dir` is the *import root*: dgov
 * puts it on PYTHONPATH and names modules relative to it (`src/click/core.py` → `click.core`).
 * So a src layout gives `src/` and a flat layout `.`: the package folder itself would name
 * `click/core.py` as `core`, and put `click/types.py` ahead of the standard library's `types`.
 */

const NOT_PACKAGES = /^(?:tests?|docs?|examples?|scripts|benchmarks?)(?:\/|$)/;

/** Top-level packages: folders with an `__init__.py` whose parent has none (`src/click`, `click`). */
export function topPackages(probe: RepoProbe): string[] {
  const inits = new Set(probe.files.filter((f) => f.endsWith("/__init__.py")).map((f) => f.slice(0, -"/__init__.py".length)));
  const parent = (dir: string) => dir.slice(0, Math.max(0, dir.lastIndexOf("/")));
  return [...inits].filter((dir) => !inits.has(parent(dir)) && !NOT_PACKAGES.test(dir)).sort();
}

/** The import root holding most of the code (`src/`, `lib/`), `.` for packages at the top. */
export function importRoot(probe: RepoProbe): string {
  const packages = topPackages(probe);
  if (packages.length === 0) return probe.files.some((f) => f.startsWith("src/") && f.endsWith(".py")) ? "src/" : ".";
  const weight = new Map<string, number>();
  for (const pkg of packages) {
    const root = pkg.includes("/") ? pkg.slice(0, pkg.lastIndexOf("/")) : "";
    const files = probe.files.filter((f) => f.startsWith(`${pkg}/`) && f.endsWith(".py")).length;
    weight.set(root, (weight.get(root) ?? 0) + files);
  }
  const [root] = [...weight].sort((a, b) => b[1] - a[1])[0]!;
  return root ? `${root}/` : ".";
}

/** What `mypy` checks when the project's config names no files: the import root, or the packages of a flat layout. */
export function mypyTargets(probe: RepoProbe, root: string): string[] {
  if (root !== ".") return [root.replace(/\/$/, "")];
  const packages = topPackages(probe).filter((p) => !p.includes("/"));
  return packages.length ? packages : ["."];
}
