/**
 * tree and word_count (spec workers-llm §3.1 #21, #22). `tree` runs the program when it is
 * installed; otherwise, and for word_count always, the listing is computed from the worktree
 * files directly (dgov-py piped `find | xargs wc -l` through a shell, with the path unquoted).
 */
import { defineTool, type ToolResult, type WorktreeFiles } from "dgov/plugin";
import * as v from "valibot";
import { runArgv, timeoutOptions } from "./shell-run.ts";

const ALL_ROLES: ("worker" | "researcher" | "reviewer" | "planner")[] = ["worker", "researcher", "reviewer", "planner"];
const TREE_IGNORED = ["__pycache__", ".git", "node_modules", ".venv"];
const MAX_TREE_LINES = 100;
const MAX_COUNTED_FILES = 20;

/** The folders and files below `rel` down to `depth` levels, as `find -maxdepth` lists them. */
function listDepth(files: WorktreeFiles, rel: string, depth: number): ToolResult {
  const lines: string[] = [];
  let truncated = false;
  const visit = (dir: string, level: number): string | null => {
    const listed = files.list(dir);
    if (!listed.ok) return listed.error;
    for (const entry of listed.entries) {
      if (TREE_IGNORED.includes(entry.name)) continue;
      if (lines.length === MAX_TREE_LINES) {
        truncated = true;
        return null;
      }
      lines.push(entry.dir ? `${entry.rel}/` : entry.rel);
      if (entry.dir && level < depth) visit(entry.rel, level + 1);
    }
    return null;
  };
  const error = visit(rel, 1);
  if (error) return { ok: false, error };
  const notice = truncated ? `\n... (truncated at ${MAX_TREE_LINES} entries)` : "";
  return { ok: true, output: lines.length ? lines.join("\n") + notice : "(empty directory)" };
}

/** tree: the folder structure below a path. */
export const treeTool = defineTool({
  name: "tree",
  description:
    "Show the folder structure below `path`, `max_depth` levels deep (tree -L; __pycache__, .git, node_modules and .venv left out). " +
    `Without the tree program: one path per line, folders ending in '/', at most ${MAX_TREE_LINES} lines.`,
  args: v.strictObject({
    path: v.optional(v.pipe(v.string(), v.description("Folder to show, relative to the worktree.")), "."),
    max_depth: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10), v.description("How many levels deep to go.")), 3),
  }),
  roles: ALL_ROLES,
  effect: "read",
  options: timeoutOptions,
  async run({ path, max_depth }, ctx) {
    const found = ctx.files.resolve(path);
    if (!found.ok) return found;
    if (!ctx.files.exists(found.rel)) return { ok: false, error: `${path} does not exist.` };
    const argv = ["tree", "-L", String(max_depth), "-I", TREE_IGNORED.join("|"), "--noreport", found.rel];
    const { exec, result } = await runArgv(ctx, argv);
    if (exec.timedOut || exec.code !== 127) return result;
    return listDepth(ctx.files, found.rel, max_depth);
  },
});

/** `wc -l`: the number of newline characters. */
function lineCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

function countFolder(files: WorktreeFiles, rel: string, path: string): ToolResult {
  const walked = files.walk(rel);
  if (!walked.ok) return walked;
  const counts = walked.files.flatMap((file) => {
    const read = files.readText(file);
    return read.ok ? [{ file, lines: lineCount(read.text) }] : [];
  });
  if (counts.length === 0) return { ok: true, output: `No text files in ${path}.` };
  const total = counts.reduce((sum, c) => sum + c.lines, 0);
  const width = String(total).length + 2;
  const shown = [...counts].sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file)).slice(0, MAX_COUNTED_FILES);
  const rows = shown.map((c) => `${String(c.lines).padStart(width)} ${c.file}`);
  const more = counts.length - shown.length;
  if (more > 0) rows.push(`... (${more} smaller files not shown)`);
  rows.push(`${String(total).padStart(width)} total (${counts.length} files)`);
  return { ok: true, output: rows.join("\n") };
}

/** word_count: line counts of a file, or of the text files below a folder. */
export const wordCountTool = defineTool({
  name: "word_count",
  description:
    "Count lines like `wc -l`: for a file `<lines> <path>`; for a folder the line counts of its text files " +
    `(the ${MAX_COUNTED_FILES} largest) and the total.`,
  args: v.strictObject({
    path: v.pipe(v.string(), v.description("File or folder, relative to the worktree.")),
  }),
  roles: ALL_ROLES,
  effect: "read",
  run({ path }, ctx) {
    const found = ctx.files.resolve(path);
    if (!found.ok) return found;
    if (!ctx.files.exists(found.rel)) return { ok: false, error: `${path} does not exist.` };
    if (ctx.files.list(found.rel).ok) return countFolder(ctx.files, found.rel, path);
    const read = ctx.files.readText(found.rel);
    if (!read.ok) return read;
    const lines = lineCount(read.text);
    return { ok: true, output: `${String(lines).padStart(String(lines).length + 2)} ${found.rel}` };
  },
});
