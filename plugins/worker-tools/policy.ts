/**
 * The run_bash tool policy (spec workers-llm §4), as a pure function of the command line and
 * `[tool_policy]`. Unlike dgov-py it judges EVERY command of a compound line (`cd . && pip
 * install x` is caught, B4), including those in `$(…)`, backticks, `sh -c '…'`, `eval` and
 * `find -exec`, and it matches denied commands by whole words (`pip` denies `pip install` and
 * `pip3`, not `pipx`). It remains defence in depth, not a sandbox: a determined command line
 * (variables, scripts, interpreters) can always do what the policy forbids.
 */
import type { ProjectConfig } from "dgov/plugin";
import { type CheckedCommand, listCommands, programName } from "./shell-commands.ts";
import { legacyPathCheck, pathEscape } from "./shell-paths.ts";
import { unwrapUvRun } from "./uv-run.ts";

export type ToolPolicy = ProjectConfig["tool_policy"];

const MUTATION_ERROR =
  "run_bash policy rejected file mutation shell command. Use write_file/edit_file/apply_patch/revert_file instead.";
const REDIRECTION_ERROR =
  "run_bash policy rejected shell redirection into repo files. Use write_file/edit_file/apply_patch instead.";
/** Programs whose purpose is to create, move or delete files. */
const MUTATORS = new Set(["rm", "mv", "cp", "touch", "mkdir", "rmdir", "ln", "truncate"]);
const OUTPUT_REDIRECTS = new Set([">", ">>", ">|", "&>", "&>>", "<>", ">&"]);
/** Output redirections that write no file. */
const HARMLESS_SINKS = new Set(["/dev/null", "/dev/stdout", "/dev/stderr"]);
const PYTHON_TOOLS = new Set(["python", "python3", "pytest", "ruff", "ty"]);

/** `python3.12` is `python3`, `pip3` is `pip` for matching: a trailing version is ignored. */
function sameProgram(word: string, wanted: string): boolean {
  return word === wanted || (word.startsWith(wanted) && /^\d+(\.\d+)*$/.test(word.slice(wanted.length)));
}

function startsWithWords(core: readonly string[], entry: readonly string[]): boolean {
  if (entry.length === 0 || core.length < entry.length) return false;
  return entry.every((word, i) => sameProgram((i === 0 ? programName(core[0]) : core[i]!).toLowerCase(), word));
}

function deniedPrefix(command: CheckedCommand, denied: readonly string[]): string | null {
  const uv = unwrapUvRun(command.core);
  const cores = uv.ok && uv.wrapped ? [command.core, uv.core] : [command.core];
  const matches = (entry: string) => entry.trim() !== "" && cores.some((core) => startsWithWords(core, entry.toLowerCase().trim().split(/\s+/)));
  return denied.find(matches) ?? null;
}

function mutates(core: readonly string[]): boolean {
  const name = programName(core[0]);
  if (MUTATORS.has(name)) return true;
  if (name === "sed" || name === "perl") return core.some((w) => /^-[a-zA-Z]*i/.test(w) || w.startsWith("--in-place"));
  return name === "find" && core.includes("-delete");
}

function redirectsIntoFiles(command: CheckedCommand): boolean {
  if (programName(command.core[0]) === "tee") return true;
  return command.redirects.some(
    (r) => OUTPUT_REDIRECTS.has(r.op) && !HARMLESS_SINKS.has(r.target) && !(r.op === ">&" && /^(\d+|-)$/.test(r.target)),
  );
}

/** Step 7: the wrapper tool a verification command must go through instead of run_bash. */
function wrappedToolError(core: readonly string[]): string | null {
  const [first = "", second = "", third = "", fourth = ""] = core.map((w, i) => (i === 0 ? programName(w) : w));
  const viaPython = sameProgram(first, "python") && second === "-m";
  const [tool, sub, rest] = viaPython ? [third, fourth, core.slice(4)] : [first, second, core.slice(2)];
  if (tool === "pytest" || tool === "py.test") return "run_bash policy requires run_tests() for pytest invocations.";
  if (tool === "ruff" && sub === "check") {
    return rest.some((w) => w === "--fix" || w === "--fix-only")
      ? "run_bash policy requires lint_fix() for 'ruff check --fix'."
      : "run_bash policy requires lint_check() for 'ruff check'.";
  }
  if (tool === "ruff" && sub === "format") return "run_bash policy requires format_file() for 'ruff format'.";
  if (tool === "ty" && sub === "check") return "run_bash policy requires type_check() for 'ty check'.";
  return null;
}

function pythonTool(core: readonly string[]): string | null {
  const name = programName(core[0]);
  const known = [...PYTHON_TOOLS].some((tool) => sameProgram(name, tool));
  return known ? core[0]! : null;
}

/**
 * The error text for a command line the policy refuses, or null when it may run. Every text
 * contains "not allowed" or "policy" except the syntax errors (`Invalid shell command: …`,
 * `Empty shell command.`, `Invalid 'uv run' command …`). `worktree` (an absolute path) lets
 * commands name files inside it by absolute path.
 */
export function checkShellPolicy(cmd: string, policy: ToolPolicy, opts: { worktree?: string } = {}): string | null {
  const listed = listCommands(cmd);
  if (!listed.ok) return policy.restrict_run_bash ? `Invalid shell command: ${listed.error}` : legacyPathCheck(cmd);
  const commands = listed.commands;
  const escape = pathEscape(commands, opts.worktree);
  if (escape || !policy.restrict_run_bash) return escape;
  for (const command of commands) {
    const denied = deniedPrefix(command, policy.deny_shell_commands);
    if (denied !== null) return `run_bash policy rejected '${cmd.trim()}'. Denied shell command prefix: '${denied}'.`;
  }
  if (policy.deny_shell_file_mutations) {
    if (commands.some((c) => mutates(c.core))) return MUTATION_ERROR;
    if (commands.some(redirectsIntoFiles)) return REDIRECTION_ERROR;
  }
  if (commands.every((c) => c.words.length === 0)) return "Empty shell command.";
  for (const command of commands) {
    const uv = unwrapUvRun(command.core);
    if (!uv.ok) return uv.error;
    const wrapped = policy.require_wrapped_verify_tools ? wrappedToolError(uv.core) : null;
    if (wrapped) return wrapped;
    const tool = policy.require_uv_run && !uv.wrapped ? pythonTool(uv.core) : null;
    if (tool) return `run_bash policy requires 'uv run' for Python command '${tool}'.`;
  }
  return null;
}
