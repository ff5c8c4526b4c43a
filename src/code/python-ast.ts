import type { ExecFn } from "../plugin/types.ts";

/*
 * Where Python itself is the judge: `compile` for check_syntax, and the `ast` module for the
 * import graph of test selection, so both are exactly what the interpreter sees (the worker
 * tools' symbols and imports come from the syntax layer, src/code/syntax). `-I` (isolated mode) keeps the worktree
 * and PYTHONPATH off sys.path: a repo file named `ast.py` or `json.py` cannot shadow the
 * stdlib. File paths and sources travel as argv or JSON on stdin, never inside the script text.
 */
const SCRIPT = String.raw`
import ast, json, sys

def load(path):
    with open(path, "rb") as f:
        return f.read()

def failure(e):
    return {"error": getattr(e, "msg", None) or str(e), "line": getattr(e, "lineno", None) or 0}

def statements(source):
    # from-imports as [level, module, [names]]; plain imports as [0, module, null].
    tree = ast.parse(source)
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom):
            out.append([n.level, n.module or "", [a.name for a in n.names]])
        elif isinstance(n, ast.Import):
            out.extend([0, a.name, None] for a in n.names)
    return out

def imports(get):
    try:
        return {"imports": statements(get())}
    except (SyntaxError, ValueError, OSError) as e:
        return failure(e)

def main():
    if sys.argv[1] == "sources":
        return {p: imports(lambda s=s: s) for p, s in json.load(sys.stdin).items()}
    path = sys.argv[2]
    try:
        compile(load(path), path, "exec", dont_inherit=True)
        return {"ok": True}
    except (SyntaxError, ValueError) as e:
        return dict(ok=False, **failure(e))

print(json.dumps(main()))
`;

export interface PySyntaxError {
  error: string;
  line: number;
}
/** `from <level dots><module> import …`. */
export type PyImport = [level: number, module: string];
/** One import statement: `from` imports name what they import, a plain `import <module>` has null. */
export type PyStatement = [level: number, module: string, names: string[] | null];
/** A file's import statements, or why it does not parse. */
export type PyImports = { imports?: PyStatement[] } & Partial<PySyntaxError>;

/** `missing`: python3 is not installed (exit 127), so a caller may answer another way. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; missing?: boolean };
/** What running Python needs: an `exec` (a tool's or a gate's context). */
export interface PythonRunner {
  exec: ExecFn;
}

/** Runs the inline script in one mode; a missing interpreter or a crash is an error value. */
async function runScript(ctx: PythonRunner, tool: string, args: string[], stdin?: string): Promise<Outcome<unknown>> {
  const result = await ctx.exec(["python3", "-I", "-c", SCRIPT, ...args], { timeoutMs: 30_000, quiet: true, ...(stdin === undefined ? {} : { stdin }) });
  if (result.code === 127) return { ok: false, error: `${tool} needs python3 for Python files, and python3 was not found in PATH.`, missing: true };
  if (result.timedOut) return { ok: false, error: `${tool}: python3 timed out after 30s.` };
  if (result.code !== 0) return { ok: false, error: `${tool}: python3 failed (exit ${result.code}): ${result.stderr.trim()}` };
  try {
    return { ok: true, value: JSON.parse(result.stdout) };
  } catch {
    return { ok: false, error: `${tool}: python3 printed no result: ${result.stdout.slice(0, 200)}` };
  }
}

/** `compile()` of one file: null when it is valid Python. */
export async function pythonSyntax(ctx: PythonRunner, abs: string): Promise<Outcome<PySyntaxError | null>> {
  const out = await runScript(ctx, "check_syntax", ["syntax", abs]);
  if (!out.ok) return out;
  const value = out.value as { ok: boolean } & PySyntaxError;
  return { ok: true, value: value.ok ? null : { error: value.error, line: value.line } };
}

/** Every import statement (`import x`, `from x import y`) of sources given as text, keyed by path. */
export async function pythonSourceImports(ctx: PythonRunner, sources: Record<string, string>, tool = "the import graph"): Promise<Outcome<Record<string, PyImports>>> {
  const out = await runScript(ctx, tool, ["sources"], JSON.stringify(sources));
  return out.ok ? { ok: true, value: out.value as Record<string, PyImports> } : out;
}
