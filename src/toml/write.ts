/**
 * TOML output primitives. dgov writes TOML by hand where the layout matters (commented
 * project.toml, byte-stable `_compiled.toml`), so every value goes through these escapes.
 */

/** A basic string: quotes, backslashes and every control character (incl. DEL) escaped. */
export function tomlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** An inline array of strings: `["a", "b"]`. */
export function tomlStringArray(values: readonly string[]): string {
  return `[${values.map(tomlString).join(", ")}]`;
}

/** A bare key when possible, else a quoted one. */
export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function inlineValue(value: unknown): string {
  if (typeof value === "string") return tomlString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(inlineValue).join(", ")}]`;
  if (isTable(value)) {
    const parts = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
    return parts.length ? `{ ${parts.map(([k, v]) => `${tomlKey(k)} = ${inlineValue(v)}`).join(", ")} }` : "{}";
  }
  return tomlString(String(value));
}

function emitTable(path: string[], table: Record<string, unknown>, out: string[]): void {
  const subtables = Object.entries(table).filter(([, v]) => isTable(v));
  const values = Object.entries(table).filter(([, v]) => !isTable(v) && v !== undefined);
  if (path.length > 0 && (values.length > 0 || subtables.length === 0)) {
    out.push(`[${path.map(tomlKey).join(".")}]`);
  }
  for (const [key, value] of values) {
    out.push(value === null ? `# ${tomlKey(key)} is not set` : `${tomlKey(key)} = ${inlineValue(value)}`);
  }
  if (path.length > 0 && (values.length > 0 || subtables.length === 0)) out.push("");
  for (const [key, value] of subtables) emitTable([...path, key], value as Record<string, unknown>, out);
}

/** Generic TOML for display (`dgov config`): scalars first, then one header per table. */
export function stringifyToml(data: Record<string, unknown>): string {
  const out: string[] = [];
  emitTable([], data, out);
  return `${out.join("\n").trimEnd()}\n`;
}

/**
 * A multi-line basic string (`"""…"""`), as people write prompts: newlines kept, backslashes,
 * quote runs and other control characters escaped.
 */
export function tomlMultiline(value: string): string {
  let body = "";
  let quotes = 0;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    // A third quote in a row would close the string: that one is escaped.
    quotes = ch === '"' ? quotes + 1 : 0;
    if (ch === '"') body += quotes === 3 ? ((quotes = 0), '\\"') : '"';
    else if (ch === "\\") body += "\\\\";
    else if (ch === "\n" || ch === "\t") body += ch;
    else if (code < 0x20 || code === 0x7f) body += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    else body += ch;
  }
  // A quote just before the closing delimiter would run into it.
  return `"""\n${quotes > 0 ? `${body.slice(0, -1)}\\"` : body}"""`;
}
