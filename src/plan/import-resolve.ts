/**
 * Where an import points, by paths alone (no toolchain, no installed packages): the repository
 * files an import of one file may load. Relative TypeScript/JavaScript specifiers with
 * extension and index resolution; Python relative and package-absolute modules (from the root
 * or `src/`); Go packages under the go.mod module path (every file of the package's folder);
 * Rust `mod` files and `crate::`/`super::`/`self::` paths. `exists` says which paths count.
 */
import { posix } from "node:path";
import type { Import } from "../code/syntax/index.ts";

const SCRIPT_EXTS = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];

export interface Resolver {
  /** Does the repository have this file (or will a task create it)? */
  exists(path: string): boolean;
  /** The files of a folder (for Go packages). */
  filesIn(dir: string): string[];
  /** The go.mod module path, or null. */
  goModule: string | null;
}

const dirOf = (p: string) => posix.dirname(p);
const clean = (p: string) => posix.normalize(p).replace(/^\.\//, "");
const inside = (p: string) => !p.startsWith("../") && p !== "..";

function script(from: string, spec: string, r: Resolver): string[] {
  if (!spec.startsWith(".")) return [];
  const base = clean(posix.join(dirOf(from), spec));
  if (!inside(base)) return [];
  const stripped = base.replace(/\.(m|c)?js$/, "");
  const candidates = [base, ...SCRIPT_EXTS.map((e) => `${stripped}${e}`), ...SCRIPT_EXTS.map((e) => `${base}/index${e}`)];
  const found = candidates.find((c) => r.exists(c));
  return found ? [found] : [];
}

function pythonModule(dir: string, parts: readonly string[], r: Resolver): string | null {
  const path = clean(posix.join(dir, ...parts));
  return [`${path}.py`, `${path}/__init__.py`].find((c) => inside(c) && r.exists(c)) ?? null;
}

function python(from: string, imp: Import, r: Resolver): string[] {
  const dots = /^\.*/.exec(imp.specifier)![0].length;
  const parts = imp.specifier.slice(dots).split(".").filter(Boolean);
  const bases = dots ? [posix.join(dirOf(from), ...Array<string>(dots - 1).fill(".."))] : [".", "src"];
  const out: string[] = [];
  for (const base of bases) {
    const module = pythonModule(base, parts, r);
    if (module) out.push(module);
    // `from pkg import mod` loads pkg/mod.py when mod is a module.
    for (const name of imp.names ?? []) {
      const sub = name === "*" ? null : pythonModule(base, [...parts, name], r);
      if (sub) out.push(sub);
    }
  }
  return [...new Set(out)];
}

function go(from: string, spec: string, r: Resolver): string[] {
  if (!r.goModule || (spec !== r.goModule && !spec.startsWith(`${r.goModule}/`))) return [];
  const dir = spec === r.goModule ? "." : spec.slice(r.goModule.length + 1);
  if (dir === dirOf(from)) return [];
  return r.filesIn(dir).filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"));
}

/** The folder a Rust file's child modules live in: `src/a.rs` → `src/a`, `src/lib.rs` → `src`. */
function rustModuleDir(file: string): string {
  const name = posix.basename(file, ".rs");
  return ["lib", "main", "mod"].includes(name) ? dirOf(file) : posix.join(dirOf(file), name);
}

/** The crate root folder: the `src` folder above the file, else its own folder. */
function crateDir(file: string): string {
  const parts = file.split("/");
  const at = parts.lastIndexOf("src");
  return at >= 0 && at < parts.length - 1 ? parts.slice(0, at + 1).join("/") : dirOf(file);
}

function rustPath(dir: string, segments: readonly string[], r: Resolver): string | null {
  // The longest prefix that is a module file: `a::b::C` is in a/b.rs, or in a.rs.
  for (let n = segments.length; n > 0; n--) {
    const path = clean(posix.join(dir, ...segments.slice(0, n)));
    const found = [`${path}.rs`, `${path}/mod.rs`].find((c) => inside(c) && r.exists(c));
    if (found) return found;
  }
  return null;
}

function rust(from: string, imp: Import, r: Resolver): string[] {
  const segments = imp.specifier.split("::").filter((s) => s && s !== "*");
  if (imp.kind === "mod") return [rustPath(rustModuleDir(from), segments, r)].filter((p): p is string => p !== null);
  const [head, ...rest] = segments;
  let dir: string;
  if (head === "crate") dir = crateDir(from);
  else if (head === "self") dir = rustModuleDir(from);
  else if (head === "super") dir = dirOf(rustModuleDir(from));
  else return [];
  return [rustPath(dir, rest.filter((s) => s !== "super" && s !== "self"), r)].filter((p): p is string => p !== null && p !== from);
}

/** The repository files one import of `from` may load. */
export function resolveImport(from: string, imp: Import, grammar: string, r: Resolver): string[] {
  if (grammar === "python") return python(from, imp, r);
  if (grammar === "go") return go(from, imp.specifier, r);
  if (grammar === "rust") return rust(from, imp, r);
  return script(from, imp.specifier, r);
}
