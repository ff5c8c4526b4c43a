import { tomlString, tomlStringArray } from "../toml/write.ts";
import type { Detection } from "./detect.ts";

const DENY_SHELL: Record<string, string[]> = {
  python: ["pip", "python -m pip", "pip3", "python -m venv", "uv venv"],
  typescript: ["npm install", "npm i", "pnpm add", "pnpm install", "yarn add", "bun add", "bun install"],
  javascript: ["npm install", "npm i", "pnpm add", "pnpm install", "yarn add", "bun add", "bun install"],
  go: ["go get", "go install"],
  rust: ["cargo add", "cargo install"],
};

const REQUIRED_COMMANDS = [
  ["test_cmd", "test command"],
  ["lint_cmd", "lint command"],
  ["format_cmd", "format command"],
  ["lint_fix_cmd", "lint-fix command"],
  ["format_check_cmd", "format-check command"],
] as const;

const OPTIONAL_COMMANDS = [
  ["type_check_cmd", "Optional: a type checker, e.g. 'node_modules/.bin/tsc --noEmit --pretty false' or 'uv run mypy --output json src'"],
  ["coverage_cmd", "Optional: the suite writing coverage.py JSON, lcov or a Go profile at {output}, e.g. 'uv run pytest --cov=src --cov-report=json:{output} -q'; then `dgov coverage-baseline`"],
  ["setup_cmd", "Optional: runs in each task worktree before the gates, e.g. 'npm ci' or 'uv sync --frozen'"],
] as const;

function commandLines(d: Detection): string[] {
  const commands: Record<string, string | undefined> = { ...d.result?.commands };
  const lines: string[] = [];
  for (const [key, label] of REQUIRED_COMMANDS) {
    const value = commands[key];
    lines.push(value ? `${key} = ${tomlString(value)}` : `${key} = ""  # not detected: configure a ${label} or a verify recipe`);
  }
  for (const [key, comment] of OPTIONAL_COMMANDS) {
    const value = commands[key];
    lines.push(value ? `${key} = ${tomlString(value)}` : `# ${key} = ""  # ${comment}`);
  }
  const reuse = d.result?.reuseDirs ?? [];
  lines.push(
    "# Installed folders a fresh worktree or settlement checkout links from this checkout instead of",
    "# running setup_cmd, when its manifests and lockfiles are the same (e.g. [\"node_modules\"]).",
    reuse.length ? `reuse_dirs = ${tomlStringArray(reuse)}` : "# reuse_dirs = []",
  );
  return lines;
}

/** The commented `.dgov/project.toml` that `dgov init` writes for a detected repository. */
export function renderProjectToml(d: Detection): string {
  const policy = d.result?.toolPolicy ?? {};
  const ignore = [...new Set(d.result?.ignoreFiles ?? [])];
  const tools = d.result?.tools.length ? d.result.tools.join(", ") : "none";
  return `# dgov project configuration, written by \`dgov init\`.
# Detected: ${d.language} (${d.confidence}: ${d.reason}); tools: ${tools}.
# \`dgov config\` prints the resolved configuration with every default applied.

[project]
language = ${tomlString(d.language)}
src_dir = ${tomlString(d.srcDir)}
test_dir = ${tomlString(d.testDir)}
source_extensions = ${tomlStringArray(d.result?.sourceExtensions ?? [])}

# Commands settlement runs on a task's change. {file} becomes the changed files and
# {test_dir} the task's claimed test targets (else test_dir). "" means not configured.
${commandLines(d).join("\n")}
# The coverage gate rejects a change whose files lose more line coverage than this (points)
# against .coverage-baseline/coverage.json; \`dgov coverage-baseline\` records that file.
coverage_threshold = 2.0

# Worktree bootstrap (setup_cmd) timeout in seconds
bootstrap_timeout = 300

# Timeout of each settlement gate command, in seconds
settlement_timeout = 120

# How many task workers run at once; no new one starts while this many finished tasks wait to land
max_parallel = 4

# Target line length for formatting and wrapping
line_length = 99

# Fast review hooks run on the changed files before commit. {file} is replaced with them.
review_hooks = [
  # "grep -q 'TODO' {file} && exit 1 || exit 0",  # Example: reject TODOs
]

# OpenAI-compatible worker provider. Configure this before running worker plans.
# provider = "your-provider"

# [providers.your-provider]
# base_url = "https://provider.example.com/v1"
# api_key_env = "YOUR_PROVIDER_API_KEY"   # the NAME of the variable holding the key
# default_agent = "provider/model-name"

[tool_policy]
restrict_run_bash = true
deny_shell_commands = ${tomlStringArray(DENY_SHELL[d.language] ?? [])}
deny_shell_file_mutations = true
require_wrapped_verify_tools = ${policy.require_wrapped_verify_tools ?? false}
require_uv_run = ${policy.require_uv_run ?? false}

[scope]
# Optional project-level merge surface. deny_files wins over allow_files and cannot be
# bypassed by plan file claims. Leave allow_files empty for claim-only scope.
# Patterns are gitignore-style: * stops at /, ** spans folders (src/**/*.ts), a name without /
# matches at any depth, a trailing / means a folder. A deny entry also matches as dgov-py read it.
allow_files = []
deny_files = []

# Files exempt from scope-violation checks in addition to dgov's built-ins
# (.venv, uv.lock, __pycache__, *.pyc): managed files workers may touch incidentally.
ignore_files = ${tomlStringArray(ignore)}

# The architecture gate rejects a change that adds an import cycle (always), imports across a
# layering rule, or makes a function longer or more branching than a limit; what the base
# already had is not blamed. \`dgov sentrux check\` shows the tree's offenders.
# [architecture]
# rules = [{ from = "src/kernel/**", deny = ["src/runner/**"] }]   # files matching from may not import deny
# max_function_lines = 80
# max_complexity = 15
# exclude = ["generated/"]

[sandbox]
# Everything a worker causes to run is confined (bubblewrap on Linux, sandbox-exec on macOS):
# its worktree writable, .git and the rest read-only, no other process visible, no network.
# mode: "auto" refuses LLM workers where no sandbox exists; "required" refuses any run; "off"
# runs without one (a warning every run). network: "off", "on" or hosts, e.g. ["registry.npmjs.org"].
mode = "auto"
network = "off"
# hide = ["~/secrets"]          # more paths that read as empty inside
# pass_env = ["MY_TOOL_HOME"]   # variables the worker's tools get besides the allowlist (never credentials)

[conventions]
# Project-specific rules the worker is told to follow, one key each:
# style = "Prefer small pure functions"
`;
}
