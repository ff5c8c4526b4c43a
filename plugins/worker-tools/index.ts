import { definePlugin, type ToolDef } from "dgov/plugin";
import { codeTools } from "./code.ts";
import { coreTools } from "./core.ts";
import { shellTools } from "./shell.ts";

/** The catalogue order of spec workers-llm §3.1 (then the planner's tools): what the model sees. */
const ORDER = [
  "read_file", "write_file", "edit_file", "apply_patch", "run_bash",
  "grep", "glob", "list_dir", "git_diff", "recent_changes", "assert_file_unchanged", "revert_file",
  "find_references", "ast_grep", "file_symbols", "check_syntax", "related_files", "search_tests_for",
  "ripgrep", "jq", "tree", "word_count", "head", "tail",
  "run_tests", "lint_check", "lint_fix", "format_file", "type_check", "scope_status",
  "done", "emit_plan", "ask_user",
];

const all: ToolDef<any, any>[] = [...coreTools, ...shellTools, ...codeTools];
const rank = (t: ToolDef) => (ORDER.includes(t.name) ? ORDER.indexOf(t.name) : ORDER.length);

/** dgov's worker tools (dgov-py's 31, same names and arguments), plus the planner's two. */
export default definePlugin({
  name: "worker-tools",
  api: 1,
  description: "The tools of dgov's LLM workers: files, search, git, code intelligence, shell, verification, scope",
  tools: [...all].sort((a, b) => rank(a) - rank(b)),
});
