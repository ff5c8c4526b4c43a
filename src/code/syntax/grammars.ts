/**
 * The tree-sitter grammars code intelligence parses with, and where their WASM builds are.
 * `type: "file"` makes `bun build --compile` embed each file in the binary (the import is its
 * path there); importing a path costs nothing at start-up, the bytes are read on first parse.
 */
import goWasm from "@vscode/tree-sitter-wasm/wasm/tree-sitter-go.wasm" with { type: "file" };
import javascriptWasm from "@vscode/tree-sitter-wasm/wasm/tree-sitter-javascript.wasm" with { type: "file" };
import pythonWasm from "@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm" with { type: "file" };
import rustWasm from "@vscode/tree-sitter-wasm/wasm/tree-sitter-rust.wasm" with { type: "file" };
import tsxWasm from "@vscode/tree-sitter-wasm/wasm/tree-sitter-tsx.wasm" with { type: "file" };
import typescriptWasm from "@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm" with { type: "file" };
import runtimeWasm from "web-tree-sitter/web-tree-sitter.wasm" with { type: "file" };
import { fileURLToPath } from "node:url";
import { extOf, GO_EXTS, PYTHON_EXTS, RUST_EXTS, SCRIPT_EXTS } from "../languages.ts";

/** A grammar: TypeScript and TSX are two, JavaScript (with JSX) one. */
export type Grammar = "typescript" | "tsx" | "javascript" | "python" | "go" | "rust";

export const GRAMMARS: readonly Grammar[] = ["typescript", "tsx", "javascript", "python", "go", "rust"];

/**
 * A file import's path: absolute in the binary and in the source tree; in the npm package's
 * bundle (`bun build --target=bun`) relative to the bundle's folder, where the assets sit.
 */
const asset = (path: string): string => (path.startsWith("./") ? fileURLToPath(new URL(path, import.meta.url)) : path);

/** The WASM build of each grammar. */
export const GRAMMAR_WASM: Record<Grammar, string> = {
  typescript: asset(typescriptWasm),
  tsx: asset(tsxWasm),
  javascript: asset(javascriptWasm),
  python: asset(pythonWasm),
  go: asset(goWasm),
  rust: asset(rustWasm),
};

/** web-tree-sitter's own runtime. */
export const RUNTIME_WASM: string = asset(runtimeWasm);

/** Every extension a grammar reads. */
export const GRAMMAR_EXTS: readonly string[] = [...PYTHON_EXTS, ...SCRIPT_EXTS, ...GO_EXTS, ...RUST_EXTS];

/** The grammar of a file by its extension, or null when none reads it. */
export function grammarOf(path: string): Grammar | null {
  const ext = extOf(path);
  if ((PYTHON_EXTS as readonly string[]).includes(ext)) return "python";
  if ((GO_EXTS as readonly string[]).includes(ext)) return "go";
  if ((RUST_EXTS as readonly string[]).includes(ext)) return "rust";
  if (ext === ".tsx") return "tsx";
  if (ext === ".ts" || ext === ".mts" || ext === ".cts") return "typescript";
  // JavaScript's grammar reads JSX too, so `.js` files of React projects parse.
  return (SCRIPT_EXTS as readonly string[]).includes(ext) ? "javascript" : null;
}
