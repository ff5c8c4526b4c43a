/**
 * What a TypeScript/JavaScript tree says about its bare imports: the packages it defines
 * (package.json `name`, `exports`, `main`, `imports`), the dependencies it declares, and the
 * root tsconfig's `baseUrl` and `paths`.
 */

/** One package.json of the tree. */
export interface PackageInfo {
  /** The folder holding it ("" for the root). */
  dir: string;
  name: string | null;
  exports: unknown;
  /** `main`, `module`, `source`: entry fields, in that order, as written. */
  entries: string[];
  /** `imports` (`#internal` specifiers). */
  imports: unknown;
}

export interface ScriptProject {
  packages: PackageInfo[];
  /** Names of every dependency a package.json declares (`@types/x` declares `x` too). */
  declared: ReadonlySet<string>;
  /** The root tsconfig's `baseUrl` as a tree path ("" for the root), or null. */
  baseUrl: string | null;
  /** `paths` patterns and their targets, targets as tree paths. */
  paths: [pattern: string, targets: string[]][];
}

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

const asRecord = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const strings = (values: unknown[]): string[] => values.filter((v): v is string => typeof v === "string" && v !== "");

/** `@types/scope__name` is the types of `@scope/name`; `@types/x` of `x`. */
function typedName(name: string): string | null {
  if (!name.startsWith("@types/")) return null;
  const bare = name.slice("@types/".length);
  return bare.includes("__") ? `@${bare.replace("__", "/")}` : bare;
}

function packageInfo(path: string, json: Record<string, unknown>): PackageInfo {
  const dir = path.split("/").slice(0, -1).join("/");
  const name = typeof json.name === "string" && json.name ? json.name : null;
  return { dir, name, exports: json.exports, entries: strings([json.main, json.module, json.source]), imports: json.imports };
}

/** A tree path from a folder and a path written in it (`./src/*` in `pkg` → `pkg/src/*`). */
export function underDir(dir: string, path: string): string {
  const parts = [...(dir ? dir.split("/") : []), ...path.split("/")].filter((p) => p !== "" && p !== ".");
  return parts.join("/");
}

function tsconfigPaths(tsconfig: Record<string, unknown>): Pick<ScriptProject, "baseUrl" | "paths"> {
  const options = asRecord(tsconfig.compilerOptions);
  const baseUrl = typeof options.baseUrl === "string" ? underDir("", options.baseUrl) : null;
  const from = baseUrl ?? "";
  const paths = Object.entries(asRecord(options.paths)).map(([pattern, targets]): [string, string[]] => [
    pattern,
    strings(Array.isArray(targets) ? targets : [targets]).map((t) => underDir(from, t)),
  ]);
  return { baseUrl, paths };
}

/**
 * The project of a tree from its parsed package.json files (path → JSON) and its root
 * tsconfig (parsed, or null). Unparsable files count as absent.
 */
export function scriptProject(packageJsons: ReadonlyMap<string, unknown>, tsconfig: unknown): ScriptProject {
  const packages: PackageInfo[] = [];
  const declared = new Set<string>();
  for (const [path, parsed] of [...packageJsons].sort(([a], [b]) => a.localeCompare(b))) {
    const json = asRecord(parsed);
    packages.push(packageInfo(path, json));
    for (const field of DEPENDENCY_FIELDS) {
      for (const dep of Object.keys(asRecord(json[field]))) {
        declared.add(dep);
        const typed = typedName(dep);
        if (typed) declared.add(typed);
      }
    }
  }
  return { packages, declared, ...tsconfigPaths(asRecord(tsconfig)) };
}

/** Every string a package.json `exports`/`imports` value leads to, through conditions and arrays. */
export function exportTargets(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(exportTargets);
  return Object.values(asRecord(value)).flatMap(exportTargets);
}

/**
 * What a subpath (`.`, `./utils`, `#db`) maps to in an `exports` or `imports` map: the exact
 * key, or a `*` pattern with the matched part put into each target.
 */
export function mapSubpath(map: unknown, subpath: string): string[] {
  if (typeof map === "string" || Array.isArray(map)) return subpath === "." ? exportTargets(map) : [];
  const record = asRecord(map);
  const keys = Object.keys(record);
  // Conditions at the top (`{ "import": …, "require": … }`) stand for ".".
  if (keys.length > 0 && !keys.some((k) => k.startsWith(".") || k.startsWith("#"))) return subpath === "." ? exportTargets(record) : [];
  if (subpath in record) return exportTargets(record[subpath]);
  for (const key of keys) {
    const star = key.indexOf("*");
    if (star < 0) continue;
    const [head, tail] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.startsWith(head) && subpath.endsWith(tail) && subpath.length >= head.length + tail.length) {
      const matched = subpath.slice(head.length, subpath.length - tail.length);
      return exportTargets(record[key]).map((t) => t.replaceAll("*", matched));
    }
  }
  return [];
}

/** Parsed JSON, or JSON with comments and trailing commas (tsconfig); null when it is neither. */
function parseJsonc(text: string): unknown {
  try {
    return Bun.JSONC.parse(text);
  } catch {
    return null;
  }
}

/** Reads the tree's package.json files and its root tsconfig.json (through `read`) into its project. */
export async function scriptProjectOf(files: readonly string[], read: (paths: readonly string[]) => Promise<ReadonlyMap<string, { text: string }>>): Promise<ScriptProject> {
  const manifests = files.filter((f) => f === "package.json" || f.endsWith("/package.json"));
  const texts = await read([...manifests, ...(files.includes("tsconfig.json") ? ["tsconfig.json"] : [])]);
  const parsed = new Map(manifests.flatMap((m) => (texts.has(m) ? [[m, parseJsonc(texts.get(m)!.text)] as const] : [])));
  const tsconfig = texts.get("tsconfig.json");
  return scriptProject(parsed, tsconfig ? parseJsonc(tsconfig.text) : null);
}
