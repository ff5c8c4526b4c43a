import { defineTool } from "dgov/plugin";
import * as v from "valibot";

const SCRIPT = "(?:ts|tsx|js|jsx|mjs|cjs|mts|cts)";
/** pytest's default file patterns, and Jest/Vitest/Bun's. */
const TEST_FILE = new RegExp(`(?:^|/)(?:test_[^/]*\\.py|[^/]*_test\\.py|[^/]*\\.(?:test|spec)\\.${SCRIPT}|__tests__/(?:.*/)?[^/]*\\.${SCRIPT})$`);
const SHOWN_PER_FILE = 5;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Is `rel` a test file by the usual naming conventions of Python and TypeScript/JavaScript? */
export function isTestFile(rel: string): boolean {
  return TEST_FILE.test(rel);
}

/** search_tests_for (spec §3.1 #18): test files under test_dir that mention a symbol as a word. */
export const searchTestsFor = defineTool({
  name: "search_tests_for",
  description:
    "Find the tests that mention a symbol (as a whole word) in the project's test directory: test_*.py, *_test.py, " +
    "*.test.ts, *.spec.ts (and .tsx/.js/.jsx/.mjs/.cjs/.mts/.cts), and files under __tests__/.",
  args: v.strictObject({
    symbol: v.pipe(v.string(), v.description("Function, class or other name to look for.")),
  }),
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  run({ symbol }, ctx) {
    if (symbol.trim() === "") return { ok: false, error: "symbol is empty." };
    const testDir = ctx.config.project.test_dir.trim() || ".";
    const found = ctx.files.resolve(testDir);
    if (!found.ok) return found;
    if (!ctx.files.exists(testDir)) return { ok: false, error: `test directory ${testDir} does not exist.` };
    const walked = ctx.files.walk(testDir);
    if (!walked.ok) return walked;
    const word = new RegExp(`\\b${escapeRegExp(symbol)}\\b`);
    const lines = [`Tests referencing '${symbol}':`];
    for (const rel of walked.files.filter(isTestFile)) {
      const file = ctx.files.readText(rel);
      if (!file.ok) continue;
      const hits = file.text.split("\n").flatMap((line, n) => (word.test(line) ? [`    ${n + 1}: ${line.trim()}`] : []));
      if (hits.length === 0) continue;
      lines.push(`  ${rel}:`, ...hits.slice(0, SHOWN_PER_FILE));
      if (hits.length > SHOWN_PER_FILE) lines.push(`    ... +${hits.length - SHOWN_PER_FILE} more`);
    }
    return { ok: true, output: lines.length > 1 ? lines.join("\n") : `No test files reference '${symbol}'.` };
  },
});
