import { defineTool } from "dgov/plugin";
import * as v from "valibot";

/** list_dir: one folder's entries, folders as `<path>/`, files with their sizes. */
export const listDirTool = defineTool({
  name: "list_dir",
  description:
    "List a folder's entries (dot entries hidden), sorted: folders as `path/`, files as `path  (<size> bytes)`, paths relative to the worktree.",
  args: v.strictObject({
    path: v.optional(v.pipe(v.string(), v.description("Folder to list, relative to the worktree (default: its root).")), "."),
  }),
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  run: ({ path }, ctx) => {
    const listed = ctx.files.list(path);
    if (!listed.ok) return listed;
    if (listed.entries.length === 0) return { ok: true, output: "(empty directory)" };
    const lines = listed.entries.map((entry) => (entry.dir ? `${entry.rel}/` : `${entry.rel}  (${entry.size} bytes)`));
    return { ok: true, output: lines.join("\n") };
  },
});
