import { claimCovers, type GateContext, type GateInput, normalizeClaim } from "dgov/plugin";
import { hasExtension, presentPaths } from "./changed-files.ts";
import { git, readText } from "./git.ts";

const JS_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;
const PY_TEST = /(?:^|\/)(?:test_[^/]*|[^/]*_test)\.py$/;
const JS_TEST = /\.(?:test|spec)\.[cm]?[jt]sx?$/;
// `from "x"`, `import "x"`, `import("x")`, `require("x")`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;

/** `src/pkg/mod.py` → `pkg.mod`; `pkg/__init__.py` → `pkg` (spec settlement-git §2.4.2 step 4). */
export function pythonModule(path: string): string {
  return path.replace(/^(?:src|lib)\//, "").replace(/\.py$/, "").replaceAll("/", ".").replace(/(?:^|\.)__init__$/, "");
}

/** The names a JS/TS import of this file ends with: its stem, and for `index.*` its folder. */
export function importStems(path: string): string[] {
  const parts = path.replace(JS_EXTENSION, "").split("/");
  const stem = parts[parts.length - 1]!;
  return stem === "index" && parts.length > 1 ? [stem, parts[parts.length - 2]!] : [stem];
}

/** Files under `testDir` containing one of the strings as whole words (`git grep`, untracked files too). */
async function grep(ctx: GateContext, input: GateInput, testDir: string, needles: string[]): Promise<string[]> {
  if (needles.length === 0) return [];
  const args = ["grep", "-l", "-z", "--untracked", "-F", "-w", ...needles.flatMap((n) => ["-e", n]), "--", testDir];
  return (await git(ctx, input.dir, args, [1])).split("\0").filter(Boolean);
}

/** Python tests importing a changed module: `from <module>` / `import <module>` in their text. */
async function relatedPython(ctx: GateContext, input: GateInput, testDir: string, sources: string[]): Promise<string[]> {
  const modules = sources.filter((p) => p.endsWith(".py")).map(pythonModule).filter(Boolean);
  const needles = modules.flatMap((m) => [`from ${m}`, `import ${m}`]);
  return (await grep(ctx, input, testDir, needles)).filter((p) => PY_TEST.test(p));
}

/** JS/TS tests (`*.test.*`, `*.spec.*`) importing a specifier whose last segment is a changed file's stem. */
async function relatedScripts(ctx: GateContext, input: GateInput, testDir: string, sources: string[]): Promise<string[]> {
  const stems = new Set(sources.filter((p) => JS_EXTENSION.test(p)).flatMap(importStems));
  const related: string[] = [];
  for (const file of (await grep(ctx, input, testDir, [...stems])).filter((p) => JS_TEST.test(p))) {
    const text = await readText(ctx, input.dir, file);
    const imported = [...text.matchAll(SPECIFIER)].map((m) => m[1]!.split("/").pop()!.replace(JS_EXTENSION, ""));
    if (imported.some((s) => stems.has(s))) related.push(file);
  }
  return related;
}

/** Which of the claimed paths exist as directories or source files (one shell call). */
async function runnableClaims(ctx: GateContext, input: GateInput, paths: string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const probe = 'for p; do if [ -d "$p" ]; then echo d; elif [ -f "$p" ]; then echo f; else echo -; fi; done';
  const kinds = (await ctx.exec(["sh", "-c", probe, "sh", ...paths], { cwd: input.dir })).stdout.split("\n");
  const exts = input.config.project.source_extensions;
  return paths.filter((p, i) => kinds[i] === "d" || (kinds[i] === "f" && hasExtension(p, exts)));
}

/**
 * What `{test_dir}` becomes, each path once, in order: changed test files; the task's claimed
 * paths under test_dir (create/edit/touch/read); tests related to the changed source files.
 */
export async function testTargets(ctx: GateContext, input: GateInput): Promise<string[]> {
  const testDir = normalizeClaim(input.config.project.test_dir);
  if (!testDir || testDir === ".") return [];
  const exts = input.config.project.source_extensions;
  const under = (p: string) => claimCovers([testDir], p);
  const changedTests = presentPaths(input).filter((p) => under(p) && hasExtension(p, exts));
  const c = input.task?.claims;
  const claims = c ? [...c.create, ...c.edit, ...c.touch, ...c.read] : [];
  const claimed = await runnableClaims(ctx, input, [...new Set(claims.map(normalizeClaim))].filter(under));
  // Deleted sources count too: a test still importing a removed module must run (and fail).
  const sources = [...new Set(input.changed.flatMap((ch) => [ch.path, ...(ch.oldPath ? [ch.oldPath] : [])]))].filter((p) => !under(p));
  const related = [...(await relatedPython(ctx, input, testDir, sources)), ...(await relatedScripts(ctx, input, testDir, sources))];
  return [...new Set([...changedTests, ...claimed, ...related])];
}
