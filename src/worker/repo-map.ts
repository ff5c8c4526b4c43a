import type { ResolvedConfig } from "../config/resolve.ts";
import { createWorktreeFiles } from "../plugin/files.ts";
import { type Definition, type DefinitionKind, definitions, type Grammar, grammarOf, withTree } from "../code/syntax/index.ts";

/*
 * The repo map in the system prompt (spec workers-llm §2.3): every file, source first, with
 * up to 8 top-level symbols of each source file the syntax layer reads (Python, TypeScript/
 * JavaScript, Go, Rust), bounded in lines and characters.
 */

const MAX_SYMBOL_LINES = 8;
/** A Python class shows at most this many of its methods. */
const MAX_METHODS = 5;
const TRUNCATED = "\n... [repo map truncated for prompt budget]";
/** Only the kinds that say what a file offers: functions and types, a script's exported constants; no variables. */
const SHOWN: ReadonlySet<DefinitionKind> = new Set(["function", "class", "interface", "type", "enum", "struct", "trait", "impl", "module", "macro"]);

/** One symbol line: `  def f`, `  class A`, `    def A.m` (Python); `  function parse`, `  const LIMIT` (scripts); `  func F`, `  fn f`. */
function symbolLine(grammar: Grammar, d: Definition): string | null {
  if (grammar === "python") {
    if (d.kind === "method") return `    def ${d.container}.${d.name}`;
    return d.container === null && (d.kind === "function" || d.kind === "class") ? `  ${d.kind === "class" ? "class" : "def"} ${d.name}` : null;
  }
  if (d.container !== null) return null;
  const script = grammar === "typescript" || grammar === "tsx" || grammar === "javascript";
  if (script && d.kind === "module") return null;
  if (script && d.kind === "const") return d.exported ? `  const ${d.name}` : null;
  return SHOWN.has(d.kind) ? `  ${d.keyword} ${d.name}` : null;
}

/** A file's symbol lines; none for a file that does not parse. */
export async function fileSymbols(text: string, grammar: Grammar): Promise<string[]> {
  return withTree(text, grammar, (tree) => {
    if (tree.errors.length) return [];
    const methods = new Map<string, number>();
    const lines: string[] = [];
    for (const d of definitions(tree)) {
      if (d.kind === "method" && grammar === "python") {
        const shown = methods.get(d.container!) ?? 0;
        methods.set(d.container!, shown + 1);
        if (shown >= MAX_METHODS) continue;
      }
      const line = symbolLine(grammar, d);
      if (line) lines.push(line);
      if (lines.length >= MAX_SYMBOL_LINES) break;
    }
    return lines;
  });
}

function priority(path: string, config: ResolvedConfig): number {
  const under = (dir: string) => {
    const d = dir.replace(/\/+$/, "");
    return d !== "" && path.startsWith(`${d}/`);
  };
  if (under(config.project.src_dir)) return 0;
  if (under(config.project.test_dir)) return 1;
  return path.endsWith(".py") ? 2 : 3;
}

/** Keeps whole lines within `maxChars`, then says the map was cut. */
export function boundMap(lines: string[], maxChars: number): string {
  const text = lines.join("\n");
  if (text.length <= maxChars) return text;
  const room = maxChars - TRUNCATED.length;
  if (room < 0) return TRUNCATED.trimStart();
  let used = 0;
  const kept: string[] = [];
  for (const line of lines) {
    const cost = line.length + (kept.length ? 1 : 0);
    if (used + cost > room) break;
    kept.push(line);
    used += cost;
  }
  return kept.join("\n") + TRUNCATED;
}

export interface RepoMapOptions {
  /** Lines kept (`worker_tree_max_lines`); 0 = unbounded. */
  maxLines: number;
  maxChars?: number;
}

/** Is a file listed in the map? Not under a dot folder, `node_modules`, `__pycache__` or `.venv` (as the worker's walk skips them). */
export function mapped(path: string): boolean {
  return path.split("/").every((part) => !part.startsWith(".") && part !== "node_modules" && part !== "__pycache__");
}

/**
 * The map of `files`: source first, each with the symbol lines `symbols` gives for it (only
 * files a grammar reads are asked), bounded by the options.
 */
export async function mapOf(files: readonly string[], config: ResolvedConfig, options: RepoMapOptions, symbols: (file: string, grammar: Grammar) => Promise<string[]>): Promise<string> {
  const sorted = files.filter(mapped).sort((a, b) => priority(a, config) - priority(b, config) || (a < b ? -1 : a > b ? 1 : 0));
  // A file takes at least one line, so only the first maxLines can appear at all.
  const shown = options.maxLines > 0 ? sorted.slice(0, options.maxLines) : sorted;
  const lines: string[] = [];
  for (const file of shown) {
    lines.push(file);
    const grammar = grammarOf(file);
    if (grammar) lines.push(...(await symbols(file, grammar)));
    if (options.maxLines > 0 && lines.length >= options.maxLines) break;
  }
  return boundMap(options.maxLines > 0 ? lines.slice(0, options.maxLines) : lines, options.maxChars ?? 12_000);
}

/** The map of a work tree as it is now, its files walked and read (a worker started by hand, a retry in a changed tree). */
export async function repoMap(worktree: string, config: ResolvedConfig, options: RepoMapOptions): Promise<string> {
  const tree = createWorktreeFiles(worktree);
  const walked = tree.walk(".");
  return mapOf(walked.ok ? walked.files : [], config, options, async (file, grammar) => {
    const read = tree.readText(file);
    return read.ok ? fileSymbols(read.text, grammar) : [];
  });
}
