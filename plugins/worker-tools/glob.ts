import { defineTool, fnmatch } from "dgov/plugin";
import * as v from "valibot";

/** dgov-py stops listing after this many files. */
export const MAX_GLOB_FILES = 200;

/**
 * fnmatch on the path or the file name, as dgov-py matched (`*` crosses `/`, so `*.py`
 * finds files at any depth); Bun.Glob adds what people write in glob syntax: `**` that may
 * match no folder at all (`src/**\/*.ts` includes `src/a.ts`) and `{a,b}`.
 */
function matcher(pattern: string): (rel: string) => boolean {
  const glob = new Bun.Glob(pattern);
  return (rel) => fnmatch(pattern, rel) || fnmatch(pattern, rel.slice(rel.lastIndexOf("/") + 1)) || glob.match(rel);
}

/** glob: worktree files whose path or name matches a pattern. */
export const globTool = defineTool({
  name: "glob",
  description:
    "Find files by name pattern, e.g. `*.py`, `test_*.py`, `src/**/*.ts`, `*.{ts,tsx}`. A pattern matches the path " +
    `relative to the worktree or the file name; \`*\` also crosses folders. Dot folders are skipped; at most ${MAX_GLOB_FILES} files are listed.`,
  args: v.strictObject({
    pattern: v.pipe(v.string(), v.description("Glob pattern matched against each file's relative path and its name.")),
  }),
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  run: ({ pattern }, ctx) => {
    const walked = ctx.files.walk(".");
    if (!walked.ok) return walked;
    const matches = matcher(pattern);
    // Plain string order, as Python's sorted(): `a.txt` before `a/x`.
    const found = walked.files.filter(matches).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (found.length === 0) return { ok: true, output: "No files matched." };
    if (found.length <= MAX_GLOB_FILES) return { ok: true, output: found.join("\n") };
    return { ok: true, output: `${found.slice(0, MAX_GLOB_FILES).join("\n")}\n... (truncated at ${MAX_GLOB_FILES} files)` };
  },
});
