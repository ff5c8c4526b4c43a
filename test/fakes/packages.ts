/**
 * Package fixtures laid out as real ones (test/fixtures/packages): `textkit` (TypeScript, an
 * index re-exporting `src/core/*`, tests importing `../src/index.ts` and the package by name),
 * `calc` (CommonJS, `require("../index.js")`, `node --test`), `wordy` (Python, src layout,
 * `__init__.py` re-exporting, tests doing `import wordy`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export const PACKAGE_FIXTURES = join(import.meta.dir, "..", "fixtures", "packages");

export type PackageFixture = "textkit" | "calc" | "wordy";

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** The fixture's files (path → text), with `changes` applied on top. */
export function packageFiles(name: PackageFixture, changes: Record<string, string> = {}): Record<string, string> {
  const root = join(PACKAGE_FIXTURES, name);
  const files = Object.fromEntries(walk(root).map((abs) => [relative(root, abs), readFileSync(abs, "utf8")]));
  return { ...files, ...changes };
}
