import type { Claims, TaskRole } from "../plugin/types.ts";
import type { Sop } from "./types.ts";

/** What SOP selection looks at in a unit of work. */
export interface SopMatchInput {
  summary: string;
  role: TaskRole;
  /** paths the unit writes: create, edit, touch (not read, not delete) */
  writes: readonly string[];
}

/**
 * The paths a unit writes, for `SopMatchInput.writes`: created, edited and touched files.
 * Reads only look and deletes leave nothing behind, so neither says what conventions apply.
 */
export function writtenPaths(claims: Pick<Claims, "create" | "edit" | "touch">): string[] {
  return [...claims.create, ...claims.edit, ...claims.touch];
}

/** Normalizes a word: lower-case, drop one trailing "s" when longer than 3 chars and not ending in "ss". */
export function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  return lower.length > 3 && lower.endsWith("s") && !lower.endsWith("ss") ? lower.slice(0, -1) : lower;
}

const EDGE_PUNCTUATION = /^[.,;:()"'`]+|[.,;:()"'`]+$/g;
const TEST_DIRS = new Set(["test", "tests", "__tests__"]);
const TEST_SUFFIXES = ["_test.py", "_test.go", "test.swift", "tests.swift"];

const LANGUAGE_BY_EXTENSION: Record<string, readonly string[]> = {
  py: ["python"],
  swift: ["swift"],
  go: ["go"],
  rs: ["rust"],
  ...Object.fromEntries(["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts"].map((ext) => [ext, ["javascript", "typescript"]])),
};

/** Unit keywords (normalized) from the summary's words, the kinds of paths written, and the role. */
export function unitKeywords(input: SopMatchInput): Set<string> {
  const words: string[] = input.summary
    .split(/\s+/)
    .map((word) => word.replace(EDGE_PUNCTUATION, ""))
    .filter((word) => word !== "");
  for (const path of input.writes) words.push(...pathKeywords(path));
  if (input.role === "reviewer" || input.role === "researcher") words.push("review", "reviewer");
  return new Set(words.map(normalizeWord));
}

/** SOPs whose normalized applies_to tags intersect the unit keywords, in the order of `sops`. */
export function matchSops(input: SopMatchInput, sops: readonly Sop[]): Sop[] {
  const keywords = unitKeywords(input);
  return sops.filter((sop) => sop.appliesTo.some((tag) => keywords.has(normalizeWord(tag))));
}

function pathKeywords(path: string): string[] {
  // Case-insensitive so Swift's `Tests/FooTests.swift` counts as a test like `tests/test_foo.py`.
  const parts = path.replace(/\\/g, "/").toLowerCase().split("/");
  const fileName = parts.pop() ?? "";
  const keywords: string[] = [];
  if (isTestPath(parts, fileName)) keywords.push("test", "tests");
  const dot = fileName.lastIndexOf(".");
  if (dot > 0) keywords.push(...(LANGUAGE_BY_EXTENSION[fileName.slice(dot + 1)] ?? []));
  return keywords;
}

function isTestPath(dirs: readonly string[], fileName: string): boolean {
  return (
    dirs.some((dir) => TEST_DIRS.has(dir)) ||
    fileName.startsWith("test_") ||
    TEST_SUFFIXES.some((suffix) => fileName.endsWith(suffix)) ||
    fileName.includes(".test.") ||
    fileName.includes(".spec.")
  );
}
