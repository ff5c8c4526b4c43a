/**
 * The shell and verification tools of the worker (spec workers-llm §3.1), in spec order:
 * run_bash, then the program wrappers, then the verification tools.
 */
import { findReferencesTool, jqTool, ripgrepTool } from "./wrappers.ts";
import { treeTool, wordCountTool } from "./listing.ts";
import { runBashTool } from "./run-bash.ts";
import { formatFileTool, lintCheckTool, lintFixTool, runTestsTool, typeCheckTool } from "./verify.ts";

export { checkShellPolicy } from "./policy.ts";
export { TESTS_PASSED } from "./verify.ts";

/** run_bash, find_references, ripgrep, jq, tree, word_count, run_tests, lint_check, lint_fix, format_file, type_check. */
export const shellTools = [
  runBashTool,
  findReferencesTool,
  ripgrepTool,
  jqTool,
  treeTool,
  wordCountTool,
  runTestsTool,
  lintCheckTool,
  lintFixTool,
  formatFileTool,
  typeCheckTool,
];
