/**
 * The import graph of a tree, walked from a set of files (the tests) through every import
 * chain: JavaScript/TypeScript (relative paths, package entries and re-exports, the tree's
 * own package names, tsconfig `paths`) and Python (`import a.b`, `from .c import d`, package
 * `__init__.py`). Scripts are read round by round as the walk reaches them, Python files all
 * at once; the walk stops at a bound.
 */
import { extOf, languageOf } from "./languages.ts";
import { type PyImports, pythonSourceImports } from "./python-ast.ts";
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

/** One file's imports in the tree; `unknown` says why they may be incomplete. */
type Edge = { targets: string[]; unknown?: string };
type Edges = Map<string, Edge>;
type Round = { ok: true; edges: Edges } | { ok: false; reason: string };

/** JavaScript/TypeScript imports of one file, resolved in the tree. */
async function scriptEdges(path: string, text: string, files: ReadonlySet<string>, project: ScriptProject): Promise<Edge> {
  const targets: string[] = [];
  const unexplained: string[] = [];
  for (const spec of await scriptImports(text, path)) {
    const found = resolveScriptImport(spec, path, files, project);
    if (found === "unknown") unexplained.push(spec);
    else if (found !== "external") targets.push(...found.files);
  }
  const unknown = unexplained.length ? `imports ${unexplained.map((s) => `"${s}"`).join(", ")}, which no file, package.json or tsconfig of the tree explains` : undefined;
  return unknown ? { targets, unknown } : { targets };
}

type PythonParse = { ok: true; files: Map<string, PyImports | "truncated"> } | { ok: false; reason: string };

/**
 * Every Python file of the tree, read and parsed by one python3 run, the first time the walk
 * meets Python: starting python3 costs more than parsing, so one run beats one per round.
 */
function pythonParser(sources: GraphSources, maxFiles: number): () => Promise<PythonParse> {
  let parsed: Promise<PythonParse> | null = null;
  const parse = async (): Promise<PythonParse> => {
    const paths = [...sources.files].filter((p) => extOf(p) === ".py");
    if (paths.length > maxFiles) return { ok: false, reason: `the tree has more than ${maxFiles} Python files, the import graph's bound` };
    const texts = await sources.read(paths);
    const whole = [...texts].filter(([, t]) => !t.truncated);
    const result = await pythonSourceImports(sources, Object.fromEntries(whole.map(([p, t]) => [p, t.text])));
    if (!result.ok) return { ok: false, reason: `Python imports could not be read: ${result.error}` };
    const files = new Map<string, PyImports | "truncated">([...texts].filter(([, t]) => t.truncated).map(([p]) => [p, "truncated"]));
    for (const [path, imports] of Object.entries(result.value)) files.set(path, imports);
    return { ok: true, files };
  };
  return () => (parsed ??= parse());
}

/** The edges of one Python file from the tree's parse. */
function pythonEdges(path: string, parse: PyImports | "truncated" | undefined, files: ReadonlySet<string>, srcDir: string): Edge {
  if (parse === undefined) return { targets: [] };
  if (parse === "truncated") return { targets: [], unknown: "is too large to read whole" };
  const targets = (parse.imports ?? []).flatMap((statement) => pythonTargets(statement, path, files, srcDir));
  return parse.imports ? { targets } : { targets, unknown: `does not parse as Python (${parse.error ?? "no result"}, line ${parse.line ?? 0})` };
}

/** The edges of one round of the walk: read the files, scan each by its language. */
async function roundEdges(frontier: string[], sources: GraphSources, opts: GraphOptions, python: () => Promise<PythonParse>): Promise<Round> {
  const scripts = frontier.filter((p) => languageOf(p) === "script");
  const texts = await sources.read(scripts);
  const edges: Edges = new Map(frontier.map((p) => [p, { targets: [] }]));
  for (const [path, text] of texts) {
    edges.set(path, text.truncated ? { targets: [], unknown: "is too large to read whole" } : await scriptEdges(path, text.text, sources.files, opts.project));
  }
  const pythonFiles = frontier.filter((p) => extOf(p) === ".py");
  if (pythonFiles.length === 0) return { ok: true, edges };
  const parsed = await python();
  if (!parsed.ok) return parsed;
  for (const path of pythonFiles) edges.set(path, pythonEdges(path, parsed.files.get(path), sources.files, opts.srcDir));
  return { ok: true, edges };
}

/**
 * Walks the imports from `starts` (files of the tree) until no new file is reached. More than
 * `maxFiles` files, or Python that cannot be parsed at all, ends it without a graph.
 */
export async function walkImports(sources: GraphSources, starts: readonly string[], opts: GraphOptions): Promise<GraphWalk> {
  const graph: ImportGraph = { imports: new Map(), unknown: new Map() };
  const python = pythonParser(sources, opts.maxFiles);
  let frontier = [...new Set(starts)];
  while (frontier.length > 0) {
    if (graph.imports.size + frontier.length > opts.maxFiles) {
      return { ok: false, reason: `the tests' imports reach more than ${opts.maxFiles} files, the import graph's bound` };
    }
    const round = await roundEdges(frontier, sources, opts, python);
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
