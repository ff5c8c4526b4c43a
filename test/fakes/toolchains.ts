/**
 * The real toolchains gate tests run: JavaScript/TypeScript tools installed under
 * test/toolchains/node (`npm ci --prefix test/toolchains/node`), Python's from
 * test/toolchains/python/requirements.txt, Go, Rust and pnpm from the machine. `.ci/run`
 * installs them all. A missing one skips its tests with a message, except in CI
 * (`CI=true`), where it is a failure: the suite never passes there by testing less.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";

export const NODE_TOOLS = join(import.meta.dir, "..", "toolchains", "node");
export const NODE_BIN = join(NODE_TOOLS, "node_modules", ".bin");

export type Toolchain = "node" | "pnpm" | "python" | "go" | "rust";

function present(name: Toolchain): string | null {
  const probe = (argv: string[]) => {
    try {
      return Bun.spawnSync(argv, { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
    } catch {
      return false;
    }
  };
  switch (name) {
    case "node":
      return ["eslint", "prettier", "tsc", "tsgo", "vitest", "biome", "oxlint", "taplo"].every((t) => existsSync(join(NODE_BIN, t))) ? null : `run \`npm ci --prefix test/toolchains/node\``;
    case "pnpm":
      return probe(["pnpm", "--version"]) ? null : "install pnpm (`npm install -g pnpm@10`)";
    case "python":
      return ["ruff", "mypy", "pytest"].every((m) => probe(["python3", "-m", m, "--version"])) ? null : "run `python3 -m pip install -r test/toolchains/python/requirements.txt`";
    case "go":
      return probe(["go", "version"]) ? null : "install Go";
    case "rust":
      return probe(["cargo", "--version"]) && probe(["cargo", "clippy", "--version"]) && probe(["cargo", "fmt", "--version"]) ? null : "install Rust with clippy and rustfmt";
  }
}

const checked = new Map<Toolchain, string | null>();

/**
 * Whether the toolchains are here. Missing outside CI: false, and a line saying what to
 * install. Missing in CI: throws.
 */
export function haveToolchains(...names: Toolchain[]): boolean {
  const missing = names.flatMap((n) => {
    if (!checked.has(n)) checked.set(n, present(n));
    const why = checked.get(n);
    return why ? [`${n} (${why})`] : [];
  });
  if (missing.length === 0) return true;
  const message = `toolchain missing: ${missing.join(", ")}`;
  if (process.env.CI) throw new Error(`${message}; .ci/run installs it`);
  console.warn(`skipped: ${message}`);
  return false;
}

/**
 * Gives a fixture repo the shared JavaScript tools as its installed `node_modules`: a real
 * folder (so `.gitignore`'s `node_modules/` matches it) whose entries link to the shared ones.
 */
export function linkNodeModules(dir: string): void {
  const from = join(NODE_TOOLS, "node_modules");
  mkdirSync(join(dir, "node_modules"));
  for (const name of readdirSync(from)) symlinkSync(join(from, name), join(dir, "node_modules", name));
}

/** The shared tools' lockfile and its devDependencies: a fixture's own package-lock.json is a real one of those tools. */
export function nodeTools(): { devDependencies: Record<string, string>; lockfile: string } {
  const pkg = JSON.parse(readFileSync(join(NODE_TOOLS, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  return { devDependencies: pkg.devDependencies, lockfile: readFileSync(join(NODE_TOOLS, "package-lock.json"), "utf8") };
}

/**
 * A fixture's installed JavaScript tools, as `Fixture` fields: node_modules linked in, and the
 * shared folder it links to readable in the sandbox (a clone under /tmp is hidden by its
 * private /tmp).
 */
export const linkedNodeTools = { prepare: linkNodeModules, readable: [NODE_TOOLS] };
