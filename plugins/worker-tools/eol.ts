/**
 * Line endings. dgov-py read files in universal-newline mode, so models see and write LF;
 * these helpers let the tools match on LF text while leaving a file's own endings alone.
 */

/** One line of a file without its terminator, and the terminator (`""` on a last line without one). */
export interface FileLine {
  text: string;
  eol: string;
}

/** CRLF → LF (a lone CR is content, as git treats it). */
export function toLf(text: string): string {
  return text.replace(/\r\n/g, "\n");
}

/** The file's lines with their terminators; a final newline does not start another line. */
export function splitLines(text: string): FileLine[] {
  const lines: FileLine[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    if (newline === -1) {
      lines.push({ text: text.slice(start), eol: "" });
      break;
    }
    const crlf = newline > start && text[newline - 1] === "\r";
    lines.push({ text: text.slice(start, crlf ? newline - 1 : newline), eol: crlf ? "\r\n" : "\n" });
    start = newline + 1;
  }
  return lines;
}

/** The ending most lines use, for lines a tool adds: CRLF in a CRLF file, else LF. */
export function dominantEol(lines: readonly FileLine[]): string {
  let crlf = 0;
  let lf = 0;
  for (const line of lines) {
    if (line.eol === "\r\n") crlf++;
    else if (line.eol === "\n") lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}

/** The offset in `text` of the character at `lfIndex` in `toLf(text)`. */
export function originalOffset(text: string, lfIndex: number): number {
  let i = 0;
  for (let j = 0; j < lfIndex && i < text.length; j++) i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
  return i;
}
