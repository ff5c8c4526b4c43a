import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../write-file.ts";

/*
 * `.dgov/rules/learned.json`: rules every worker is told (the system prompt's LEARNED RULES),
 * read from the project root — never from a worktree a worker could have edited. dgov-py printed
 * the file raw and nothing wrote it; dgov writes a list of rules (`dgov ledger promote`) and
 * reads any JSON: a list of strings or of `{rule|content|text, paths?}`, `{rules: [...]}`, else raw.
 */

export interface LearnedRule {
  rule: string;
  paths?: string[];
  /** Where it came from, e.g. `ledger #3`. */
  source?: string;
  added_at?: string;
}

const MAX_CHARS = 8_000;

export const learnedRulesPath = (root: string) => join(root, ".dgov", "rules", "learned.json");

function ruleLine(item: unknown): string {
  if (typeof item === "string") return `- ${item}`;
  if (item && typeof item === "object") {
    const o = item as Record<string, unknown>;
    const text = [o.rule, o.content, o.text].find((x) => typeof x === "string");
    const paths = Array.isArray(o.paths) && o.paths.length ? ` (applies to: ${o.paths.join(", ")})` : "";
    if (typeof text === "string") return `- ${text}${paths}`;
  }
  return `- ${JSON.stringify(item)}`;
}

/** The LEARNED RULES text for the prompt; "" when there is no file. */
export function learnedRulesText(root: string): string {
  const file = learnedRulesPath(root);
  if (!existsSync(file)) return "";
  const raw = readFileSync(file, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const list = Array.isArray(value) ? value : value && typeof value === "object" && Array.isArray((value as { rules?: unknown }).rules) ? (value as { rules: unknown[] }).rules : null;
  const text = list ? list.map(ruleLine).join("\n") : raw.trim();
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}\n… [learned rules cut at ${MAX_CHARS} characters]` : text;
}

/** The rules dgov wrote (a list), for adding one; a file of another shape is refused rather than overwritten. */
export function readLearnedRules(root: string): LearnedRule[] | null {
  const file = learnedRulesPath(root);
  if (!existsSync(file)) return [];
  try {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    return Array.isArray(value) ? (value as LearnedRule[]) : null;
  } catch {
    return null;
  }
}

export function writeLearnedRules(root: string, rules: readonly LearnedRule[]): void {
  writeFileAtomic(learnedRulesPath(root), `${JSON.stringify(rules, null, 2)}\n`);
}
