import TOML from "@iarna/toml";
import { DgovError } from "../errors.ts";
import { indexKeyLines, lineOf, type KeyPath } from "./locate.ts";

/** A parsed TOML file that can say on which line a key was written. */
export interface TomlDocument {
  readonly file: string;
  readonly data: Record<string, unknown>;
  lineOf(path: KeyPath): number | undefined;
}

/**
 * The only place dgov parses TOML. A syntax error becomes a DgovError naming the file,
 * line and column; nothing else about @iarna/toml leaks out of this module.
 */
export function parseToml(text: string, file: string): TomlDocument {
  let data: Record<string, unknown>;
  try {
    data = TOML.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw syntaxError(error, file);
  }
  let index: Map<string, number> | undefined;
  return {
    file,
    data,
    lineOf(path) {
      index ??= indexKeyLines(text);
      return lineOf(index, path);
    },
  };
}

interface TomlSyntaxError {
  message: string;
  line?: number;
  col?: number;
}

function syntaxError(error: unknown, file: string): DgovError {
  const e = error as TomlSyntaxError;
  const firstLine = String(e.message ?? error).split("\n")[0] ?? "";
  const reason = firstLine.replace(/ at row \d+, col \d+, pos \d+:?$/, "");
  const where = typeof e.line === "number" ? `${file}:${e.line + 1}:${(e.col ?? 0) + 1}` : file;
  return new DgovError({
    code: "E_TOML",
    message: `${where}: invalid TOML: ${reason}`,
    hint: "Fix the syntax at that position; TOML reference: https://toml.io/en/v1.0.0",
  });
}
