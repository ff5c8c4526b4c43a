/**
 * The core, navigation and git tools of the worker tool catalogue (workers-llm §3.1), in
 * the spec's order; run_bash (#5) and the code-intelligence tools live in other files.
 */
import { applyPatchTool } from "./apply-patch.ts";
import { editFileTool } from "./edit-file.ts";
import { gitDiffTool } from "./git-diff.ts";
import { assertFileUnchangedTool, recentChangesTool } from "./git-file.ts";
import { globTool } from "./glob.ts";
import { grepTool } from "./grep.ts";
import { headTool, tailTool } from "./lines.ts";
import { listDirTool } from "./list-dir.ts";
import { readFileTool } from "./read-file.ts";
import { revertFileTool } from "./revert-file.ts";
import { writeFileTool } from "./write-file.ts";

/** read_file, write_file, edit_file, apply_patch, grep, glob, list_dir, git_diff, recent_changes, assert_file_unchanged, revert_file, head, tail. */
export const coreTools = [
  readFileTool,
  writeFileTool,
  editFileTool,
  applyPatchTool,
  grepTool,
  globTool,
  listDirTool,
  gitDiffTool,
  recentChangesTool,
  assertFileUnchangedTool,
  revertFileTool,
  headTool,
  tailTool,
];
