/** Readers of the JSON reports of the Rust and Go tools: cargo (`--message-format=json`, rustc's JSON) and `go vet -json`. */
import { type Diagnostic, diagnostic, isObject, type Json, type JsonReader, num, severityOf, str } from "./types.ts";

/** One rustc diagnostic at its primary span; none for those without a place ("aborting due to …", failure notes). */
function rustcDiagnostic(m: Json): Diagnostic[] {
  const severity = severityOf(m.level);
  const spans = Array.isArray(m.spans) ? m.spans.filter(isObject) : [];
  const primary = spans.find((s) => s.is_primary === true) ?? spans[0];
  const file = str(primary?.file_name);
  if (!severity || !primary || !file) return [];
  const code = isObject(m.code) ? str(m.code.code) : undefined;
  return [diagnostic({ file, line: num(primary.line_start) ?? 0, column: num(primary.column_start), code, severity, message: str(m.message) ?? "" })];
}

/** `cargo clippy|check|build --message-format=json` lines (`reason: "compiler-message"`), or rustc's own `--error-format=json`. */
export const cargoJson: JsonReader = (value) => {
  if (!isObject(value)) return null;
  if (value.reason === "compiler-message" && isObject(value.message)) return rustcDiagnostic(value.message);
  if (value.$message_type === "diagnostic") return rustcDiagnostic(value);
  // The other cargo messages (artifacts, build scripts, build-finished) are cargo's, not diagnostics.
  return (typeof value.reason === "string" && "package_id" in value) || value.reason === "build-finished" ? [] : null;
};

const POSITION = /^(.+?):(\d+)(?::(\d+))?$/;

/** `go vet -json`: `{ "<package>": { "<analyzer>": [{ posn: "file:line:col", message }] } }`, printed on stderr. */
export const goVetJson: JsonReader = (value) => {
  if (!isObject(value)) return null;
  const found: Diagnostic[] = [];
  for (const analyzers of Object.values(value)) {
    if (!isObject(analyzers)) return null;
    for (const [analyzer, reports] of Object.entries(analyzers)) {
      if (!Array.isArray(reports)) return null;
      for (const r of reports) {
        const at = isObject(r) ? POSITION.exec(str(r.posn) ?? "") : null;
        if (!at || !isObject(r)) return null;
        found.push(diagnostic({ file: at[1]!, line: Number(at[2]), column: at[3] ? Number(at[3]) : undefined, code: analyzer, severity: "error", message: str(r.message) ?? "" }));
      }
    }
  }
  return found;
};
