/** The source languages the code-intelligence tools understand, by file extension. */
import type { FileResult, WorktreeFiles } from "dgov/plugin";

export const PYTHON_EXTS = [".py", ".pyi"] as const;
export const SCRIPT_EXTS = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"] as const;

export type ScriptLoader = "ts" | "tsx" | "js" | "jsx";
export type Language = "python" | "script" | "json" | null;

/** The extension of a path's last component, with its dot (`.py`), or "" when it has none. */
export function extOf(path: string): string {
  const base = path.split("/").pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

export function languageOf(path: string): Language {
  const ext = extOf(path);
  if ((PYTHON_EXTS as readonly string[]).includes(ext)) return "python";
  if ((SCRIPT_EXTS as readonly string[]).includes(ext)) return "script";
  return ext === ".json" ? "json" : null;
}

/** Bun.Transpiler's loader for a TypeScript/JavaScript file. */
export function loaderFor(path: string): ScriptLoader {
  const ext = extOf(path);
  if (ext === ".tsx") return "tsx";
  if (ext === ".jsx") return "jsx";
  return ext === ".ts" || ext === ".mts" || ext === ".cts" ? "ts" : "js";
}

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
