import { defineTool } from "dgov/plugin";
import * as v from "valibot";
import { toLf } from "./eol.ts";

const MAX_LINES = 10_000;

const args = v.strictObject({
  path: v.pipe(v.string(), v.description("File path, relative to the worktree.")),
  n: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_LINES), v.description("Number of lines.")), 20),
});

/** The file's lines without terminators (CRLF read as LF); a final newline adds no line. */
function fileLines(text: string): string[] {
  const lines = toLf(text).split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** `<n>: <line>` for lines `first..` (0-based index `first`), joined by newlines. */
function numbered(lines: readonly string[], first: number): string {
  if (lines.length === 0) return "(empty file)";
  return lines.map((line, i) => `${first + i + 1}: ${line}`).join("\n");
}

/** head: the first n lines, numbered. */
export const headTool = defineTool({
  name: "head",
  description: `Show the first n lines of a text file (default 20, at most ${MAX_LINES}), each as \`<line number>: <text>\`.`,
  args,
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  run: ({ path, n }, ctx) => {
    const read = ctx.files.readText(path);
    if (!read.ok) return read;
    return { ok: true, output: numbered(fileLines(read.text).slice(0, n), 0) };
  },
});

/** tail: the last n lines, numbered with their real line numbers. */
export const tailTool = defineTool({
  name: "tail",
  description: `Show the last n lines of a text file (default 20, at most ${MAX_LINES}), each as \`<line number>: <text>\` with its real line number.`,
  args,
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  run: ({ path, n }, ctx) => {
    const read = ctx.files.readText(path);
    if (!read.ok) return read;
    const lines = fileLines(read.text);
    const first = Math.max(lines.length - n, 0);
    return { ok: true, output: numbered(lines.slice(first), first) };
  },
});
