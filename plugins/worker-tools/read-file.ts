import { defineTool } from "dgov/plugin";
import * as v from "valibot";
import { splitLines, toLf } from "./eol.ts";

/**
 * `N: line` for lines `start..end` (1-based, inclusive; `end` 0 = to the end). Each line keeps
 * its own newline, as dgov-py printed them.
 */
export function numberedRange(text: string, path: string, start: number, end: number): { ok: true; output: string } | { ok: false; error: string } {
  const lines = splitLines(text);
  if (end > 0 && end < start) return { ok: false, error: `end_line ${end} is before start_line ${start}.` };
  if (start > lines.length) {
    return { ok: false, error: `start_line ${start} is beyond the end of ${path}, which has ${lines.length} lines.` };
  }
  const last = end > 0 ? Math.min(end, lines.length) : lines.length;
  let output = "";
  for (let n = start; n <= last; n++) {
    const line = lines[n - 1]!;
    output += `${n}: ${line.text}${line.eol === "" ? "" : "\n"}`;
  }
  return { ok: true, output };
}

/** read_file: a whole file verbatim, or a numbered range of its lines. */
export const readFileTool = defineTool({
  name: "read_file",
  description:
    "Read a text file in the worktree. Without start_line the whole file is returned verbatim; " +
    "with start_line (1-based) and optionally end_line (inclusive), those lines are returned as `N: line`. " +
    "Line endings are shown as LF.",
  args: v.strictObject({
    path: v.pipe(v.string(), v.description("File path, relative to the worktree.")),
    start_line: v.optional(v.pipe(v.number(), v.integer(), v.description("First line to show (1-based); 0 reads the whole file.")), 0),
    end_line: v.optional(v.pipe(v.number(), v.integer(), v.description("Last line to show (inclusive); 0 reads to the end of the file.")), 0),
  }),
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  run: ({ path, start_line, end_line }, ctx) => {
    const read = ctx.files.readText(path);
    if (!read.ok) return read;
    const text = toLf(read.text);
    // end_line alone means "the first end_line lines", not "the whole file".
    if (start_line <= 0 && end_line <= 0) return { ok: true, output: text };
    return numberedRange(text, path, Math.max(start_line, 1), end_line);
  },
});
