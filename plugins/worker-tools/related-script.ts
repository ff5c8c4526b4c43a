import { resolveSpecifier, scriptImports, type ToolContext } from "dgov/plugin";
import { languageOf } from "./languages.ts";
import type { Relations } from "./related-python.ts";

/** What a file's stem looks like in an import of it: `a` for `src/a.ts`, the folder for `index.ts`. */
function importStem(rel: string): string | null {
  const parts = rel.split("/");
  const stem = parts.at(-1)!.replace(/\.[^.]+$/, "").replace(/\.d$/, "");
  return stem === "index" ? null : stem;
}

/**
 * Import relations of one TypeScript/JavaScript file: its imports (worktree files where a
 * relative specifier resolves, the specifier itself otherwise) and the source files whose
 * relative imports resolve to it.
 */
export async function scriptRelations(ctx: ToolContext, rel: string, text: string): Promise<Relations> {
  const walked = ctx.files.walk(".");
  const files = new Set(walked.ok ? walked.files : []);
  const imports = (await scriptImports(text, rel)).map((spec) => resolveSpecifier(spec, rel, files) ?? spec);
  const stem = importStem(rel);
  const importedBy: string[] = [];
  for (const other of files) {
    if (other === rel || languageOf(other) !== "script") continue;
    const file = ctx.files.readText(other);
    if (!file.ok || (stem !== null && !file.text.includes(stem))) continue;
    if ((await scriptImports(file.text, other)).some((spec) => resolveSpecifier(spec, other, files) === rel)) importedBy.push(other);
  }
  return { imports, importedBy: importedBy.sort() };
}
