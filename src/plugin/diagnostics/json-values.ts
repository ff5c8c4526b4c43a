/**
 * Finds the JSON a tool printed among its other output: values that start a line with `{` or
 * `[` (one document, JSON lines, or go vet's concatenated objects between `# pkg` comments).
 * The lines that are not JSON are kept, in order, for the readers of human formats.
 */

/** The index just past the JSON value (object or array) opening at `start`, or -1 if it never closes. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Splits output into the JSON values it holds and its remaining lines. */
export function splitJson(output: string): { values: unknown[]; lines: string[] } {
  const values: unknown[] = [];
  const lines: string[] = [];
  let at = 0;
  while (at < output.length) {
    let eol = output.indexOf("\n", at);
    if (eol < 0) eol = output.length;
    const line = output.slice(at, eol);
    const indent = line.length - line.trimStart().length;
    const open = line[indent];
    if (open === "{" || open === "[") {
      const end = valueEnd(output, at + indent);
      const value = end > 0 ? parsed(output.slice(at + indent, end)) : { ok: false as const };
      if (value.ok) {
        values.push(value.value);
        // Whatever follows the value on its last line (a message on stderr without a newline) is text.
        const next = output.indexOf("\n", end);
        const tail = output.slice(end, next < 0 ? output.length : next).trim();
        if (tail) lines.push(tail);
        at = next < 0 ? output.length : next + 1;
        continue;
      }
    }
    // A carriage return inside a line (a progress display) leaves what was written last.
    const text = line.replace(/\r$/, "");
    lines.push(text.slice(text.lastIndexOf("\r") + 1));
    at = eol + 1;
  }
  return { values, lines };
}
