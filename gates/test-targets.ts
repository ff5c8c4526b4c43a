import {
  changeKind,
  claimCovers,
  type GateContext,
  type GateInput,
  isTestFile,
  listTree,
  normalizeClaim,
  readTree,
  relatedTests,
  runnerTargets,
  scriptProjectOf,
  type GraphWalk,
  type TestRunner,
  walkImports,
} from "dgov/plugin";

/** What `{test_dir}` becomes: the tests the change concerns, the whole suite (and why), or nothing (and why). */
export type TestPlan = { kind: "targets"; targets: string[] } | { kind: "whole"; targets: string[]; reason: string } | { kind: "none"; reason: string };

/** The judged tree as test selection sees it. */
interface Tree {
  testDir: string;
  /** Files present in the judged tree. */
  present: string[];
  /** Present files and the change's removed ones (imports of those still resolve). */
  all: Set<string>;
  /** The runner's test files under test_dir. */
  tests: string[];
  isDir(path: string): boolean;
  under(path: string): boolean;
}

/** The change's paths: present ones, and removed ones (deletions, and rename sources as `moved`). */
interface Changes {
  present: string[];
  deleted: string[];
  moved: string[];
}

function changesOf(input: GateInput): Changes {
  const present = input.changed.filter((c) => c.status !== "deleted").map((c) => c.path);
  const deleted = input.changed.filter((c) => c.status === "deleted").map((c) => c.path);
  const moved = input.changed.flatMap((c) => (c.oldPath ? [c.oldPath] : []));
  return { present: [...new Set(present)], deleted: [...new Set(deleted)], moved: [...new Set(moved)] };
}

const parentFolders = (path: string) => path.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"));

/** The tree in `dir` (the judged one, or the base checkout) for a command run by `runner`. */
async function treeOf(ctx: GateContext, dir: string, input: GateInput, changes: Changes, runner: TestRunner | null): Promise<Tree> {
  const testDir = normalizeClaim(input.config.project.test_dir) || ".";
  const removed = new Set([...changes.deleted, ...changes.moved]);
  const present = (await listTree(ctx, dir)).filter((p) => !removed.has(p));
  const under = (p: string) => testDir === "." || claimCovers([testDir], p);
  const folders = new Set(present.flatMap(parentFolders));
  return {
    testDir,
    present,
    all: new Set([...present, ...removed]),
    tests: present.filter((p) => under(p) && isTestFile(p, runner)),
    isDir: (p) => p === "." || folders.has(p),
    under,
  };
}

/** The task's claimed test files and folders under test_dir (create/edit/touch/read) that exist. */
function claimedTargets(input: GateInput, tree: Tree): string[] {
  const c = input.task?.claims;
  const claims = c ? [...c.create, ...c.edit, ...c.touch, ...c.read].map(normalizeClaim) : [];
  const tests = new Set(tree.tests);
  return [...new Set(claims)].filter((p) => p !== "." && tree.under(p) && (tests.has(p) || tree.isDir(p)));
}

/** The whole suite: test_dir, in the runner's form. */
function wholeSuite(tree: Tree, runner: TestRunner | null, reason: string): TestPlan {
  if (tree.tests.length === 0) return { kind: "none", reason: `no tests under ${tree.testDir} to run (the whole suite was due: ${reason})` };
  return { kind: "whole", targets: runnerTargets([tree.testDir], runner, tree.present, tree.isDir), reason };
}

/** Why the graph cannot choose for these changed paths (a config, a language without a graph, data the tests may read), or null. */
function undecidable(paths: readonly string[], input: GateInput, tree: Tree): string | null {
  const kind = (p: string) => changeKind(p, input.config.project.source_extensions);
  const config = paths.find((p) => kind(p) === "config");
  if (config) return `${config} changed, a configuration the tests depend on`;
  const ungraphed = paths.find((p) => kind(p) === "ungraphed");
  if (ungraphed) return `${ungraphed} changed, and there is no import graph for its language`;
  const srcDir = normalizeClaim(input.config.project.src_dir);
  const beside = (p: string) => (tree.testDir !== "." && tree.under(p)) || (srcDir !== "" && srcDir !== "." && claimCovers([srcDir], p));
  const data = paths.find((p) => kind(p) === "other" && beside(p));
  return data ? `${data} changed, a data file beside the tests or sources that they may read` : null;
}

/** The import graph from the tree's tests, walked once per plan (on first need). */
function graphOf(ctx: GateContext, input: GateInput, tree: Tree, maxFiles: number): () => Promise<GraphWalk> {
  let walk: Promise<GraphWalk> | null = null;
  return () => {
    walk ??= (async () => {
      const read = (paths: readonly string[]) => readTree(ctx, input.dir, paths);
      const project = await scriptProjectOf(tree.present, read);
      return walkImports({ files: tree.all, read, exec: ctx.exec }, tree.tests, { maxFiles, srcDir: input.config.project.src_dir, project });
    })();
    return walk;
  };
}

