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

/** What the example task is written for: the project's language, folders and test command. */
export interface ExampleProject {
  language: string;
  src_dir: string;
  test_dir: string;
  test_cmd: string;
}

/** A path under a configured folder (`.` and `""` are the repository root). */
function under(dir: string, name: string): string {
  const d = dir.trim().replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  return d === "" || d === "." ? name : `${d}/${name}`;
}

/** `src/module.ts` → `src/new.ts`. */
const sibling = (path: string, stem: string) => path.replace(/module(\.\w+)$/, `${stem}$1`);

/** The module the example edits, the test it reads (none for Rust unit tests, which sit in the module), a fallback runner. */
function exampleFiles(p: ExampleProject): { source: string; test: string | null; runner: string } {
  const beside = (name: string) => under(p.test_dir.trim() === "." ? p.src_dir : p.test_dir, name);
  switch (p.language) {
    case "typescript":
      return { source: under(p.src_dir, "module.ts"), test: beside("module.test.ts"), runner: "node_modules/.bin/vitest run {test_dir}" };
    case "javascript":
      return { source: under(p.src_dir, "module.js"), test: beside("module.test.js"), runner: "node --test {test_dir}" };
    case "go":
      return { source: under(p.src_dir, "module.go"), test: under(p.src_dir, "module_test.go"), runner: "go test ./..." };
    case "rust":
      return { source: under(p.src_dir, "module.rs"), test: p.test_dir.trim() === "." ? null : under(p.test_dir, "module.rs"), runner: "cargo test" };
    default:
      return { source: under(p.src_dir, "module.py"), test: under(p.test_dir, "test_module.py"), runner: "python -m pytest {test_dir} -q" };
  }
}

/** The example's task-level test_cmd: the project's own test command on the example's test. */
function exampleTestCmd(p: ExampleProject, test: string | null, runner: string): string {
  const line = p.test_cmd.trim() || runner;
  return line.split("{test_dir}").join(test ?? under(p.test_dir, ""));
}

function readLine(test: string | null): string {
  return test
    ? `files.read = ${tomlStringArray([test])}  # context the worker may read but not change`
    : `# files.read = ["docs/design.md"]  # context the worker may read but not change`;
}

/**
 * `<section>/_example.toml`: a task that documents every key, with paths and commands of the
 * project's language. Files starting with `_` are ignored by compile, so the example is inert
 * until copied to a name without the underscore.
 */
export function renderExampleTask(p: ExampleProject): string {
  const { source, test, runner } = exampleFiles(p);
  return `# An example task. Files whose name starts with "_" are ignored by dgov compile:
# copy or rename this file (e.g. to main.toml) and edit it. Each [tasks.<slug>] is one task;
# its id is <section>/<file>.<slug>. Unknown keys are errors, so typos cannot go unnoticed.

[tasks.do-thing]
# One line for humans and for SOP matching (its words select SOPs).
summary = "Describe the change in one line"

# What the worker must do. Orient / Edit / Verify sections raise first-attempt success.
prompt = """
Orient:
- Read ${source} and understand how thing() is used.

Edit:
- Change thing() so that it handles the empty case.

Verify:
- Run the narrowest test that covers thing() and make sure it passes.
"""
# prompt_file = "prompts/do-thing.md"  # instead of prompt: a file, relative to the plan root

# The commit settlement makes for this task (default: "feat: completed <slug>").
commit_message = "Handle the empty case in thing()"

# File claims: the only files the worker may change. Paths are relative to the repo root.
files.edit = ${tomlStringArray([source])}  # existing files to change
${readLine(test)}
# files.create = ${tomlStringArray([sibling(source, "new")])}  # files that must not exist yet
# files.delete = ${tomlStringArray([sibling(source, "old")])}  # files to remove
# files.touch = ["docs/notes.md"]    # create or change; files = ["a", "b"] is shorthand for touch

# depends_on = ["other-task"]            # a task of this file, or
# depends_on = ["core/setup.init"]       # <section>/<file>.<slug> of another file
# agent = "model-or-alias"               # default: [plan] default_agent, then the provider's
# provider = "name"                      # a [providers.<name>] of .dgov/project.toml
# role = "worker"                        # worker | researcher (read-only) | reviewer
# timeout_s = 600                        # wall-clock seconds per attempt (default 600)
# iteration_budget = 50                  # LLM turns per attempt (default: worker_iteration_budget)
# test_cmd = ${tomlString(exampleTestCmd(p, test, runner))}  # this task's verification command
# sop_mapping = ["testing"]              # pin SOPs by name instead of automatic matching
# self_review = false                    # a clean-context review of the diff before settlement
# max_fork_depth = 1                     # fresh-context continuations when iterations run out
`;
}
