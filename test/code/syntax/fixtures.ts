/** The fixture projects of test/fixtures/syntax, read and parsed as the layer reads any file. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Definition, definitions, grammarOf, imports, parseFile, type SyntaxTree } from "../../../src/code/syntax/index.ts";

export const FIXTURES = join(import.meta.dir, "..", "..", "fixtures", "syntax");

export function fixtureText(rel: string): string {
  return readFileSync(join(FIXTURES, rel), "utf8");
}

/** A fixture file parsed by the grammar of its extension. */
export async function parsed(rel: string): Promise<SyntaxTree> {
  return parseFile(fixtureText(rel), grammarOf(rel)!);
}

/** One definition on one line, every field but the hash: `pub fn Circle.new 18:12 18-20 (radius: f64) -> Self`. */
export function defLine(d: Definition): string {
  const head = [d.exported, d.keyword === d.kind ? d.kind : `${d.kind}(${d.keyword})`].filter(Boolean).join(" ");
  return `${head} ${d.container ? `${d.container}.` : ""}${d.name} ${d.line}:${d.col} ${d.startLine}-${d.endLine}${d.signature ? ` ${d.signature}` : ""}`;
}

export async function defLines(rel: string): Promise<string[]> {
  using tree = await parsed(rel);
  return definitions(tree).map(defLine);
}

export async function importLines(rel: string): Promise<string[]> {
  using tree = await parsed(rel);
  return imports(tree).map((i) => `${i.line} ${i.kind} ${i.specifier}${i.names ? ` [${i.names.join(", ")}]` : ""}`);
}
