/** One diagnostic as read from a tool's output. Paths are as the tool printed them. */
export interface Diagnostic {
  file: string;
  /** 1-based; 0 for a diagnostic about the whole file (a format check, a file that cannot be read). */
  line: number;
  column?: number;
  /** The rule or error code (`F401`, `TS2322`, `E0308`, `attr-defined`, `eslint(no-debugger)`), when printed. */
  code?: string;
  severity?: "error" | "warning";
  message: string;
}

/**
 * Reads one JSON value a tool printed: its diagnostics, or null when the value is not that
 * tool's shape. `info` and `note` level entries are not diagnostics of their own.
 */
export type JsonReader = (value: unknown) => Diagnostic[] | null;

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** A diagnostic with only the fields that are set (no `undefined` keys: results compare plainly). */
export function diagnostic(d: { file: string; line: number; column?: number | undefined; code?: string | null | undefined; severity?: Diagnostic["severity"] | null; message: string }): Diagnostic {
  const out: Diagnostic = { file: d.file, line: d.line > 0 ? Math.floor(d.line) : 0, message: d.message.trim() };
  if (d.column !== undefined && d.column > 0) out.column = d.column;
  if (d.code) out.code = d.code;
  if (d.severity) out.severity = d.severity;
  return out;
}

/** A severity word of any tool; null for the levels below a warning (info, note, hint, help). */
export function severityOf(word: unknown): Diagnostic["severity"] | null {
  const w = typeof word === "string" ? word.toLowerCase() : "";
  if (w === "error" || w === "fatal" || w.startsWith("error:")) return "error";
  if (w === "warning" || w === "warn") return "warning";
  return null;
}
