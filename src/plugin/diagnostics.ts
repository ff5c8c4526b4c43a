/**
 * One reader of linter and type-checker output, for gates and worker tools: the JSON reports
 * (ESLint, xo, oxlint, Biome, ruff, mypy, pyright, cargo/rustc, go vet) and the human formats
 * still in use (ESLint stylish, oxlint, Biome, ruff, mypy, pyright, tsc, ty, go vet, rustc,
 * clippy), each recognised from the output itself, so a gate needs no setting for its tool.
 */
import { splitJson } from "./diagnostics/json-values.ts";
import { biomeJson, eslintJson, oxlintJson } from "./diagnostics/json-js.ts";
import { cargoJson, goVetJson } from "./diagnostics/json-native.ts";
import { mypyJson, pyrightJson, ruffJson } from "./diagnostics/json-python.ts";
import { readTextLines } from "./diagnostics/text.ts";
import type { Diagnostic, JsonReader } from "./diagnostics/types.ts";

export type { Diagnostic } from "./diagnostics/types.ts";
export { diagnosticKey, type KeyedDiagnostic, keyDiagnostic, newDiagnostics, type NewOptions, normalizeMessage } from "./diagnostics/identity.ts";

// CSI (colours, cursor), OSC (links, titles), charset selection (`ESC ( B`, as rustfmt prints), other two-byte escapes.
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[@-Z\\-_])/g;

/** Text without terminal escape sequences (colours, links). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

// Most specific shapes first: go vet's (objects of objects of arrays) would accept others' values.
const JSON_READERS: JsonReader[] = [eslintJson, ruffJson, oxlintJson, biomeJson, pyrightJson, mypyJson, cargoJson, goVetJson];

interface Read {
  diagnostics: Diagnostic[];
  /** Diagnostics of formats whose tool exits 0 even when it reports them (`go vet -json`). */
  despiteSuccess: Diagnostic[];
}

/** One problem reported twice (cargo reports it for each target that compiles the file) counts once. */
function unique(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const id = JSON.stringify([d.file, d.line, d.column, d.code, d.severity, d.message]);
    return !seen.has(id) && (seen.add(id), true);
  });
}

function read(output: string): Read {
  const { values, lines } = splitJson(stripAnsi(output));
  const found: Diagnostic[] = [];
  const despiteSuccess: Diagnostic[] = [];
  for (const value of values) {
    for (const reader of JSON_READERS) {
      const read = reader(value);
      if (!read) continue;
      found.push(...read);
      if (reader === goVetJson) despiteSuccess.push(...read);
      break;
    }
  }
  found.push(...readTextLines(lines));
  return { diagnostics: unique(found), despiteSuccess: unique(despiteSuccess) };
}

/** Every diagnostic the output names a place for, in the order printed. */
export function parseDiagnostics(output: string): Diagnostic[] {
  return read(output).diagnostics;
}

/**
 * The diagnostics that made a run with this exit status fail: after a non-zero exit those
 * not marked as warnings (all of them when every one is a warning: `--max-warnings 0`);
 * after exit 0 only those of a format that exits 0 on findings (`go vet -json`).
 */
export function failingDiagnostics(output: string, exitCode: number): Diagnostic[] {
  const { diagnostics, despiteSuccess } = read(output);
  if (exitCode === 0) return despiteSuccess;
  const errors = diagnostics.filter((d) => d.severity !== "warning");
  return errors.length ? errors : diagnostics;
}

/** A tool's path made relative to the tree it ran in: a leading `./` or the tree's absolute path stripped. */
export function relativePath(file: string, dir: string): string {
  const root = dir.replace(/\/+$/, "");
  let path = file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
  while (path.startsWith("./")) path = path.slice(2);
  return path;
}
