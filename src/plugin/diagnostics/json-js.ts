/** Readers of the JSON reports of the JavaScript linters: ESLint (and xo, which prints ESLint's), oxlint, Biome. */
import { type Diagnostic, diagnostic, isObject, type JsonReader, num, severityOf, str } from "./types.ts";

/** `eslint --format json`, `xo --reporter=json`: `[{ filePath, messages: [{ ruleId, severity: 1|2, message, line, column }] }]`. */
export const eslintJson: JsonReader = (value) => {
  if (!Array.isArray(value) || value.length === 0) return null;
  if (!value.every((r) => isObject(r) && typeof r.filePath === "string" && Array.isArray(r.messages))) return null;
  return value.flatMap((result) =>
    (result.messages as unknown[]).filter(isObject).flatMap((m): Diagnostic[] => {
      const severity = m.severity === 2 ? "error" : m.severity === 1 ? "warning" : null;
      if (!severity) return [];
      return [diagnostic({ file: result.filePath, line: num(m.line) ?? 0, column: num(m.column), code: str(m.ruleId), severity, message: str(m.message) ?? "" })];
    }),
  );
};

/** `oxlint --format json`: `{ diagnostics: [{ message, code, severity, filename, labels: [{ span: { line, column } }] }] }`. */
export const oxlintJson: JsonReader = (value) => {
  if (!isObject(value) || !Array.isArray(value.diagnostics) || !("number_of_files" in value || value.diagnostics.some((d) => isObject(d) && "filename" in d))) return null;
  return value.diagnostics.filter(isObject).flatMap((d): Diagnostic[] => {
    const file = str(d.filename);
    const severity = severityOf(d.severity);
    if (!file || !severity) return [];
    const span = (Array.isArray(d.labels) ? d.labels : []).map((l) => (isObject(l) && isObject(l.span) ? l.span : null)).find((s) => s && num(s.line));
    return [diagnostic({ file, line: num(span?.line) ?? 0, column: num(span?.column), code: str(d.code), severity, message: str(d.message) ?? "" })];
  });
};

/** Biome's message: a string (2.x), or markup nodes `[{ content }]` (1.x). */
function biomeText(message: unknown): string {
  if (typeof message === "string") return message;
  return Array.isArray(message) ? message.map((m) => (isObject(m) ? (str(m.content) ?? "") : "")).join("") : "";
}

/** `biome lint|check|format --reporter=json`: `{ diagnostics: [{ category, severity, message, location: { path, start } }], command }`. */
export const biomeJson: JsonReader = (value) => {
  if (!isObject(value) || !Array.isArray(value.diagnostics) || !isObject(value.summary)) return null;
  return value.diagnostics.filter(isObject).flatMap((d): Diagnostic[] => {
    const location = isObject(d.location) ? d.location : {};
    const file = str(location.path) ?? (isObject(location.path) ? str(location.path.file) : undefined);
    const severity = severityOf(d.severity);
    if (!file || !severity) return [];
    const start = isObject(location.start) ? location.start : {};
    const message = str(d.description) ?? biomeText(d.message);
    return [diagnostic({ file, line: num(start.line) ?? 0, column: num(start.column), code: str(d.category), severity, message })];
  });
};
