import type { ResolvedConfig } from "../config/resolve.ts";
import { createWorktreeFiles } from "../plugin/files.ts";
import { exec, type Wrapper } from "../exec/exec.ts";

/*
 * The repo map in the system prompt (spec workers-llm §2.3): every file, source first, with
 * up to 8 top-level symbols of Python files (through python3's own parser, one process for
 * all files) and TypeScript/JavaScript files (a line scanner), bounded in lines and characters.
 */

const MAX_SYMBOL_LINES = 8;
const TRUNCATED = "\n... [repo map truncated for prompt budget]";
const SCRIPT_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

const PYTHON_SYMBOLS = `
import ast, json, sys
out = {}
for path in sys.argv[1:]:
    try:
        tree = ast.parse(open(path, encoding="utf-8").read())
    except Exception:
        continue
    lines = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            lines.append("  class " + node.name)
            methods = [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))][:5]
            lines += ["    def %s.%s" % (node.name, m.name) for m in methods]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines.append("  def " + node.name)
        if len(lines) >= ${MAX_SYMBOL_LINES}:
            break
    out[path] = lines[:${MAX_SYMBOL_LINES}]
print(json.dumps(out))
`;

const SCRIPT_SYMBOL = /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(function\*?|class|interface|type|enum|const)\s+([A-Za-z_$][\w$]*)/;

function scriptSymbols(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split("\n")) {
    const m = SCRIPT_SYMBOL.exec(line);
    if (!m) continue;
    if (m[1] === "const" && !line.startsWith("export")) continue;
    lines.push(`  ${m[1]!.replace("*", "")} ${m[2]}`);
    if (lines.length >= MAX_SYMBOL_LINES) break;
  }
  return lines;
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

async function pythonSymbols(worktree: string, files: string[], options: RepoMapOptions): Promise<Record<string, string[]>> {
  if (files.length === 0) return {};
  const result = await exec(["python3", "-c", PYTHON_SYMBOLS, ...files], { cwd: worktree, env: options.env, timeoutMs: 15_000, sandbox: options.sandbox ?? null });
  if (result.code !== 0) return {};
  try {
    return JSON.parse(result.stdout) as Record<string, string[]>;
  } catch {
    return {};
  }
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
  env: Record<string, string>;
  /** The worker's sandbox: python3 reads the worktree's files inside it. */
  sandbox?: Wrapper | null;
}

export async function repoMap(worktree: string, config: ResolvedConfig, options: RepoMapOptions): Promise<string> {
  const tree = createWorktreeFiles(worktree);
  const walked = tree.walk(".");
  const files = (walked.ok ? walked.files : []).filter((f) => !f.split("/").includes(".venv"));
  files.sort((a, b) => priority(a, config) - priority(b, config) || (a < b ? -1 : a > b ? 1 : 0));
  // A file takes at least one line, so only the first maxLines can appear at all.
  const shown = options.maxLines > 0 ? files.slice(0, options.maxLines) : files;
  const py = await pythonSymbols(worktree, shown.filter((f) => f.endsWith(".py")), options);
  const lines: string[] = [];
  for (const file of shown) {
    lines.push(file);
    if (py[file]) lines.push(...py[file]!);
    else if (SCRIPT_EXT.test(file)) {
      const read = tree.readText(file);
      if (read.ok) lines.push(...scriptSymbols(read.text));
    }
    if (options.maxLines > 0 && lines.length >= options.maxLines) break;
  }
  return boundMap(options.maxLines > 0 ? lines.slice(0, options.maxLines) : lines, options.maxChars ?? 12_000);
}
