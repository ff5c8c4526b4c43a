/** Opening a source file for a code tool; the languages themselves are code intelligence's (src/code). */
import { extOf, type FileResult, type Language, languageOf, type WorktreeFiles } from "dgov/plugin";

export { extOf, type Language, languageOf, loaderFor, PYTHON_EXTS, SCRIPT_EXTS } from "dgov/plugin";

/** How an unsupported extension is named in error messages. */
export function describeExt(path: string): string {
  const ext = extOf(path);
  return ext ? `${ext} files` : "files without an extension";
}

export interface SourceFile {
  text: string;
  /** Worktree-relative path of the real file. */
  rel: string;
  abs: string;
  language: Exclude<Language, null>;
}

/**
 * Opens a source file for a code tool: contained in the worktree, existing, of an accepted
 * language (checked before reading, so a binary `.png` is refused for its extension), UTF-8.
 */
export function openSource(files: WorktreeFiles, path: string, accepted: readonly Language[], refusal: (rel: string) => string): FileResult<SourceFile> {
  const found = files.resolve(path);
  if (!found.ok) return found;
  if (!files.exists(path)) return { ok: false, error: `${path} does not exist.` };
  const language = languageOf(found.rel);
  if (language === null || !accepted.includes(language)) return { ok: false, error: refusal(found.rel) };
  const file = files.readText(path);
  return file.ok ? { ok: true, text: file.text, rel: file.rel, abs: found.abs, language } : file;
}
