/**
 * Readers of the human formats, line by line: a located line (`path:line:col: …`, tsc's
 * `path(line,col): …`), a header line above a location (rustc, clippy, ty, ruff's full
 * format `-->`; oxlint `,-[…]`), Biome's `path:line:col rule ━━━` blocks, and ESLint's
 * stylish rows under a file line. Lines are read with ANSI colours already removed.
 */
import { type Detail, parseDetail } from "./detail.ts";
import { type Diagnostic, diagnostic, severityOf } from "./types.ts";

interface State {
  found: Diagnostic[];
  /** The last line nothing else claimed: the header of a block whose location follows. */
  header: string | null;
  /** The file of ESLint stylish, xo and pyright rows. */
  file: string | null;
  /** A tsc or pyright diagnostic whose message continues on more indented lines. */
  open: { d: Diagnostic; indent: number } | null;
  /** A rustc block still open: its `= note:` lines may name the lint. */
  block: Diagnostic | null;
  /** A Biome header waiting for its message line. */
  biome: Omit<Diagnostic, "message" | "severity"> | null;
}

const ARROW = /^\s*-->\s*(.+?):(\d+)(?::(\d+))?\s*$/;
const OXLINT_BOX = /^\s*(?:,-|╭─)\[(.+?):(\d+):(\d+)\]\s*$/;
const OXLINT_HEADER = /^([!x×⚠])\s+(?:([\w@/.-]+\([\w@/.:-]+\)):\s+)?(.*)$/;
const RUSTC_LINT = /^\s*= (?:note|help): .*#\[(?:allow|warn|deny)\(([\w:]+)\)\]/;
const BIOME_HEADER = /^(\S.*?)(?::(\d+):(\d+))? ([a-z]+(?:\/[\w]+)*)(?:\s+FIXABLE)?\s+━{3,}\s*$/;
const BIOME_MESSAGE = /^\s*([×✖!⚠iℹ])\s+(.*)$/;
const STYLISH_ROW = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.*?)(?:\s{2,}(\S+))?\s*$/;
const XO_ROW = /^\s+([✖⚠])\s+(\d+):(\d+)\s+(.*?)(?:\s{2,}(\S+))?\s*$/;
const XO_FILE = /^\s+(\S+):\d+:\d+\s*$/;
const TSC = /^(\S.*?)\((\d+),(\d+)\): (.*)$/;
const LOCATED = /^(\s*)([^\s:][^:]*?):(\d+)(?::(\d+))?(: +| - )(\S.*)$/;
const FILE_LEVEL = /^(\S+): (error|warning): (.*)$/;
const LONE_PATH = /^[^\s:]*[/.][^\s:]*$/;

const GLYPH_SEVERITY: Record<string, Diagnostic["severity"] | null> = { "×": "error", "✖": "error", x: "error", "!": "warning", "⚠": "warning", i: null, ℹ: null };

function add(s: State, file: string, line: string | number, column: string | undefined, detail: Detail): Diagnostic {
  const d = diagnostic({ file: file.trim(), line: Number(line), column: column ? Number(column) : undefined, ...detail });
  s.found.push(d);
  return d;
}

/** `--> path:line:col` under a header (rustc, clippy, ty, ruff), or oxlint's `,-[path:line:col]`. */
function located(s: State, line: string): boolean {
  let m = ARROW.exec(line);
  if (m) {
    s.block = add(s, m[1]!, m[2]!, m[3], (s.header && parseDetail(s.header)) || { message: s.header ?? "" });
    return true;
  }
  if ((m = OXLINT_BOX.exec(line))) {
    const h = OXLINT_HEADER.exec(s.header ?? "");
    const severity = h ? GLYPH_SEVERITY[h[1]!] : null;
    add(s, m[1]!, m[2]!, m[3], { ...(severity ? { severity } : {}), ...(h?.[2] ? { code: h[2] } : {}), message: h ? h[3]! : (s.header ?? "") });
    return true;
  }
  return false;
}

