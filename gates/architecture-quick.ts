/**
 * When the architecture gate need not read the whole tree: no function limit is set, no file
 * was added or renamed (a new file may close a cycle, or make an import resolve), and every
 * changed source file imports exactly what it imported at the base (or was deleted, which
 * removes edges only). Cycles and layering depend on the import graph alone, so nothing the
 * gate judges can have changed.
 */
import type { ArchitectureLimits, GateContext, GateInput } from "dgov/plugin";
import { grammarOf, imports, parseFile } from "dgov/plugin";

async function importKey(text: string | null, path: string): Promise<string | null> {
  if (text === null) return null;
  const tree = await parseFile(text, grammarOf(path)!);
  try {
    return imports(tree).map((i) => `${i.kind} ${i.specifier} ${(i.names ?? []).join(",")}`).join("\n");
  } finally {
    tree.dispose();
  }
}

async function textAt(ctx: GateContext, input: GateInput, sha: string | null, path: string): Promise<string | null> {
  const result = sha ? await ctx.git(["show", `${sha}:${path}`], { cwd: input.dir }) : await ctx.exec(["cat", "--", path], { cwd: input.dir, quiet: true });
  return result.code === 0 ? result.stdout : null;
}

/** A reason to pass without the whole-tree analysis, or null when it must run. */
export async function unchangedImports(ctx: GateContext, input: GateInput, limits: ArchitectureLimits, paths: readonly string[]): Promise<string | null> {
  if (limits.max_function_lines !== null || limits.max_complexity !== null) return null;
  if (input.changed.some((c) => c.status === "added" || c.status === "renamed")) return null;
  for (const path of paths) {
    const status = input.changed.find((c) => c.path === path)?.status;
    if (status === "deleted") continue;
    const [before, after] = await Promise.all([textAt(ctx, input, input.baseSha, path), textAt(ctx, input, input.headSha, path)]);
    if ((await importKey(before, path)) !== (await importKey(after, path))) return null;
  }
  return "the change alters no import and no function limit is set: cycles and layering cannot have changed";
}
