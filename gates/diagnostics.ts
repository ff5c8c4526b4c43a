/**
 * One generic reader of linter and type-checker output: the location formats the common
 * tools print, so gates can scope diagnostics to lines and compare them with a baseline.
 */

/** One diagnostic as read from a tool's output. Paths are as the tool printed them. */
export interface Diagnostic {
  file: string;
  line: number;
  column?: number;
  /** The rule or error code (`F401`, `TS2322`, `E0308`, `attr-defined`), when printed. */
  code?: string;
  severity?: "error" | "warning";
  message: string;
}

type Detail = Omit<Diagnostic, "file" | "line" | "column">;

// rustc, clippy, ty, ruff's full format: a header line, then `--> path:line:col`.
const ARROW = /^\s*-->\s*(.+?):(\d+)(?::(\d+))?\s*$/;
// tsc: `path(line,col): error TS2322: …`.
const PAREN = /^\s*(\S[^:]*?)\((\d+),(\d+)\):\s*(.*)$/;
// `path:line[:col]` then `: `, ` - ` (tsc pretty, pyright) or a space (biome).
const LOCATION = /^\s*([^\s:][^:]*?):(\d+)(?::(\d+))?(?::\s*|\s+-\s+|\s+)(.*)$/;
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

const SEVERITY = "(error|warning|note|help|info|information|hint)";
const BRACKETED = new RegExp(`^${SEVERITY}\\[([^\\]]+)\\]:?\\s*(.*)$`, "i");
const TSC = new RegExp(`^${SEVERITY}\\s+(TS\\d+)\\s*:\\s*(.*)$`, "i");
const LABELLED = new RegExp(`^${SEVERITY}\\s*:\\s*(.*)$`, "i");
// mypy `… [attr-defined]`, pyright `… (reportX)`, eslint unix `… [Error/no-unused-vars]`.
const TRAILING_CODE = /^(.*?)\s+(?:\[(?:(Error|Warning)\/)?([\w./@-]+)\]|\((report\w+)\))$/;
// A leading rule code: ruff/flake8 `F401`, biome `lint/style/useConst`.
const LEADING_CODE = /^([A-Z][A-Z0-9]*\d+|[a-z][\w-]*(?:\/[\w-]+)+)(?=\s|$)\s*(.*)$/;

/** What a severity word means here; notes and hints are not diagnostics of their own. */
function severityOf(word: string): Diagnostic["severity"] | null {
  const w = word.toLowerCase();
  if (w === "error") return "error";
  if (w === "warning") return "warning";
  return null;
}

function withTrailingCode(message: string, severity?: Diagnostic["severity"]): Detail {
  const m = TRAILING_CODE.exec(message);
  if (!m) return severity ? { severity, message } : { message };
  const sev = severity ?? (m[2] ? severityOf(m[2]) ?? undefined : undefined);
  return { ...(sev ? { severity: sev } : {}), code: m[3] ?? m[4]!, message: m[1]! };
}

/** Reads the text after a location (or a header line): severity, code and message. Null for notes. */
export function parseDetail(text: string): Detail | null {
  const rest = text.trim();
  let m = BRACKETED.exec(rest) ?? TSC.exec(rest);
  if (m) {
    const severity = severityOf(m[1]!);
    return severity ? { severity, code: m[2]!, message: m[3]! } : null;
  }
  m = LABELLED.exec(rest);
  if (m) {
    const severity = severityOf(m[1]!);
    return severity ? withTrailingCode(m[2]!, severity) : null;
  }
  m = LEADING_CODE.exec(rest);
  if (m) return { code: m[1]!, message: m[2]!.replace(/^\[\*\]\s*/, "") };
  return withTrailingCode(rest);
}

function located(file: string, line: string, column: string | undefined, detail: Detail | null): Diagnostic | null {
  if (!detail) return null;
  return { file: file.trim(), line: Number(line), ...(column ? { column: Number(column) } : {}), ...detail };
}

/** Parses every diagnostic the output names a location for (ruff, eslint, biome, clippy, ty, tsc, mypy, pyright). */
export function parseDiagnostics(output: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  let previous = "";
  for (const raw of output.replace(ANSI, "").split(/\r?\n/)) {
    const line = raw.trimEnd();
    let m = ARROW.exec(line);
    let d: Diagnostic | null = null;
    if (m) d = located(m[1]!, m[2]!, m[3], previous ? parseDetail(previous) : { message: "" });
    else if ((m = PAREN.exec(line))) d = located(m[1]!, m[2]!, m[3], parseDetail(m[4]!));
    else if ((m = LOCATION.exec(line))) d = located(m[1]!, m[2]!, m[3], parseDetail(m[4]!));
    if (d && d.line > 0) found.push(d);
    if (line.trim()) previous = m ? "" : line.trim();
  }
  return found;
}

/** A tool's path made relative to the judged tree: a leading `./` or the tree's absolute path stripped. */
export function relativePath(file: string, dir: string): string {
  const root = dir.replace(/\/+$/, "");
  let path = file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
  while (path.startsWith("./")) path = path.slice(2);
  return path;
}

/** What stays the same when lines shift: the file and the code (or the message, without one). */
export function identity(d: Diagnostic): string {
  return `${d.file}\0${d.code ?? d.message}`;
}
