import type { RepoProbe } from "dgov/plugin";

/*
 * The Python packages a repository declares (pyproject's dependency lists and groups, Poetry's
 * tables, requirements files) and the versions it pins or locks, PEP 503-normalized.
 */

type Table = Record<string, unknown>;

export const REQUIREMENTS = ["requirements.txt", "requirements-dev.txt", "dev-requirements.txt", "requirements/dev.txt", "requirements-test.txt", "requirements/test.txt"];

export function table(value: unknown): Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Table) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === "string") : [];
}

/** `ruff>=0.4; python_version>"3.9"` → `ruff`; PEP 503 normalized. */
export function packageName(spec: string): string {
  return (spec.trim().split(/[\s<>=!~;[(@]/)[0] ?? "").toLowerCase().replace(/[-_.]+/g, "-");
}

/** Every dependency specifier the repository declares, as written. */
function declaredSpecs(probe: RepoProbe, pyproject: Table): string[] {
  const project = table(pyproject.project);
  const poetry = table(table(pyproject.tool).poetry);
  const poetryTables = [poetry.dependencies, poetry["dev-dependencies"], ...Object.values(table(poetry.group)).map((g) => table(g).dependencies)];
  const poetrySpecs = poetryTables.flatMap((t) => Object.entries(table(t)).map(([name, v]) => (typeof v === "string" && /^\d/.test(v) ? `${name}==${v}` : name)));
  const fromFiles = REQUIREMENTS.flatMap((f) => (probe.readText(f) ?? "").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#") && !l.startsWith("-")));
  return [
    ...strings(project.dependencies),
    ...Object.values(table(project["optional-dependencies"])).flatMap(strings),
    ...Object.values(table(pyproject["dependency-groups"])).flatMap(strings),
    ...poetrySpecs,
    ...fromFiles,
  ];
}

export interface PythonPackages {
  has(name: string): boolean;
  /** Whether the version locked (uv.lock, poetry.lock), pinned (`==`) or capped (`<`) is older than `than`. */
  before(name: string, than: string): boolean;
}

function lockedVersion(probe: RepoProbe, name: string): string | null {
  for (const lock of ["uv.lock", "poetry.lock"]) {
    const m = new RegExp(`name = "${name}"\\s*\\nversion = "([^"]+)"`).exec(probe.readText(lock) ?? "");
    if (m) return m[1]!;
  }
  return null;
}

export function pythonPackages(probe: RepoProbe, pyproject: Table): PythonPackages {
  const specs = declaredSpecs(probe, pyproject);
  const names = new Set(specs.map(packageName));
  return {
    has: (name) => names.has(name),
    before: (name, than) => {
      const locked = lockedVersion(probe, name);
      if (locked) return versionBefore(locked, than);
      const spec = specs.find((s) => packageName(s) === name) ?? "";
      const [, op, version] = /(==|<=|<)\s*([\d.]+)/.exec(spec) ?? [];
      if (!version) return false;
      return op === "<" ? !versionBefore(than, version) : versionBefore(version, than);
    },
  };
}

/** `1.10.1` is before `1.11`. */
function versionBefore(version: string, than: string): boolean {
  const a = version.split(".").map(Number);
  const b = than.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}
