/** The fixtures as Python's own `ast` module reads them: file_symbols' listing and identifier lines, for the comparison test. */
import { FIXTURES } from "./fixtures.ts";
import { join } from "node:path";

const SCRIPT = String.raw`
import ast, json, sys

def symbols(tree):
    out = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.append("  def %s:%d" % (node.name, node.lineno))
        elif isinstance(node, ast.ClassDef):
            out.append("  class %s:%d" % (node.name, node.lineno))
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    out.append("    def %s.%s:%d" % (node.name, item.name, item.lineno))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out.append("  %s = ...:%d" % (target.id, node.lineno))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out.append("  %s = ...:%d" % (node.target.id, node.lineno))
    return out

def names(node):
    # Every place the source spells an identifier, with its line.
    if isinstance(node, ast.Name): yield node.id, node.lineno
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): yield node.name, node.lineno
    elif isinstance(node, ast.arg): yield node.arg, node.lineno
    elif isinstance(node, ast.Attribute): yield node.attr, node.end_lineno
    elif isinstance(node, ast.keyword) and node.arg: yield node.arg, node.lineno
    elif isinstance(node, ast.alias):
        for part in node.name.split("."): yield part, node.lineno
        if node.asname: yield node.asname, node.lineno
    elif isinstance(node, ast.ImportFrom) and node.module:
        for part in node.module.split("."): yield part, node.lineno

out = {"symbols": {}, "lines": {}}
wanted = json.loads(sys.argv[1])
for path in sys.argv[2:]:
    tree = ast.parse(open(path, encoding="utf-8").read())
    out["symbols"][path] = symbols(tree)
    for node in ast.walk(tree):
        for name, line in names(node):
            if name in wanted:
                out["lines"].setdefault(name, []).append("%s:%d" % (path, line))
print(json.dumps(out))
`;

export interface ToolingAnswer {
  /** file → file_symbols' lines (without the `<path>:` header). */
  symbols: Record<string, string[]>;
  /** name → sorted unique `path:line` where an identifier spells it. */
  lines: Record<string, string[]>;
}

/** `ast`'s answer for files of the Python fixture project (paths relative to it), or null without python3. */
export function pythonAnswer(files: string[], names: string[]): ToolingAnswer | null {
  if (Bun.which("python3") === null) return null;
  const proc = Bun.spawnSync(["python3", "-I", "-c", SCRIPT, JSON.stringify(names), ...files], { cwd: join(FIXTURES, "python") });
  if (proc.exitCode !== 0) throw new Error(`python3 failed: ${proc.stderr.toString()}`);
  const answer = JSON.parse(proc.stdout.toString()) as ToolingAnswer;
  for (const name of Object.keys(answer.lines)) answer.lines[name] = [...new Set(answer.lines[name])].sort();
  return answer;
}
