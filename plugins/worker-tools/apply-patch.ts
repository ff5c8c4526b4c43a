import { defineTool } from "dgov/plugin";
import * as v from "valibot";
import { applyHunks } from "./patch-apply.ts";
import { parsePatch } from "./patch-parse.ts";

/** apply_patch: a unified diff applied to one existing file, verified, all or nothing. */
export const applyPatchTool = defineTool({
  name: "apply_patch",
  description:
    "Apply a unified diff to one existing file. Each hunk starts with `@@ -<line>,<count> +<line>,<count> @@`; " +
    "then context lines start with a space, removed lines with '-', added lines with '+'. Context and removed lines must " +
    "match the file exactly (whitespace included); if the line numbers are off, the hunk is applied where its lines do " +
    "match, nearest first. Counts in the header are not checked. Hunks must be in file order. If any hunk fails, nothing " +
    "is changed and the error names the hunk and the line that differs.",
  args: v.strictObject({
    path: v.pipe(v.string(), v.description("The existing file to patch, relative to the worktree.")),
    patch: v.pipe(v.string(), v.description("Unified diff for this one file (`---`/`+++` headers optional).")),
  }),
  roles: ["worker"],
  effect: "write",
  run: ({ path, patch }, ctx) => {
    const writable = ctx.files.resolve(path, { write: true });
    if (!writable.ok) return writable;
    const read = ctx.files.readText(path);
    if (!read.ok) return read;
    const parsed = parsePatch(patch);
    if (!parsed.ok) return parsed;
    const applied = applyHunks(read.text, parsed.hunks);
    if (!applied.ok) return applied;
    const written = ctx.files.writeText(path, applied.text);
    if (!written.ok) return written;
    const count = parsed.hunks.length;
    const moved = applied.offsets.map(({ hunk, offset }) => `hunk ${hunk} at offset ${offset > 0 ? "+" : ""}${offset} lines`);
    const note = moved.length ? `; applied ${moved.join(", ")}` : "";
    return { ok: true, output: `Successfully patched ${path} (${count} hunk${count === 1 ? "" : "s"}${note})`, writes: [written.rel] };
  },
});