/** The tests the changed sources reach through the import graph, or why the whole suite must run. */
async function graphTargets(graph: () => Promise<GraphWalk>, tree: Tree, sources: string[], moved: string[]): Promise<{ tests: string[] } | { whole: string }> {
  const walk = await graph();
  if (!walk.ok) return { whole: walk.reason };
  const related = relatedTests(walk.graph, tree.tests, sources, moved);
  if (related.ok) return { tests: related.tests };
  return { whole: `no test's imports reach ${related.unreached} (it may be exercised through a CLI, a subprocess or a dynamic import)` };
}

/**
 * Candidate phase: of the tests `selected`, those the target's own changes since the task's
 * base can affect (a target change is one of them, or their imports reach one). The others
 * were judged on the task commit by the isolated phase, in a clean checkout of it: their
 * verdict stands. Null when it cannot be told (no target changes known, a configuration or
 * data changed, a target change no test's imports reach, the graph's bound).
 */
async function affectedByTarget(input: GateInput, tree: Tree, graph: () => Promise<GraphWalk>, selected: readonly string[]): Promise<string[] | null> {
  if (input.phase !== "candidate" || !input.targetChanges?.length) return null;
  const t = changesOf({ ...input, changed: input.targetChanges });
  const paths = [...t.present, ...t.deleted, ...t.moved];
  if (undecidable(paths, input, tree)) return null;
  const walk = await graph();
  if (!walk.ok) return null;
  const sources = paths.filter((p) => changeKind(p, input.config.project.source_extensions) === "graphed" && !tree.tests.includes(p));
  const related = relatedTests(walk.graph, tree.tests, sources.filter((p) => tree.all.has(p)));
  if (!related.ok) return null;
  const touched = new Set([...related.tests, ...paths]);
  return selected.filter((test) => tree.isDir(test) || touched.has(test));
}

const listed = (paths: readonly string[]) => `${paths.slice(0, 3).join(", ")}${paths.length > 3 ? ", …" : ""}`;

/**
 * What `{test_dir}` becomes for a command run by `runner`, each path once, in order: changed
 * test files; the task's claimed tests under test_dir; tests whose imports reach a changed
 * or removed file. When the graph cannot decide, the whole suite; when only other files (docs)
 * changed and no test was changed or claimed, nothing.
 */
export async function testPlan(ctx: GateContext, input: GateInput, runner: TestRunner | null, maxFiles: number): Promise<TestPlan> {
  const changes = changesOf(input);
  const tree = await treeOf(ctx, input.dir, input, changes, runner);
  const tests = new Set(tree.tests);
  // A removed test has nothing left to run; a rename's new path carries it.
  const removedTest = (p: string) => tree.under(p) && isTestFile(p, runner);
  const changed = [...changes.present.filter((p) => !tests.has(p)), ...changes.deleted.filter((p) => !removedTest(p))];
  const moved = changes.moved.filter((p) => !removedTest(p));
  const why = undecidable([...changed, ...moved], input, tree);
  if (why) return wholeSuite(tree, runner, why);
  const graphed = (p: string) => changeKind(p, input.config.project.source_extensions) === "graphed";
  const sources = changed.filter(graphed);
  const graph = graphOf(ctx, input, tree, maxFiles);
  const found = sources.length || moved.some(graphed) ? await graphTargets(graph, tree, sources, moved.filter(graphed)) : { tests: [] };
  if ("whole" in found) return wholeSuite(tree, runner, found.whole);
  const direct = [...changes.present.filter((p) => tests.has(p)), ...claimedTargets(input, tree)];
  const selected = [...new Set([...direct, ...found.tests])];
  const affected = await affectedByTarget(input, tree, graph, selected);
  if (affected?.length === 0 && selected.length) {
    const moves = input.targetChanges!.map((c) => c.path);
    return { kind: "none", reason: `the target's changes since the task's base (${listed(moves)}) reach none of the tests this change concerns, which passed on the task's commit` };
  }
  const targets = runnerTargets(affected ?? selected, runner, tree.present, tree.isDir);
  if (targets.length) return { kind: "targets", targets };
  const others = [...changed, ...moved].filter((p) => !graphed(p));
  if (others.length && !sources.length) return { kind: "none", reason: `only non-source files changed (${listed(others)}); no test imports them` };
  return { kind: "none", reason: "no changed or claimed tests, and none whose imports reach the changed files" };
}

/** The base's whole suite (in `ctx.baselineDir()`, in the runner's form), or null when the base has no tests. */
export async function baseSuite(ctx: GateContext, input: GateInput, runner: TestRunner | null): Promise<{ dir: string; targets: string[] } | null> {
  const dir = await ctx.baselineDir();
  const plan = wholeSuite(await treeOf(ctx, dir, input, { present: [], deleted: [], moved: [] }, runner), runner, "the base's");
  return plan.kind === "whole" ? { dir, targets: plan.targets } : null;
}
