/**
 * The architecture of one tree, as data: its import graph, cycles, layering violations and the
 * functions past the limits, each an offender with an identity that survives line shifts so a
 * change's offenders can be told from those its base already had. Facts are cached by text so
 * the files two trees share are parsed once.
 */
import { globMatch } from "../../config/glob.ts";
import { grammarOf } from "../syntax/index.ts";
import { type Cycle, cycleText, cycles } from "./cycles.ts";
import { type FileFacts, fileFacts, type FunctionFacts } from "./file-facts.ts";
import { type ImportGraph, importGraph, resolverOf } from "./graph.ts";
import { type LayerRule, ruleText, violations } from "./layers.ts";

export interface Limits {
  rules: LayerRule[];
  max_function_lines: number | null;
  max_complexity: number | null;
  exclude: string[];
}

export type OffenderKind = "cycle" | "layering" | "long_function" | "complex_function";

export interface Offender {
  kind: OffenderKind;
  /** The file to look at (a cycle's first file, the importing file, the function's file). */
  file: string;
  line: number | null;
  /** Identity within kind and file: the cycle's files, `importer -> imported`, the function name. */
  name: string;
  message: string;
  /** Every file involved (a cycle's loop). */
  files: string[];
}

export interface Architecture {
  graph: ImportGraph;
  cycles: Cycle[];
  offenders: Offender[];
  functions: number;
}

/** The identity compared between trees: kind, file and name (line numbers left out). */
export const offenderKey = (o: Offender) => `${o.kind}\0${o.file}\0${o.name}`;

/** Facts by grammar and a hash of the text: a file two trees (or two settlements) share is parsed once. */
export type FactsCache = Map<string, Promise<FileFacts>>;

function functionOffenders(path: string, fn: FunctionFacts, limits: Limits): Offender[] {
  const out: Offender[] = [];
  const at = { file: path, line: fn.line, name: fn.name, files: [path] };
  if (limits.max_function_lines !== null && fn.lines > limits.max_function_lines) {
    out.push({ kind: "long_function", ...at, message: `${path}:${fn.line} ${fn.name} is ${fn.lines} lines long (max_function_lines = ${limits.max_function_lines})` });
  }
  if (limits.max_complexity !== null && fn.complexity > limits.max_complexity) {
    out.push({ kind: "complex_function", ...at, message: `${path}:${fn.line} ${fn.name} has cyclomatic complexity ${fn.complexity} (max_complexity = ${limits.max_complexity})` });
  }
  return out;
}

/** The loop, and every file of the component when the loop does not pass through all of them. */
function cycleMessage(c: Cycle): string {
  const rest = c.files.length > c.loop.length ? ` (${c.files.length} files import one another: ${c.files.join(", ")})` : "";
  return `import cycle: ${cycleText(c)}${rest}`;
}

/** The source files the analysis reads: a supported language, not excluded. */
export function analyzedPaths(paths: readonly string[], exclude: readonly string[]): string[] {
  return paths.filter((p) => grammarOf(p) !== null && !exclude.some((g) => globMatch(g, p)));
}

/** Analyses a tree given as path → text. */
export async function analyze(texts: ReadonlyMap<string, string>, limits: Limits, cache: FactsCache = new Map()): Promise<Architecture> {
  const paths = analyzedPaths([...texts.keys()], limits.exclude);
  const facts = new Map<string, FileFacts>();
  for (const path of paths) {
    const text = texts.get(path)!;
    const key = `${grammarOf(path)}:${Bun.hash(text).toString(16)}:${text.length}`;
    if (!cache.has(key)) cache.set(key, fileFacts(text, grammarOf(path)!));
    facts.set(path, await cache.get(key)!);
  }
  const graph = importGraph(facts, resolverOf([...texts.keys()], texts.get("go.mod") ?? null));
  const found = cycles(graph);
  const offenders: Offender[] = found.map((c) => ({ kind: "cycle", file: c.loop[0]!, line: null, name: c.files.join(" "), files: c.loop, message: cycleMessage(c) }));
  for (const v of violations(graph, limits.rules)) {
    offenders.push({ kind: "layering", file: v.edge.from, line: v.edge.line, name: `${v.edge.from} -> ${v.edge.to}`, files: [v.edge.from, v.edge.to], message: `${v.edge.from}:${v.edge.line} imports ${v.edge.to}, which [architecture] rule { ${ruleText(v)} } forbids` });
  }
  let functions = 0;
  for (const [path, f] of facts) {
    functions += f.functions.length;
    for (const fn of f.functions) offenders.push(...functionOffenders(path, fn, limits));
  }
  return { graph, cycles: found, offenders, functions };
}

/** Offenders of `now` whose identity `before` lacks: what a change introduced. */
export function introduced(now: readonly Offender[], before: readonly Offender[]): Offender[] {
  const old = new Set(before.map(offenderKey));
  return now.filter((o) => !old.has(offenderKey(o)));
}
