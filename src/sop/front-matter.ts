import { located } from "./located.ts";

/** One raw `key: value` line of the front matter. */
export interface FrontMatterField {
  value: string;
  /** 1-based line in the file. */
  line: number;
}

/** The front matter split off a SOP file: raw fields and where the body begins. */
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

/** Strips one pair of matching surrounding quotes: `"x"` and `'x'` both mean `x`. */
export function unquote(value: string): string {
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) return value.slice(1, -1);
  return value;
}

/**
 * Splits the `---` fenced front matter off `lines`. A hand-rolled reader rather than YAML,
 * because dgov-py's format is one `key: value` per line and nothing more.
 */
export function splitFrontMatter(lines: readonly string[], file: string): { frontMatter: FrontMatter | null; errors: string[] } {
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === "---");
  if (lines[0]?.trim() !== "---" || close === -1) {
    return { frontMatter: null, errors: [located(file, 1, "missing front matter")] };
  }
  const fields = new Map<string, FrontMatterField>();
  const errors: string[] = [];
  for (let i = 1; i < close; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    if (colon === -1) {
      errors.push(located(file, i + 1, `invalid front-matter line: '${line.trim()}'`));
      continue;
    }
    fields.set(line.slice(0, colon).trim(), { value: unquote(line.slice(colon + 1).trim()), line: i + 1 });
  }
  return { frontMatter: { fields, bodyStart: close + 1 }, errors };
}

/** Validates the raw fields into a header; unknown keys are ignored, as dgov-py does. */
export function readHeader(fields: Map<string, FrontMatterField>, file: string): { header: SopHeader | null; errors: string[] } {
  const errors: string[] = [];
  const required = (key: string): FrontMatterField | undefined => {
    const field = fields.get(key);
    if (field && field.value !== "") return field;
    errors.push(located(file, field?.line ?? 1, `missing required front-matter field '${key}'`));
    return undefined;
  };
  const name = required("name");
  const title = required("title");
  const summary = required("summary");
  const appliesField = required("applies_to");
  const priorityField = required("priority");
  if (name && !NAME.test(name.value)) {
    errors.push(located(file, name.line, `name '${name.value}' must match ${NAME.source} (lower-case letters, digits, '-', '_')`));
  }
  const appliesTo = appliesField ? readTagList(appliesField, file, errors) : undefined;
  const priority = priorityField ? readPriority(priorityField, file, errors) : undefined;
  if (errors.length > 0 || !name || !title || !summary || !appliesTo || !priority) return { header: null, errors };
  return { header: { name: name.value, title: title.value, summary: summary.value, appliesTo, priority }, errors };
}

function readTagList(field: FrontMatterField, file: string, errors: string[]): string[] | undefined {
  if (!field.value.startsWith("[") || !field.value.endsWith("]")) {
    errors.push(located(file, field.line, "'applies_to' must be a bracketed list"));
    return undefined;
  }
  const tags = field.value
    .slice(1, -1)
    .split(",")
    .map((item) => unquote(item.trim()))
    .filter((item) => item !== "");
  if (tags.length === 0) {
    errors.push(located(file, field.line, "'applies_to' must not be empty"));
    return undefined;
  }
  return tags;
}

function readPriority(field: FrontMatterField, file: string, errors: string[]): SopHeader["priority"] | undefined {
  const lowered = field.value.toLowerCase();
  const known = PRIORITIES.find((p) => p === lowered);
  if (!known) errors.push(located(file, field.line, `priority must be one of ${PRIORITIES.join(", ")}, got '${field.value}'`));
  return known;
}
