import { absoluteModule, imports, moduleName, type PyImport, type SyntaxProblem, type ToolContext, withTree } from "dgov/plugin";

export interface Relations {
  /** Imported modules, one entry per import statement (duplicates kept, as the spec counts them). */
  imports: string[];
  importedBy: string[];
}

export type Outcome = { ok: true; value: Relations } | { ok: false; error: string };

/** The `from X import …` statements of a source, anywhere in it (spec §3.1 #17: plain `import X` is not counted), and its first syntax problem. */
async function fromImports(text: string): Promise<{ imports: PyImport[]; problem: SyntaxProblem | undefined }> {
  return withTree(text, "python", (tree) => ({
    problem: tree.errors[0],
    imports: imports(tree)
      .filter((i) => i.names !== null)
      .map((i): PyImport => {
        const dots = /^\.*/.exec(i.specifier)![0].length;
        return [dots, i.specifier.slice(dots)];
      }),
  }));
}

/** `from X import` relations of one Python file with every other Python file of the worktree. */
export async function pythonRelations(ctx: ToolContext, path: string, rel: string, text: string): Promise<Outcome> {
  const srcDir = ctx.config.project.src_dir;
  const module = moduleName(rel, srcDir);
  const own = await fromImports(text);
  if (own.problem) return { ok: false, error: `SyntaxError in ${path}: ${own.problem.message} (line ${own.problem.line})` };
  const walked = ctx.files.walk(".");
  const others = walked.ok ? walked.files.filter((f) => /\.pyi?$/.test(f) && f !== rel) : [];
  const importedBy: string[] = [];
  for (const other of others) {
    const file = ctx.files.readText(other);
    // Only files that could name the module (or import relatively) are parsed.
    if (module === "" || !file.ok || !(file.text.includes(module) || /^\s*from\s+\./m.test(file.text))) continue;
    // A file imports this module if it names it, or one of its submodules (a package's).
    const names = (await fromImports(file.text)).imports.map((imp) => absoluteModule(imp, other, srcDir));
    if (names.some((n) => n === module || n.startsWith(`${module}.`))) importedBy.push(other);
  }
  return { ok: true, value: { imports: own.imports.map((imp) => absoluteModule(imp, rel, srcDir)), importedBy } };
}