/** Biome: `path:line:col category ━━━`, then `  × message` a line or two below. */
function biome(s: State, line: string): boolean {
  let m = BIOME_HEADER.exec(line);
  if (m) {
    s.biome = { file: m[1]!, line: m[2] ? Number(m[2]) : 0, ...(m[3] ? { column: Number(m[3]) } : {}), code: m[4]! };
    return true;
  }
  if (!s.biome || !(m = BIOME_MESSAGE.exec(line))) return false;
  const severity = GLYPH_SEVERITY[m[1]!];
  if (severity) add(s, s.biome.file, s.biome.line, s.biome.column?.toString(), { code: s.biome.code, severity, message: m[2]! });
  s.biome = null;
  return true;
}

/** ESLint stylish and xo rows `  line:col  error  message  rule` under the file they belong to. */
function row(s: State, line: string): boolean {
  if (!s.file) return false;
  let m = STYLISH_ROW.exec(line);
  if (m) {
    add(s, s.file, m[1]!, m[2], { severity: severityOf(m[3]) ?? undefined, ...(m[5] ? { code: m[5] } : {}), message: m[4]! });
    return true;
  }
  if ((m = XO_ROW.exec(line))) {
    add(s, s.file, m[2]!, m[3], { severity: GLYPH_SEVERITY[m[1]!] ?? undefined, ...(m[5] ? { code: m[5] } : {}), message: m[4]! });
    return true;
  }
  return false;
}

/** `path:line:col: …`, `path:line:col - …` (tsc pretty, pyright), `path(line,col): …` (tsc), `path: error: …` (mypy). */
function inline(s: State, line: string): boolean {
  let m = TSC.exec(line);
  if (m) {
    const detail = parseDetail(m[4]!);
    s.open = detail ? { d: add(s, m[1]!, m[2]!, m[3], detail), indent: 0 } : null;
    return true;
  }
  if ((m = LOCATED.exec(line))) {
    const detail = parseDetail(m[6]!);
    const dash = m[5] === " - ";
    // tsc's related information (`  path:line:col - The expected type comes from …`) has no severity.
    s.open = null;
    if (detail && !(dash && !detail.severity)) {
      const d = add(s, m[2]!, m[3]!, m[4], detail);
      if (dash) s.open = { d, indent: m[1]!.length };
    }
    return true;
  }
  if ((m = FILE_LEVEL.exec(line))) {
    add(s, m[1]!, 0, undefined, { severity: severityOf(m[2]) ?? undefined, ...(parseDetail(m[3]!) ?? { message: m[3]! }) });
    return true;
  }
  return false;
}

/** A more indented line under a tsc or pyright diagnostic: more of its message (pyright puts the rule at its end). */
function continuation(s: State, line: string): boolean {
  const indent = line.length - line.trimStart().length;
  if (!s.open || indent <= s.open.indent) return false;
  const d = s.open.d;
  const more = parseDetail(line);
  const text = line.trim();
  if (!d.code && more?.code && text.endsWith(")")) {
    d.code = more.code;
    d.message = `${d.message}\n${more.message.trim()}`;
  } else d.message = `${d.message}\n${text}`;
  return true;
}

/** `= note: … #[warn(clippy::x)]` in a rustc block: the lint of a diagnostic printed without a code. */
function rustcLint(s: State, line: string): boolean {
  const m = RUSTC_LINT.exec(line);
  if (!m || !s.block) return false;
  s.block.code ??= m[1]!;
  return true;
}

function fileLine(s: State, line: string): boolean {
  const m = XO_FILE.exec(line);
  if (m) s.file = m[1]!;
  else if (LONE_PATH.test(line)) s.file = line;
  return !!m;
}

const READERS = [continuation, located, rustcLint, biome, row, inline];

/** Every diagnostic the human-format lines name a place for. */
export function readTextLines(lines: readonly string[]): Diagnostic[] {
  const s: State = { found: [], header: null, file: null, open: null, block: null, biome: null };
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (!line.trim()) {
      s.open = s.block = null;
      continue;
    }
    const claimed = READERS.some((read) => read(s, line));
    if (!claimed) {
      s.open = null;
      if (fileLine(s, line)) continue;
    }
    s.header = claimed ? null : line.trim();
  }
  return s.found;
}
