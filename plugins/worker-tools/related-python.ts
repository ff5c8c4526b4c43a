import { absoluteModule, moduleName, pythonImports, type ToolContext } from "dgov/plugin";

export interface Relations {
  /** Imported modules, one entry per import statement (duplicates kept, as the spec counts them). */
  imports: string[];
  importedBy: string[];
}

type Outcome = { ok: true; value: Relations } | { ok: false; error: string };

/** `from X import` relations of one Python file with every other Python file of the worktree. */
export async function pythonRelations(ctx: ToolContext, path: string, rel: string, abs: string): Promise<Outcome> {
  const srcDir = ctx.config.project.src_dir;
  const module = moduleName(rel, srcDir);
  const walked = ctx.files.walk(".");
  const others = walked.ok ? walked.files.filter((f) => /\.pyi?$/.test(f) && f !== rel) : [];
  // Only files that could name the module (or import relatively) are parsed.
  const candidates = others.flatMap((f) => {
    const file = ctx.files.readText(f);
    const found = ctx.files.resolve(f);
    if (!file.ok || !found.ok || !(file.text.includes(module) || /^\s*from\s+\./m.test(file.text))) return [];
    return [{ rel: f, abs: found.abs }];
  });
  const parsed = await pythonImports(ctx, [abs, ...candidates.map((c) => c.abs)]);
  if (!parsed.ok) return parsed;
  const own = parsed.value[abs];
  if (!own?.imports) return { ok: false, error: `SyntaxError in ${path}: ${own?.error ?? "unreadable"} (line ${own?.line ?? 0})` };
  const imports = own.imports.map((imp) => absoluteModule(imp, rel, srcDir));
  // A file imports this module if it names it, or one of its submodules (a package's).
  const names = (c: { rel: string; abs: string }) => (parsed.value[c.abs]?.imports ?? []).map((imp) => absoluteModule(imp, c.rel, srcDir));
  const importedBy = module === "" ? [] : candidates.filter((c) => names(c).some((n) => n === module || n.startsWith(`${module}.`))).map((c) => c.rel);
  return { ok: true, value: { imports, importedBy } };
}
