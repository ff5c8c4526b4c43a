import type { ToolContext } from "dgov/plugin";

/*
 * Python files are read by Python itself (its `ast` module and `compile`), so syntax and
 * symbols are exactly what the interpreter sees. `-I` (isolated mode) keeps the worktree and
 * PYTHONPATH off sys.path: a repo file named `ast.py` or `json.py` cannot shadow the stdlib.
 * File paths travel as argv (or JSON on stdin), never inside the script text.
 */
const SCRIPT = String.raw`
import ast, json, sys

def load(path):
    with open(path, "rb") as f:
        return f.read()

def failure(e):
    return {"error": getattr(e, "msg", None) or str(e), "line": getattr(e, "lineno", None) or 0}

def symbols(tree):
    out = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.append(["def", node.name, node.lineno])
        elif isinstance(node, ast.ClassDef):
            out.append(["class", node.name, node.lineno])
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    out.append(["method", node.name + "." + item.name, item.lineno])
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out.append(["assign", target.id, node.lineno])
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out.append(["assign", node.target.id, node.lineno])
    return out

def imports(path):
    try:
        tree = ast.parse(load(path))
    except (SyntaxError, ValueError, OSError) as e:
        return failure(e)
    found = [[n.level, n.module or ""] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    return {"imports": found}

def main():
    mode = sys.argv[1]
    if mode == "imports":
        return {p: imports(p) for p in json.load(sys.stdin)}
    path = sys.argv[2]
    try:
        source = load(path)
        if mode == "syntax":
            compile(source, path, "exec", dont_inherit=True)
            return {"ok": True}
        return {"ok": True, "symbols": symbols(ast.parse(source))}
    except (SyntaxError, ValueError) as e:
        return dict(ok=False, **failure(e))

print(json.dumps(main()))
`;

export interface PySyntaxError {
  error: string;
  line: number;
}
export type PySymbol = [kind: "def" | "class" | "method" | "assign", name: string, line: number];
export type PyImport = [level: number, module: string];

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** Runs the inline script in one mode; a missing interpreter or a crash is an error value. */
async function runScript(ctx: ToolContext, tool: string, args: string[], stdin?: string): Promise<Outcome<unknown>> {
  const result = await ctx.exec(["python3", "-I", "-c", SCRIPT, ...args], { timeoutMs: 30_000, ...(stdin === undefined ? {} : { stdin }) });
  if (result.code === 127) return { ok: false, error: `${tool} needs python3 for Python files, and python3 was not found in PATH.` };
  if (result.timedOut) return { ok: false, error: `${tool}: python3 timed out after 30s.` };
  if (result.code !== 0) return { ok: false, error: `${tool}: python3 failed (exit ${result.code}): ${result.stderr.trim()}` };
  try {
    return { ok: true, value: JSON.parse(result.stdout) };
  } catch {
    return { ok: false, error: `${tool}: python3 printed no result: ${result.stdout.slice(0, 200)}` };
  }
}

/** `compile()` of one file: null when it is valid Python. */
export async function pythonSyntax(ctx: ToolContext, abs: string): Promise<Outcome<PySyntaxError | null>> {
  const out = await runScript(ctx, "check_syntax", ["syntax", abs]);
  if (!out.ok) return out;
  const value = out.value as { ok: boolean } & PySyntaxError;
  return { ok: true, value: value.ok ? null : { error: value.error, line: value.line } };
}

/** Top-level definitions of one file, or its syntax error. */
export async function pythonSymbols(ctx: ToolContext, abs: string): Promise<Outcome<PySymbol[] | PySyntaxError>> {
  const out = await runScript(ctx, "file_symbols", ["symbols", abs]);
  if (!out.ok) return out;
  const value = out.value as { ok: boolean; symbols: PySymbol[] } & PySyntaxError;
  return { ok: true, value: value.ok ? value.symbols : { error: value.error, line: value.line } };
}

/** `from X import …` statements of many files at once, keyed by the absolute path given. */
export async function pythonImports(ctx: ToolContext, abs: string[]): Promise<Outcome<Record<string, { imports?: PyImport[] } & Partial<PySyntaxError>>>> {
  const out = await runScript(ctx, "related_files", ["imports"], JSON.stringify(abs));
  return out.ok ? { ok: true, value: out.value as Record<string, { imports?: PyImport[] } & Partial<PySyntaxError>> } : out;
}
