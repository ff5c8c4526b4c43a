import { located } from "./located.ts";

/** One top-level key of the front matter: its YAML value and the line it is on. */
export interface FrontMatterField {
  value: unknown;
  /** 1-based line in the file. */
  line: number;
}

/** The front matter split off a SOP file: its fields and where the body begins. */
export interface FrontMatter {
  fields: Map<string, FrontMatterField>;
  /** 0-based index of the first line after the closing `---`. */
  bodyStart: number;
}

/** The validated front matter of a SOP. */
export interface SopHeader {
  name: string;
  title: string;
  summary: string;
  appliesTo: string[];
  priority: "must" | "should";
}

const NAME = /^[a-z0-9][a-z0-9_-]*$/;
const PRIORITIES = ["must", "should"] as const;

/**
 * Splits the `---` fenced front matter off `lines` and reads it as YAML (`Bun.YAML`): a mapping
 * of the SOP's fields. dgov-py's `key: value` lines are YAML already; a value YAML cannot read
 * as written (a `: ` inside an unquoted summary) is named with its line and wants quotes.
 */
export function splitFrontMatter(lines: readonly string[], file: string): { frontMatter: FrontMatter | null; errors: string[] } {
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === "---");
  if (lines[0]?.trim() !== "---" || close === -1) {
    return { frontMatter: null, errors: [located(file, 1, "missing front matter")] };
  }
  const block = lines.slice(1, close);
  let data: unknown;
  try {
    data = Bun.YAML.parse(block.join("\n"));
  } catch {
    // Bun's YAML errors carry no position: the first line whose prefix stops parsing is it.
    const bad = block.findIndex((_, i) => !parses(block.slice(0, i + 1).join("\n")));
    const at = bad === -1 ? block.length : bad + 1;
    return { frontMatter: null, errors: [located(file, at + 1, `front matter is not valid YAML at '${(block[at - 1] ?? "").trim()}' (quote a value that contains ': ' or starts with a special character)`)] };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== "object" || Array.isArray(data)) return { frontMatter: null, errors: [located(file, 2, "front matter must be YAML `key: value` fields")] };
  const lineOf = (key: string) => {
    const i = block.findIndex((line) => line.startsWith(`${key}:`) || line.startsWith(`"${key}":`) || line.startsWith(`'${key}':`));
    return i === -1 ? 2 : i + 2;
  };
  const fields = new Map(Object.entries(data as Record<string, unknown>).map(([key, value]) => [key, { value, line: lineOf(key) }]));
  return { frontMatter: { fields, bodyStart: close + 1 }, errors: [] };
}

function parses(text: string): boolean {
  try {
    Bun.YAML.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A scalar field as text (YAML reads `priority: 1` as a number); null for lists, maps and nothing. */
const scalarText = (value: unknown): string | null => (typeof value === "string" ? value.trim() : typeof value === "number" || typeof value === "boolean" ? String(value) : null);

/** Validates the raw fields into a header; unknown keys are ignored, as dgov-py does. */
export function readHeader(fields: Map<string, FrontMatterField>, file: string): { header: SopHeader | null; errors: string[] } {
  const errors: string[] = [];
  const required = (key: string): { value: string; line: number } | undefined => {
    const field = fields.get(key);
    const text = scalarText(field?.value);
    if (field && text) return { value: text, line: field.line };
    errors.push(located(file, field?.line ?? 1, `missing required front-matter field '${key}'`));
    return undefined;
  };
  const name = required("name");
  const title = required("title");
  const summary = required("summary");
  const appliesField = fields.get("applies_to");
  if (!appliesField || appliesField.value === null || appliesField.value === "") errors.push(located(file, appliesField?.line ?? 1, "missing required front-matter field 'applies_to'"));
  const priorityField = required("priority");
  if (name && !NAME.test(name.value)) {
    errors.push(located(file, name.line, `name '${name.value}' must match ${NAME.source} (lower-case letters, digits, '-', '_')`));
  }
  const appliesTo = appliesField && appliesField.value !== null && appliesField.value !== "" ? readTagList(appliesField, file, errors) : undefined;
  const priority = priorityField ? readPriority(priorityField, file, errors) : undefined;
  if (errors.length > 0 || !name || !title || !summary || !appliesTo || !priority) return { header: null, errors };
  return { header: { name: name.value, title: title.value, summary: summary.value, appliesTo, priority }, errors };
}

function readTagList(field: FrontMatterField, file: string, errors: string[]): string[] | undefined {
  if (!Array.isArray(field.value)) {
    errors.push(located(file, field.line, "'applies_to' must be a list, e.g. [review, diff]"));
    return undefined;
  }
  const tags = field.value.map(scalarText).filter((item): item is string => item !== null && item !== "");
  if (tags.length === 0) {
    errors.push(located(file, field.line, "'applies_to' must not be empty"));
    return undefined;
  }
  return tags;
}

function readPriority(field: { value: string; line: number }, file: string, errors: string[]): SopHeader["priority"] | undefined {
  const lowered = field.value.toLowerCase();
  const known = PRIORITIES.find((p) => p === lowered);
  if (!known) errors.push(located(file, field.line, `priority must be one of ${PRIORITIES.join(", ")}, got '${field.value}'`));
  return known;
}
