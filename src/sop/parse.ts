import { basename } from "node:path";
import { type FrontMatterField, readHeader, splitFrontMatter } from "./front-matter.ts";
import { located } from "./located.ts";
import { parseSections } from "./sections.ts";
import type { Sop } from "./types.ts";

/** A parsed SOP (null when any error was found), every error, and warnings that do not block it. */
export interface SopParseResult {
  sop: Sop | null;
  errors: string[];
  warnings: string[];
}

/** Parses one SOP file's text; `file` is the display path used in messages and `Sop.file`. */
export function parseSop(text: string, file: string): SopParseResult {
  const lines = text.split(/\r?\n/);
  const split = splitFrontMatter(lines, file);
  if (!split.frontMatter) return { sop: null, errors: split.errors, warnings: [] };
  const { header, errors: headerErrors } = readHeader(split.frontMatter.fields, file);
  const { sections, errors: bodyErrors } = parseSections(lines, split.frontMatter.bodyStart, file);
  const errors = [...split.errors, ...headerErrors, ...bodyErrors];
  const warnings = nameWarnings(split.frontMatter.fields.get("name"), file);
  if (!header || errors.length > 0) return { sop: null, errors, warnings };
  return { sop: { file, ...header, sections }, errors, warnings };
}

/** A name that differs from the file stem still works (dgov-py allows it), but misleads whoever looks for the file. */
function nameWarnings(name: FrontMatterField | undefined, file: string): string[] {
  const fileName = basename(file);
  const stem = fileName.endsWith(".md") ? fileName.slice(0, -3) : fileName;
  if (!name || name.value === "" || name.value === stem) return [];
  return [located(file, name.line, `name '${name.value}' differs from the file name '${fileName}'`)];
}
