import { defineTool, GRAMMAR_EXTS, type ToolResult } from "dgov/plugin";
import * as v from "valibot";
import { extOf, openSource } from "./languages.ts";
import { goRelations } from "./related-go.ts";
import { pythonRelations, type Relations } from "./related-python.ts";
import { rustRelations } from "./related-rust.ts";
import { scriptRelations } from "./related-script.ts";

const SUPPORTED = GRAMMAR_EXTS.join(", ");

/** The spec's report: `== rel ==`, then the two sections that are not empty. */
export function formatRelations(rel: string, { imports, importedBy }: Relations): string {
  const lines = [`== ${rel} ==`];
  if (imports.length) lines.push(`\nImports from (${imports.length}):`, ...[...new Set(imports)].sort().map((m) => `  ${m}`));
  if (importedBy.length) lines.push(`\nImported by (${importedBy.length}):`, ...importedBy.map((p) => `  ${p}`));
  if (lines.length === 1) lines.push("  (no import relationships found)");
  return lines.join("\n");
}

/** related_files (spec §3.1 #17), for Python, TypeScript/JavaScript, Go and Rust. */
export const relatedFiles = defineTool({
  name: "related_files",
  description:
    "Show a source file's import relationships: what it imports (Python `from X import`; TypeScript/JavaScript imports and " +
    "require; Go import paths; Rust `use` paths and `mod` files) and the files that import it. " +
    `Supports ${SUPPORTED}.`,
  args: v.strictObject({
    path: v.pipe(v.string(), v.description("Source file, relative to the worktree.")),
  }),
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  async run({ path }, ctx): Promise<ToolResult> {
    const file = openSource(ctx.files, path, ["python", "script", "go", "rust"], (rel) => `related_files only works on ${SUPPORTED} files, got ${extOf(rel) || "a file without an extension"}.`);
    if (!file.ok) return file;
    if (file.language === "script") return { ok: true, output: formatRelations(file.rel, await scriptRelations(ctx, file.rel, file.text)) };
    const relate = file.language === "python" ? pythonRelations : file.language === "go" ? goRelations : rustRelations;
    const relations = await relate(ctx, path, file.rel, file.text);
    return relations.ok ? { ok: true, output: formatRelations(file.rel, relations.value) } : relations;
  },
});
