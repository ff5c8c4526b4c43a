/**
 * Python module names and what an import statement names in a tree: the module a file
 * defines, and the files `import a.b` / `from .c import d` load, as the interpreter finds them.
 */
import type { PyImport, PyStatement } from "./python-ast.ts";

/** The module a file defines: `src/pkg/__init__.py` → `pkg`, `src/pkg/a.py` → `pkg.a` (spec §3.1 #17). */
export function moduleName(rel: string, srcDir: string): string {
  const prefix = srcDir.replace(/^\.\/+/, "").replace(/\/+$/, "");
  let path = prefix && prefix !== "." && rel.startsWith(`${prefix}/`) ? rel.slice(prefix.length + 1) : rel;
  path = path.replace(/\.pyi?$/, "").replace(/(^|\/)__init__$/, "");
  return path.split("/").join(".");
}

/**
 * The absolute module of `from <dots><module> import …` in the file `rel`. dgov-py compared
 * relative imports as written; resolving them lets `from .a import x` count as importing `pkg.a`.
 */
export function absoluteModule([level, module]: PyImport, rel: string, srcDir: string): string {
  if (level === 0) return module;
  const own = moduleName(rel, srcDir).split(".").filter(Boolean);
  const pkg = /(^|\/)__init__\.pyi?$/.test(rel) ? own : own.slice(0, -1);
  if (level - 1 > pkg.length) return ".".repeat(level) + module;
  return [...pkg.slice(0, pkg.length - (level - 1)), ...(module ? [module] : [])].join(".");
}

const dirOf = (rel: string) => rel.split("/").slice(0, -1);
const join = (parts: readonly string[]) => parts.filter(Boolean).join("/");

/**
 * The folder pytest puts on sys.path for a file (its "rootdir insertion"): the first folder up
 * from it without an `__init__.py`. A plain script's own folder is on sys.path the same way.
 */
function importBase(rel: string, files: ReadonlySet<string>): string {
  const parts = dirOf(rel);
  while (parts.length > 0 && files.has(join([...parts, "__init__.py"]))) parts.pop();
  return join(parts);
}

/** The files a module path (`a/b`, under `base`) is: `a/b.py` or the package `a/b/__init__.py`. */
function moduleFiles(base: string, parts: readonly string[], files: ReadonlySet<string>): string[] {
  const path = join([base, ...parts]);
  return [`${path}.py`, join([path, "__init__.py"])].filter((f) => files.has(f));
}

/** Where absolute imports are looked up: the importer's base, the root, `src/`, `lib/`, the configured source folder. */
function rootsOf(rel: string, files: ReadonlySet<string>, srcDir: string): string[] {
  const configured = srcDir.replace(/^\.\/+/, "").replace(/\/+$/, "").replace(/^\.$/, "");
  return [...new Set([importBase(rel, files), "", "src", "lib", configured])];
}

/** Each prefix of a dotted module: `a.b.c` → a, a.b, a.b.c (importing one runs every parent package). */
const prefixes = (parts: readonly string[]) => parts.map((_, i) => parts.slice(0, i + 1));

/**
 * The tree's files one import statement of `rel` loads: every package on the way, the module,
 * and for `from m import n` the submodule `m.n` when there is one. Modules outside the tree
 * (the standard library, installed packages) give nothing.
 */
export function pythonTargets([level, module, names]: PyStatement, rel: string, files: ReadonlySet<string>, srcDir: string): string[] {
  const parts = module ? module.split(".") : [];
  const wanted = [...(level === 0 ? prefixes(parts) : [parts]), ...(names ?? []).filter((n) => n !== "*").map((n) => [...parts, n])];
  if (level > 0) {
    const dir = dirOf(rel);
    if (level - 1 > dir.length) return [];
    const base = join(dir.slice(0, dir.length - (level - 1)));
    return [...new Set(wanted.flatMap((w) => (w.length ? moduleFiles(base, w, files) : [join([base, "__init__.py"])].filter((f) => files.has(f)))))];
  }
  const roots = rootsOf(rel, files, srcDir);
  return [...new Set(wanted.flatMap((w) => roots.flatMap((root) => moduleFiles(root, w, files))))];
}
