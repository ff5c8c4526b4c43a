import { imports, type ToolContext, withTree } from "dgov/plugin";
import type { Outcome } from "./related-python.ts";
import { crateOf, rustTargets } from "./rust-modules.ts";

/**
 * Import relations of one Rust file: its `use` paths and the files its `mod` declarations load;
 * the files of its crate (and the crate's tests) whose `mod` or `use` leads to it.
 */
export async function rustRelations(ctx: ToolContext, path: string, rel: string, text: string): Promise<Outcome> {
  const walked = ctx.files.walk(".");
  const all = walked.ok ? walked.files : [];
  const files = new Set(all);
  const read = (p: string) => {
    const file = ctx.files.readText(p);
    return file.ok ? file.text : null;
  };
  const crate = crateOf(rel, all, read);
  const parsed = await withTree(text, "rust", (tree) => ({ imports: imports(tree), problem: tree.errors[0] }));
  if (parsed.problem) return { ok: false, error: `SyntaxError in ${path}: ${parsed.problem.message} (line ${parsed.problem.line})` };
  const own = parsed.imports.map((imp) => (imp.kind === "mod" ? (rustTargets(imp, rel, crate, files)[0] ?? `mod ${imp.specifier}`) : imp.specifier));
  const importedBy: string[] = [];
  const stem = rel.split("/").pop()!.replace(/\.rs$/, "");
  for (const other of all) {
    if (other === rel || !other.endsWith(".rs") || (crate && crate.root && !other.startsWith(`${crate.root}/`))) continue;
    const source = read(other);
    // A file that names neither this module nor a `mod`/`use` cannot lead here.
    if (source === null || !(source.includes(stem) || ["lib", "main", "mod"].includes(stem))) continue;
    const theirs = await withTree(source, "rust", (tree) => imports(tree));
    if (theirs.some((imp) => rustTargets(imp, other, crate, files).includes(rel))) importedBy.push(other);
  }
  return { ok: true, value: { imports: own, importedBy: importedBy.sort() } };
}
