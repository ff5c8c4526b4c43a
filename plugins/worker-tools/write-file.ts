import { defineTool } from "dgov/plugin";
import * as v from "valibot";

/** write_file: creates a new file; an existing file is changed with edit_file or apply_patch. */
export const writeFileTool = defineTool({
  name: "write_file",
  description:
    "Create a NEW file with the given content (missing parent folders are created). " +
    "It refuses a file that already exists: change existing files with edit_file or apply_patch.",
  args: v.strictObject({
    path: v.pipe(v.string(), v.description("Path of the new file, relative to the worktree.")),
    content: v.pipe(v.string(), v.description("The complete content of the new file.")),
  }),
  roles: ["worker"],
  effect: "write",
  run: ({ path, content }, ctx) => {
    const found = ctx.files.resolve(path, { write: true });
    if (!found.ok) return found;
    const exists = `${path} already exists. Use edit_file or apply_patch to modify existing files.`;
    if (ctx.files.exists(path)) return { ok: false, error: exists };
    const written = ctx.files.writeText(path, content, { create: true });
    // Created by someone else since the check: the same answer as above.
    if (!written.ok) return ctx.files.exists(path) ? { ok: false, error: exists } : written;
    const bytes = new TextEncoder().encode(content).length;
    return { ok: true, output: `Successfully wrote ${bytes} bytes to ${path}`, writes: [written.rel] };
  },
});
