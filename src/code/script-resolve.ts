/**
 * Where a TypeScript/JavaScript import leads in a tree: the files it names (relative paths,
 * the tree's own packages by name, tsconfig `paths`/`baseUrl`, `#imports`), "external" for
 * built-in modules and declared dependencies, "unknown" when nothing explains it (a bundler
 * alias, a generated file): whoever asks must then assume it could be anything.
 */
import { builtinModules } from "node:module";
import { mapSubpath, type PackageInfo, type ScriptProject, underDir } from "./script-project.ts";
import { resolveSpecifier } from "./ts-imports.ts";

export type ScriptResolution = { files: string[] } | "external" | "unknown";

const BUILTINS = new Set(builtinModules);
/** Build output folders whose sources usually sit in `src/` (a package's `main: dist/index.js`). */
const OUTPUT_DIR = /(^|\/)(?:dist|build|out|lib)\//;

/** A relative specifier as a file, resolved as bundlers do; one into a build folder also as its `src/` source. */
function sourceOf(spec: string, fromRel: string, files: ReadonlySet<string>): string | null {
  const direct = resolveSpecifier(spec, fromRel, files);
  if (direct !== null || !OUTPUT_DIR.test(spec)) return direct;
  return resolveSpecifier(spec.replace(OUTPUT_DIR, "$1src/"), fromRel, files);
}

/** A tree path (no `./`) as a file. */
const treeFile = (path: string, files: ReadonlySet<string>) => sourceOf(`./${path}`, "_", files);

const found = (paths: string[], files: ReadonlySet<string>): string[] => [...new Set(paths.map((p) => treeFile(p, files)).filter((p): p is string => p !== null))];

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageName(spec: string): string {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** A package of the tree imported by its name (itself, or a workspace sibling). */
function ownPackage(spec: string, project: ScriptProject, files: ReadonlySet<string>): string[] | null {
  const pkg = project.packages.find((p) => p.name !== null && (spec === p.name || spec.startsWith(`${p.name}/`)));
  if (!pkg) return null;
  const subpath = spec === pkg.name ? "." : `.${spec.slice(pkg.name!.length)}`;
  const targets = pkg.exports !== undefined ? mapSubpath(pkg.exports, subpath) : subpath === "." ? [...pkg.entries, "index"] : [subpath];
  return found(targets.map((t) => underDir(pkg.dir, t)), files);
}

/** `#name` through the nearest package.json's `imports`. */
function hashImport(spec: string, fromRel: string, project: ScriptProject, files: ReadonlySet<string>): string[] {
  const owners = project.packages.filter((p) => p.dir === "" || fromRel.startsWith(`${p.dir}/`));
  const nearest: PackageInfo | undefined = owners.sort((a, b) => b.dir.length - a.dir.length)[0];
  return nearest ? found(mapSubpath(nearest.imports, spec).map((t) => underDir(nearest.dir, t)), files) : [];
}

/** tsconfig `paths` (exact or one `*`), then `baseUrl`. */
function tsconfigImport(spec: string, project: ScriptProject, files: ReadonlySet<string>): string[] {
  for (const [pattern, targets] of project.paths) {
    const star = pattern.indexOf("*");
    const [head, tail] = star < 0 ? [pattern, ""] : [pattern.slice(0, star), pattern.slice(star + 1)];
    const fits = star < 0 ? spec === pattern : spec.startsWith(head) && spec.endsWith(tail) && spec.length >= head.length + tail.length;
    if (!fits) continue;
    const matched = star < 0 ? "" : spec.slice(head.length, spec.length - tail.length);
    const hits = found(targets.map((t) => t.replaceAll("*", matched)), files);
    if (hits.length) return hits;
  }
  return project.baseUrl === null ? [] : found([underDir(project.baseUrl, spec)], files);
}

const isBuiltin = (spec: string) => spec.startsWith("node:") || spec.startsWith("bun:") || spec === "bun" || BUILTINS.has(spec) || BUILTINS.has(packageName(spec));

/** Where `spec`, imported by the tree file `fromRel`, leads. */
export function resolveScriptImport(spec: string, fromRel: string, files: ReadonlySet<string>, project: ScriptProject): ScriptResolution {
  if (spec.startsWith(".")) {
    const file = sourceOf(spec, fromRel, files);
    return file === null ? "unknown" : { files: [file] };
  }
  if (spec.startsWith("#")) {
    const hits = hashImport(spec, fromRel, project, files);
    return hits.length ? { files: hits } : "unknown";
  }
  if (isBuiltin(spec)) return "external";
  const own = ownPackage(spec, project, files);
  if (own !== null) return own.length ? { files: own } : "unknown";
  const aliased = tsconfigImport(spec, project, files);
  if (aliased.length) return { files: aliased };
  return project.declared.has(packageName(spec)) ? "external" : "unknown";
}
