import { type Import, imports, type SyntaxProblem, type ToolContext, withTree } from "dgov/plugin";
import type { Outcome } from "./related-python.ts";

const dirOf = (rel: string) => rel.split("/").slice(0, -1).join("/");

/** A Go source's import paths and its first syntax problem. */
export async function goImports(text: string): Promise<{ imports: Import[]; problem: SyntaxProblem | undefined }> {
  return withTree(text, "go", (tree) => ({ imports: imports(tree), problem: tree.errors[0] }));
}

/** The import path of the package in `dir`: the nearest go.mod's module path and the folders below it; null without a go.mod. */
function packagePath(ctx: ToolContext, dir: string): string | null {
  const parts = dir ? dir.split("/") : [];
  for (let n = parts.length; n >= 0; n--) {
    const root = parts.slice(0, n).join("/");
    const mod = ctx.files.readText(root ? `${root}/go.mod` : "go.mod");
    const module = mod.ok ? /^module\s+(\S+)/m.exec(mod.text)?.[1] : undefined;
    if (module) return [module, ...parts.slice(n)].join("/");
  }
  return null;
}

/** Import relations of one Go file: the paths it imports, and the Go files that import its package. */
export async function goRelations(ctx: ToolContext, path: string, rel: string, text: string): Promise<Outcome> {
  const own = await goImports(text);
  if (own.problem) return { ok: false, error: `SyntaxError in ${path}: ${own.problem.message} (line ${own.problem.line})` };
  const pkg = packagePath(ctx, dirOf(rel));
  const walked = ctx.files.walk(".");
  const importedBy: string[] = [];
  for (const other of pkg && walked.ok ? walked.files : []) {
    if (other === rel || !other.endsWith(".go")) continue;
    const file = ctx.files.readText(other);
    if (!file.ok || !file.text.includes(`"${pkg}"`)) continue;
    if ((await goImports(file.text)).imports.some((i) => i.specifier === pkg)) importedBy.push(other);
  }
  return { ok: true, value: { imports: own.imports.map((i) => i.specifier), importedBy: importedBy.sort() } };
}
