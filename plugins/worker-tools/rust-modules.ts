/**
 * Where a Rust file sits in its crate and what its `mod` and `use` name: module paths as
 * rustc finds the files (`src/lib.rs` is the crate, `src/a.rs` or `src/a/mod.rs` is `a`).
 */
import type { Import } from "dgov/plugin";

const dirOf = (rel: string) => rel.split("/").slice(0, -1).join("/");
const under = (dir: string, path: string) => (dir ? `${dir}/${path}` : path);

export interface Crate {
  /** The folder of its Cargo.toml ("" at the top). */
  root: string;
  /** `[package] name`, as code spells it (`-` as `_`). */
  name: string | null;
  /** Module path (`a::b`, "" for the crate root) → file, for the files under its src/. */
  modules: Map<string, string>;
}

/** The module path of a file under `<root>/src/`: [] for lib.rs and main.rs; null outside src/ or under src/bin/ (crates of their own). */
export function modulePath(rel: string, root: string): string[] | null {
  const src = under(root, "src/");
  if (!rel.startsWith(src)) return null;
  const parts = rel.slice(src.length).split("/");
  const last = parts.pop()!;
  if (parts[0] === "bin" || !last.endsWith(".rs")) return null;
  if (parts.length === 0 && (last === "lib.rs" || last === "main.rs")) return [];
  return last === "mod.rs" ? parts : [...parts, last.slice(0, -3)];
}

/** The crate of a file: the nearest Cargo.toml above it, with its module files. */
export function crateOf(rel: string, files: readonly string[], read: (path: string) => string | null): Crate | null {
  const parts = dirOf(rel).split("/").filter(Boolean);
  for (let n = parts.length; n >= 0; n--) {
    const root = parts.slice(0, n).join("/");
    const manifest = read(under(root, "Cargo.toml"));
    if (manifest === null) continue;
    const name = /^\s*name\s*=\s*"([^"]+)"/m.exec(manifest.split(/^\s*\[(?!package\])/m)[0]!)?.[1]?.replaceAll("-", "_") ?? null;
    const modules = new Map<string, string>();
    for (const file of files) {
      const path = modulePath(file, root);
      // lib.rs wins over main.rs as the crate others import.
      if (path && !(path.length === 0 && modules.has("") && file.endsWith("main.rs"))) modules.set(path.join("::"), file);
    }
    return { root, name, modules };
  }
  return null;
}

/** The files `mod a;` (or `a::b` inside inline modules) in `from` loads: `a.rs` or `a/mod.rs` beside it, or under its own folder. */
export function modFiles(spec: string, from: string, files: ReadonlySet<string>): string[] {
  const base = from.split("/").pop()!;
  const dir = ["lib.rs", "main.rs", "mod.rs"].includes(base) ? dirOf(from) : under(dirOf(from), base.replace(/\.rs$/, ""));
  const path = under(dir, spec.split("::").join("/"));
  return [`${path}.rs`, `${path}/mod.rs`].filter((f) => files.has(f));
}

/** The absolute module path a `use` path starts from, or null for another crate's (std, a dependency). */
function absolute(segments: string[], own: string[] | null, crate: Crate): { path: string[]; explicit: boolean } | null {
  const [first, ...rest] = segments;
  if (first === "crate" || (first !== undefined && first === crate.name)) return { path: rest, explicit: true };
  if (own === null) return null;
  if (first === "self") return { path: [...own, ...rest], explicit: true };
  const supers = segments.findIndex((s) => s !== "super");
  if (first === "super") return supers > own.length ? null : { path: [...own.slice(0, own.length - supers), ...segments.slice(supers)], explicit: true };
  // `use util::x` may name a child module of this one (Rust 2018 paths).
  return { path: [...own, ...segments], explicit: false };
}

/** The crate file a `use` path of `from` leads to: the longest module prefix of it; the crate root for its own items. */
export function useTarget(spec: string, from: string, crate: Crate): string | null {
  const segments = spec.split("::").filter((s) => s !== "*");
  const found = absolute(segments, modulePath(from, crate.root), crate);
  if (!found) return null;
  for (let n = found.path.length; n >= 1; n--) {
    const file = crate.modules.get(found.path.slice(0, n).join("::"));
    if (file) return file;
  }
  return found.explicit ? (crate.modules.get("") ?? null) : null;
}

/** The files of the tree an import of `from` names. */
export function rustTargets(imp: Import, from: string, crate: Crate | null, files: ReadonlySet<string>): string[] {
  if (imp.kind === "mod") return modFiles(imp.specifier, from, files);
  const target = imp.kind === "use" && crate ? useTarget(imp.specifier, from, crate) : null;
  return target ? [target] : [];
}
