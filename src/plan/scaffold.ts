import { tomlString, tomlStringArray } from "../toml/write.ts";

/** `_root.toml` of a new plan. */
export function renderRoot(name: string, sections: string[]): string {
  return `[plan]
name = ${tomlString(name)}
summary = ""  # One sentence describing what this plan accomplishes
sections = ${tomlStringArray(sections)}
# default_agent = ""     # model for tasks that name none
# default_provider = ""  # [providers.<name>] for tasks that name none
# max_retries = 3        # retries of a failed worker attempt
`;
}

/**
 * `<section>/_example.toml`: a task that documents every key. Files starting with `_` are
 * ignored by compile, so the example is inert until copied to a name without the underscore.
 */
export const EXAMPLE_TASK = `# An example task. Files whose name starts with "_" are ignored by dgov compile:
# copy or rename this file (e.g. to main.toml) and edit it. Each [tasks.<slug>] is one task;
# its id is <section>/<file>.<slug>. Unknown keys are errors, so typos cannot go unnoticed.

[tasks.do-thing]
# One line for humans and for SOP matching (its words select SOPs).
summary = "Describe the change in one line"

# What the worker must do. Orient / Edit / Verify sections raise first-attempt success.
prompt = """
Orient:
- Read src/module.py and understand how thing() is used.

Edit:
- Change thing() so that it handles the empty case.

Verify:
- Run the narrowest test that covers thing() and make sure it passes.
"""
# prompt_file = "prompts/do-thing.md"  # instead of prompt: a file, relative to the plan root

# The commit settlement makes for this task (default: "feat: completed <slug>").
commit_message = "Handle the empty case in thing()"

# File claims: the only files the worker may change. Paths are relative to the repo root.
files.edit = ["src/module.py"]       # existing files to change
files.read = ["tests/test_module.py"] # context the worker may read but not change
# files.create = ["src/new.py"]      # files that must not exist yet
# files.delete = ["src/old.py"]      # files to remove
# files.touch = ["docs/notes.md"]    # create or change; files = ["a", "b"] is shorthand for touch

# depends_on = ["other-task"]            # a task of this file, or
# depends_on = ["core/setup.init"]       # <section>/<file>.<slug> of another file
# agent = "model-or-alias"               # default: [plan] default_agent, then the provider's
# provider = "name"                      # a [providers.<name>] of .dgov/project.toml
# role = "worker"                        # worker | researcher (read-only) | reviewer
# timeout_s = 600                        # wall-clock seconds per attempt (default 600)
# iteration_budget = 50                  # LLM turns per attempt (default: worker_iteration_budget)
# test_cmd = "uv run pytest tests/test_module.py -q"  # this task's verification command
# sop_mapping = ["testing"]              # pin SOPs by name instead of automatic matching
# self_review = false                    # a clean-context review of the diff before settlement
# max_fork_depth = 1                     # fresh-context continuations when iterations run out
`;
