import { defineTool, type ToolResult, type WorktreeFiles } from "dgov/plugin";
import * as v from "valibot";

/** dgov-py stops after this many matching lines. */
export const MAX_GREP_MATCHES = 100;
/** Compiled or shared-library files: never worth searching, and usually binary anyway. */
const SKIPPED_SUFFIXES = [".pyc", ".pyo", ".so", ".dylib"];

/**
 * Compiles the model's pattern. dgov-py used Python's `re`; this is a JavaScript RegExp, so
 * the few Python-only spellings models use are translated first: named groups `(?P<n>…)`,
 * back-references `(?P=n)`, and leading inline flags `(?i)`/`(?s)`/`(?m)`.
 */
export function compilePattern(pattern: string): { ok: true; re: RegExp } | { ok: false; error: string } {
  let source = pattern.replace(/\(\?P</g, "(?<").replace(/\(\?P=(\w+)\)/g, "\\k<$1>");
  let flags = "";
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    flags = [...new Set(inline[1]!)].join("");
    source = source.slice(inline[0].length);
  }
  try {
    return { ok: true, re: new RegExp(source, flags) };
  } catch (error) {
    const detail = (error as Error).message.replace(/^Invalid regular expression:\s*(\/.*\/[a-z]*:\s*)?/, "");
    return { ok: false, error: `Invalid regex: ${detail}` };
  }
}

/** The files a search covers: the file itself, or every file below the folder. */
function searchedFiles(files: WorktreeFiles, path: string): { ok: true; list: string[] } | { ok: false; error: string } {
  const found = files.resolve(path);
  if (!found.ok) return found;
  // A path that does not exist searches its parent folder, as dgov-py did.
  const root = files.exists(found.rel) ? found.rel : parentOf(found.rel);
  if (!files.exists(root)) return { ok: false, error: `${path} does not exist.` };
  const walked = files.walk(root);
  if (!walked.ok) return walked;
  return { ok: true, list: walked.files.filter((rel) => !SKIPPED_SUFFIXES.some((suffix) => rel.endsWith(suffix))) };
}

function parentOf(rel: string): string {
  const cut = rel.lastIndexOf("/");
  return cut === -1 ? "." : rel.slice(0, cut);
}

/**
 * The grep tool's behaviour: `<rel>:<lineno>: <line>` for every line the regex matches, in
 * the file or below the folder `path`. Skips dot folders, links leaving the worktree, and
 * binary, undecodable or oversized files; stops after 100 matches.
 */
export function grepFiles(files: WorktreeFiles, pattern: string, path: string): ToolResult {
  const compiled = compilePattern(pattern);
  if (!compiled.ok) return compiled;
  const searched = searchedFiles(files, path);
  if (!searched.ok) return searched;
  const matches: string[] = [];
  for (const rel of searched.list) {
    const read = files.readText(rel);
    if (!read.ok) continue;
    const lines = read.text.split(/\r\n|\r|\n/);
    if (lines.at(-1) === "") lines.pop();
    for (const [index, line] of lines.entries()) {
      if (!compiled.re.test(line)) continue;
      if (matches.length === MAX_GREP_MATCHES) {
        return { ok: true, output: `${matches.join("\n")}\n... (truncated at ${MAX_GREP_MATCHES} matches)` };
      }
      matches.push(`${rel}:${index + 1}: ${line}`);
    }
  }
  return { ok: true, output: matches.length ? matches.join("\n") : "No matches found." };
}

/** grep: regex search over one file or a folder tree. */
export const grepTool = defineTool({
  name: "grep",
  description:
    "Search file contents with a regular expression (JavaScript RegExp syntax; Python's (?P<name>…) and a leading (?i) are accepted). " +
    "`path` is a file or a folder searched recursively (default: the whole worktree); dot folders and binary files are skipped. " +
    `Prints \`<path>:<line>: <text>\` per matching line, at most ${MAX_GREP_MATCHES}.`,
  args: v.strictObject({
    pattern: v.pipe(v.string(), v.description("Regular expression matched against each line, e.g. `def \\w+\\(`.")),
    path: v.optional(v.pipe(v.string(), v.description("File or folder to search, relative to the worktree.")), "."),
  }),
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  run: ({ pattern, path }, ctx) => grepFiles(ctx.files, pattern, path),
});
