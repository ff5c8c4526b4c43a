/**
 * The text after a location (or a header line above one): severity, code and message, in the
 * ways the common tools print them. Null for notes, help and info lines.
 */
import { type Diagnostic, severityOf } from "./types.ts";

export type Detail = Pick<Diagnostic, "code" | "severity" | "message">;

const SEVERITY = "(error|warning|warn|note|help|info|information|hint)";
// rustc, clippy, ty: `error[E0308]: …`; ty concise: `error[rule] …`.
const BRACKETED = new RegExp(`^${SEVERITY}\\[([^\\]]+)\\]:?\\s*(.*)$`, "i");
// tsc: `error TS2322: …`.
const TSC = new RegExp(`^${SEVERITY}\\s+(TS\\d+)\\s*:\\s*(.*)$`, "i");
// mypy, pyright, gcc-style: `error: …`.
const LABELLED = new RegExp(`^${SEVERITY}\\s*:\\s*(.*)$`, "i");
// mypy `… [attr-defined]`, pyright `… (reportX)`, eslint/oxlint unix `… [Error/no-unused-vars]`.
const TRAILING_CODE = /^(.*?)\s+(?:\[(?:(Error|Warning)\/)?([\w./@()-]+)\]|\((report\w+)\))$/s;
// ruff `F401 [*] …`, biome `lint/style/useConst …`.
const LEADING_CODE = /^([A-Z][A-Z0-9]*\d+|[a-z][\w-]*(?:\/[\w-]+)+)(?=\s|$)\s*(?:\[\*\]\s*)?(.*)$/s;
// ruff's full format: `invalid-syntax: …`, `unformatted: …`.
const NAMED = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)+|unformatted):\s+(.*)$/s;

function withTrailingCode(message: string, severity?: Diagnostic["severity"]): Detail {
  const m = TRAILING_CODE.exec(message);
  if (!m) return severity ? { severity, message } : { message };
  const sev = severity ?? severityOf(m[2]) ?? undefined;
  return { ...(sev ? { severity: sev } : {}), code: m[3] ?? m[4]!, message: m[1]! };
}

/** Severity, code and message of `text`; null when it is a note or help line. */
export function parseDetail(text: string): Detail | null {
  const rest = text.trim();
  let m = BRACKETED.exec(rest) ?? TSC.exec(rest);
  if (m) {
    const severity = severityOf(m[1]);
    return severity ? { severity, code: m[2]!, message: m[3]! } : null;
  }
  if ((m = LABELLED.exec(rest))) {
    const severity = severityOf(m[1]);
    return severity ? withTrailingCode(m[2]!, severity) : null;
  }
  if ((m = LEADING_CODE.exec(rest) ?? NAMED.exec(rest))) return { code: m[1]!, message: m[2]! };
  return withTrailingCode(rest);
}
