/** A real git repository read as a gate reads a judged tree: one listing, batched reads, python3 for Python. */
import type { ImportGraph } from "dgov/plugin";
import { isTestFile, listTree, readTree, relatedTests, scriptProjectOf, type TestRunner, walkImports } from "dgov/plugin";
import { gitCapability } from "../../src/plugin/context.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";
import { realExec } from "../gates/gate-repo.ts";

export interface CodeTree extends FixtureRepo {
  ctx: { git: ReturnType<typeof gitCapability>; exec: ReturnType<typeof realExec> };
  /** The import graph walked from the test files under `testDir`. */
  graph(opts?: { testDir?: string; runner?: TestRunner | null; maxFiles?: number; extra?: string[] }): Promise<{ tests: string[]; walk: Awaited<ReturnType<typeof walkImports>> }>;
  /** The tests whose imports reach one of `changed`, or the file no test reaches. */
  related(changed: string[], opts?: { testDir?: string; runner?: TestRunner | null }): Promise<string[] | string>;
}

/** `files` committed in a fresh repository. */
export function codeTree(files: Record<string, string>): CodeTree {
  const repo = makeRepo(files, { commit: true });
  const ctx = { git: gitCapability(repo.dir), exec: realExec(repo.dir) };
  const graph: CodeTree["graph"] = async ({ testDir = "test", runner = null, maxFiles = 1000, extra = [] } = {}) => {
    const files = await listTree(ctx, repo.dir);
    const read = (paths: readonly string[]) => readTree(ctx, repo.dir, paths);
    const tests = files.filter((f) => f.startsWith(`${testDir}/`) && isTestFile(f, runner));
    const project = await scriptProjectOf(files, read);
    const walk = await walkImports({ files: new Set([...files, ...extra]), read, exec: ctx.exec }, tests, { maxFiles, srcDir: "src/", project });
    return { tests, walk };
  };
  return {
    ...repo,
    ctx,
    graph,
    async related(changed, opts = {}) {
      const { tests, walk } = await graph(opts);
      if (!walk.ok) throw new Error(walk.reason);
      const found = relatedTests(walk.graph, tests, changed);
      return found.ok ? found.tests : found.unreached;
    },
  };
}

/** The imports of one visited file, sorted. */
export const importsOf = (graph: ImportGraph, file: string) => [...(graph.imports.get(file) ?? [])].sort();
