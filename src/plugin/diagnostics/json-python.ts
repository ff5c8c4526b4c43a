/** Readers of the JSON reports of the Python checkers: ruff, mypy (JSON lines), pyright. */
import { type Diagnostic, diagnostic, isObject, type JsonReader, num, severityOf, str } from "./types.ts";

/** `ruff check --output-format json`: `[{ code, message, filename, location: { row, column } }]` (ruff has no warnings). */
export const ruffJson: JsonReader = (value) => {
  if (!Array.isArray(value) || value.length === 0) return null;
  if (!value.every((d) => isObject(d) && typeof d.filename === "string" && isObject(d.location) && "code" in d)) return null;
  return value.map((d) => {
    const at = d.location as Record<string, unknown>;
    return diagnostic({ file: d.filename, line: num(at.row) ?? 0, column: num(at.column), code: str(d.code), severity: severityOf(d.severity) ?? "error", message: str(d.message) ?? "" });
  });
};

/** `mypy --output json`, one object a line: `{ file, line, column (0-based), message, code, severity }`; notes are dropped. */
export const mypyJson: JsonReader = (value) => {
  if (!isObject(value) || typeof value.file !== "string" || typeof value.message !== "string" || !("severity" in value) || !("line" in value)) return null;
  const severity = severityOf(value.severity);
  if (!severity) return [];
  const column = num(value.column);
  return [diagnostic({ file: value.file, line: num(value.line) ?? 0, column: column === undefined ? undefined : column + 1, code: str(value.code), severity, message: value.message })];
};

/** `pyright --outputjson`: `{ generalDiagnostics: [{ file, severity, message, range: { start: { line, character } } (0-based), rule }] }`. */
export const pyrightJson: JsonReader = (value) => {
  if (!isObject(value) || !Array.isArray(value.generalDiagnostics)) return null;
  return value.generalDiagnostics.filter(isObject).flatMap((d): Diagnostic[] => {
    const severity = severityOf(d.severity);
    const file = str(d.file);
    if (!severity || !file) return [];
    const start = isObject(d.range) && isObject(d.range.start) ? d.range.start : null;
    const line = num(start?.line);
    const column = num(start?.character);
    return [diagnostic({ file, line: line === undefined ? 0 : line + 1, column: column === undefined ? undefined : column + 1, code: str(d.rule), severity, message: str(d.message) ?? "" })];
  });
};
