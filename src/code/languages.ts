/** The source languages code intelligence understands, by file extension. */

export const PYTHON_EXTS = [".py", ".pyi"] as const;
export const SCRIPT_EXTS = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"] as const;
export const GO_EXTS = [".go"] as const;
export const RUST_EXTS = [".rs"] as const;

export type ScriptLoader = "ts" | "tsx" | "js" | "jsx";
export type Language = "python" | "script" | "go" | "rust" | "json" | null;

/** The extension of a path's last component, with its dot (`.py`), or "" when it has none. */
export function extOf(path: string): string {
  const base = path.split("/").pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

/** A file's language by its extension: Python, TypeScript/JavaScript ("script"), Go, Rust, JSON, or null. */
export function languageOf(path: string): Language {
  const ext = extOf(path);
  if ((PYTHON_EXTS as readonly string[]).includes(ext)) return "python";
  if ((SCRIPT_EXTS as readonly string[]).includes(ext)) return "script";
  if ((GO_EXTS as readonly string[]).includes(ext)) return "go";
  if ((RUST_EXTS as readonly string[]).includes(ext)) return "rust";
  return ext === ".json" ? "json" : null;
}

/** Bun.Transpiler's loader for a TypeScript/JavaScript file. */
export function loaderFor(path: string): ScriptLoader {
  const ext = extOf(path);
  if (ext === ".tsx") return "tsx";
  if (ext === ".jsx") return "jsx";
  return ext === ".ts" || ext === ".mts" || ext === ".cts" ? "ts" : "js";
}
