import { defineTool } from "dgov/plugin";
import * as v from "valibot";
import { originalOffset, toLf } from "./eol.ts";

/** Non-overlapping occurrences of `needle` (as Python's str.count). */
function countOccurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/**
 * Replaces the single occurrence of `oldText` in `text`. Matching happens on LF text; the
 * replaced span is mapped back to the original, so every other byte of the file (CRLF
 * endings included) stays as it was, and the new text takes the file's CRLF endings.
 */
export function replaceOnce(text: string, oldText: string, newText: string, path: string): { ok: true; text: string } | { ok: false; error: string } {
  const lf = toLf(text);
  const needle = toLf(oldText);
  const count = countOccurrences(lf, needle);
  if (count === 0) return { ok: false, error: `old_text not found in ${path}.` };
  if (count > 1) return { ok: false, error: `old_text matches ${count} locations in ${path}. Be more specific.` };
  const at = lf.indexOf(needle);
  const start = originalOffset(text, at);
  const end = originalOffset(text, at + needle.length);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const replacement = toLf(newText).replace(/\n/g, eol);
  return { ok: true, text: text.slice(0, start) + replacement + text.slice(end) };
}

/** edit_file: exact, single-occurrence text replacement. */
export const editFileTool = defineTool({
  name: "edit_file",
  description:
    "Replace one exact occurrence of old_text in an existing file with new_text. old_text must match the file exactly " +
    "(whitespace and indentation included) and occur exactly once; include surrounding lines to make it unique. " +
    "Line endings: old_text is matched with the file's CRLF endings read as LF, and a CRLF file keeps its CRLF endings.",
  args: v.strictObject({
    path: v.pipe(v.string(), v.description("File to edit, relative to the worktree.")),
    old_text: v.pipe(v.string(), v.description("The exact text to replace; must occur exactly once in the file.")),
    new_text: v.pipe(v.string(), v.description("The text that replaces it (may be empty to delete old_text).")),
  }),
  roles: ["worker"],
  effect: "write",
  run: ({ path, old_text, new_text }, ctx) => {
    const writable = ctx.files.resolve(path, { write: true });
    if (!writable.ok) return writable;
    const read = ctx.files.readText(path);
    if (!read.ok) return read;
    if (old_text === "") return { ok: false, error: "old_text is empty. Give the exact text to replace." };
    const edited = replaceOnce(read.text, old_text, new_text, path);
    if (!edited.ok) return edited;
    const written = ctx.files.writeText(path, edited.text);
    if (!written.ok) return written;
    return { ok: true, output: `Successfully edited ${path}`, writes: [written.rel] };
  },
});
