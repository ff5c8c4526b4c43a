/**
 * The import graph of a tree, walked from a set of files (the tests) through every import
 * chain: JavaScript/TypeScript (relative paths, package entries and re-exports, the tree's
 * own package names, tsconfig `paths`) and Python (`import a.b`, `from .c import d`, package
 * `__init__.py`). Files are read lazily, round by round, and the walk stops at a bound.
 */
import { extOf, languageOf } from "./languages.ts";
import { pythonSourceImports } from "./python-ast.ts";
import { pythonTargets } from "./python-modules.ts";
import type { ScriptProject } from "./script-project.ts";
import { resolveScriptImport } from "./script-resolve.ts";
import { scriptImports } from "./ts-imports.ts";
import type { ExecFn } from "../plugin/types.ts";

/** A file's text as read, cut at the reader's limit (`truncated`). */
export interface SourceText {
  text: string;
  truncated: boolean;
}

/** Where the walk gets the tree from. */
export interface GraphSources {
  /** Every file of the tree; deleted files too, so that imports of them still resolve. */
  files: ReadonlySet<string>;
  /** Texts of existing files (a file that cannot be read is absent from the answer). */
  read(paths: readonly string[]): Promise<Map<string, SourceText>>;
  /** Runs python3, which parses Python files. */
  exec: ExecFn;
}

export interface GraphOptions {
  /** The most files the walk may visit. */
  maxFiles: number;
  /** `[project] src_dir`, one of the places Python finds absolute imports. */
  srcDir: string;
  project: ScriptProject;
}

export interface ImportGraph {
  /** Each visited file → the tree files it imports. */
  imports: Map<string, string[]>;
  /** Visited files whose imports are not all known, with why: they may depend on anything. */
  unknown: Map<string, string>;
}

export type GraphWalk = { ok: true; graph: ImportGraph } | { ok: false; reason: string };

type Edges = Map<string, { targets: string[]; unknown?: string }>;
type Round = { ok: true; edges: Edges } | { ok: false; reason: string };

/** JavaScript/TypeScript imports of one file, resolved in the tree. */
function scriptEdges(path: string, text: string, files: ReadonlySet<string>, project: ScriptProject): { targets: string[]; unknown?: string } {
  const targets: string[] = [];
  const unexplained: string[] = [];
  for (const spec of scriptImports(text, path)) {
    const found = resolveScriptImport(spec, path, files, project);
    if (found === "unknown") unexplained.push(spec);
    else if (found !== "external") targets.push(...found.files);
  }
  const unknown = unexplained.length ? `imports ${unexplained.map((s) => `"${s}"`).join(", ")}, which no file, package.json or tsconfig of the tree explains` : undefined;
  return unknown ? { targets, unknown } : { targets };
}

/** Python imports of many files: one python3 run. */
async function pythonEdges(paths: string[], texts: Map<string, SourceText>, sources: GraphSources, srcDir: string): Promise<Round> {
  const edges: Edges = new Map();
  if (paths.length === 0) return { ok: true, edges };
  const parsed = await pythonSourceImports(sources, Object.fromEntries(paths.map((p) => [p, texts.get(p)!.text])));
  if (!parsed.ok) return { ok: false, reason: `Python imports could not be read: ${parsed.error}` };
  for (const path of paths) {
    const result = parsed.value[path];
    const targets = (result?.imports ?? []).flatMap((statement) => pythonTargets(statement, path, sources.files, srcDir));
    if (result?.imports) edges.set(path, { targets });
    else edges.set(path, { targets, unknown: `does not parse as Python (${result?.error ?? "no result"}, line ${result?.line ?? 0})` });
  }
  return { ok: true, edges };
}

/** The edges of one round of the walk: read the files, scan each by its language. */
async function roundEdges(frontier: string[], sources: GraphSources, opts: GraphOptions): Promise<Round> {
  const readable = frontier.filter((p) => languageOf(p) === "script" || extOf(p) === ".py");
  const texts = await sources.read(readable);
  const edges: Edges = new Map(frontier.map((p) => [p, { targets: [] }]));
  const python: string[] = [];
  for (const path of readable) {
    const text = texts.get(path);
    if (!text) continue;
    if (text.truncated) edges.set(path, { targets: [], unknown: "is too large to read whole" });
    else if (extOf(path) === ".py") python.push(path);
    else edges.set(path, scriptEdges(path, text.text, sources.files, opts.project));
  }
  const py = await pythonEdges(python, texts, sources, opts.srcDir);
  if (!py.ok) return py;
  for (const [path, edge] of py.edges) edges.set(path, edge);
  return { ok: true, edges };
}

/**
 * Walks the imports from `starts` (files of the tree) until no new file is reached. More than
 * `maxFiles` files, or Python that cannot be parsed at all, ends it without a graph.
 */
export async function walkImports(sources: GraphSources, starts: readonly string[], opts: GraphOptions): Promise<GraphWalk> {
  const graph: ImportGraph = { imports: new Map(), unknown: new Map() };
  let frontier = [...new Set(starts)];
  while (frontier.length > 0) {
    if (graph.imports.size + frontier.length > opts.maxFiles) {
      return { ok: false, reason: `the tests' imports reach more than ${opts.maxFiles} files, the import graph's bound` };
    }
    const round = await roundEdges(frontier, sources, opts);
    if (!round.ok) return round;
    const next = new Set<string>();
    for (const [path, edge] of round.edges) {
      graph.imports.set(path, [...new Set(edge.targets)]);
      if (edge.unknown) graph.unknown.set(path, edge.unknown);
      for (const target of edge.targets) next.add(target);
    }
    frontier = [...next].filter((p) => !graph.imports.has(p));
  }
  return { ok: true, graph };
}

/** The visited files from which one of `targets` is reached (`targets` themselves included). */
export function reaching(graph: ImportGraph, targets: Iterable<string>): Set<string> {
  const importers = new Map<string, string[]>();
  for (const [file, imports] of graph.imports) {
    for (const target of imports) importers.set(target, [...(importers.get(target) ?? []), file]);
  }
  const reached = new Set<string>();
  const queue = [...targets].filter((t) => graph.imports.has(t));
  for (const t of queue) reached.add(t);
  while (queue.length > 0) {
    for (const importer of importers.get(queue.pop()!) ?? []) {
      if (!reached.has(importer)) {
        reached.add(importer);
        queue.push(importer);
      }
    }
  }
  return reached;
}
