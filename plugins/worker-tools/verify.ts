/**
 * The verification tools (spec workers-llm §3.1 #25–29): the project's configured test, lint,
 * format and type-check commands. They bypass the run_bash policy (the project wrote the
 * command), but every value put into a command line is quoted for its place in it (B4:
 * dgov-py pasted `file` in raw, so `lint_check("x; echo INJECT")` ran `echo`).
 */
import { defineTool, type ExecResult, parseDiagnostics, relativePath, testRunnerOf, type ToolContext, type ToolResult } from "dgov/plugin";
import * as v from "valibot";
import { changedPaths, dirtySnapshot } from "./dirty-paths.ts";
import { fillPlaceholder } from "./quote.ts";
import { runLine, shellResult, type TimeoutOptions, timeoutOf, timeoutOptions } from "./shell-run.ts";
import { chooseTestCommand, resolveTargets, runnerForm, type TestLine } from "./test-targets.ts";

const ALL_ROLES: ("worker" | "researcher" | "reviewer" | "planner")[] = ["worker", "researcher", "reviewer", "planner"];
/** The session key the `done` gate reads: a run_tests call has passed in this worker process. */
export const TESTS_PASSED = "tests_passed";

function unavailable(tool: string, key: string): { ok: false; error: string } {
  return { ok: false, error: `${tool}() is unavailable because ${key} is not configured.` };
}

/** test_cmd on the model's choice of the task's targets, in the form the command's runner takes. */
function scopedLine(file: string, ctx: ToolContext<TimeoutOptions>): TestLine {
  const command = ctx.config.project.test_cmd;
  const probe = { isDir: (p: string) => ctx.files.list(p).ok, exists: (p: string) => ctx.files.exists(p) };
  const targets = resolveTargets(file, ctx.scope?.verifyTestTargets ?? [], probe);
  if (!targets.ok) return targets;
  const formed = runnerForm(targets.targets, testRunnerOf(command), ctx.files);
  return formed.ok ? { ok: true, line: fillPlaceholder(command, "{test_dir}", formed.targets) } : formed;
}

async function runTests(file: string, ctx: ToolContext<TimeoutOptions>): Promise<ToolResult> {
  const scope = ctx.scope;
  const required = scope?.requireTestVerification ? scope.requiredVerificationCommand?.trim() || null : null;
  const chosen = chooseTestCommand(file, { command: ctx.config.project.test_cmd, required, targets: scope?.verifyTestTargets ?? [] }, () => scopedLine(file, ctx));
  if (!chosen.ok) return chosen;
  const { exec, result } = await runLine(ctx, chosen.line);
  if (result.ok && exec.code === 0) ctx.session.set(TESTS_PASSED, true);
  return result;
}

/** run_tests: the project's test command on the task's own test targets. */
export const runTestsTool = defineTool({
  name: "run_tests",
  description:
    "Run the project's test command on this task's test targets (`{test_dir}` in test_cmd). Without `file` the only target runs; " +
    "otherwise `file` names one or more targets (space-separated; a pytest node id `path::test` is fine) inside the task's verification scope. " +
    "Without targets of its own, a settlement retry runs the test command that failed, and a test_cmd without {test_dir} runs whole (no `file`). " +
    "Returns STDOUT/STDERR/EXIT; EXIT:0 counts as a passing run.",
  args: v.strictObject({
    file: v.optional(v.pipe(v.string(), v.description("Test file(s) or folder to run, e.g. `tests/test_parser.py`; empty for the task's single target.")), ""),
  }),
  roles: ALL_ROLES,
  effect: "exec",
  options: timeoutOptions,
  run: ({ file }, ctx) => runTests(file, ctx),
});

/** The worktree-relative form of a path for a command line, keeping a trailing '/' of a folder. */
function commandPath(ctx: ToolContext<unknown>, path: string): { ok: true; rel: string } | { ok: false; error: string } {
  const found = ctx.files.resolve(path);
  if (!found.ok) return found;
  return { ok: true, rel: path.endsWith("/") && found.rel !== "." ? `${found.rel}/` : found.rel };
}

type CommandKey = "lint_cmd" | "lint_fix_cmd" | "format_cmd";

/**
 * A checker's machine-readable report (the JSON `dgov init` asks eslint, oxlint, biome, ruff,
 * mypy or cargo for) as lines the model reads at a glance: `file:line:col: code message`. Any
 * other output is left as the tool printed it.
 */
export function readableReport(result: ExecResult, worktree: string): ExecResult {
  const out = result.stdout.trimStart();
  if (!out.startsWith("{") && !out.startsWith("[")) return result;
  const found = parseDiagnostics(result.stdout);
  const lines = found.map((d) => {
    const at = [relativePath(d.file, worktree), d.line || null, d.column ?? null].filter((x) => x !== null).join(":");
    return `${at}: ${[d.severity, d.code, d.message].filter(Boolean).join(" ")}`;
  });
  const head = found.length ? `${found.length} diagnostic(s), read from the tool's JSON report:` : "No diagnostics in the tool's JSON report.";
  return { ...result, stdout: `${[head, ...lines].join("\n")}\n` };
}

/** Runs a configured `{file}` command; `reportWrites` for commands meant to change files. */
async function runFileCommand(tool: string, key: CommandKey, path: string, ctx: ToolContext<TimeoutOptions>, reportWrites: boolean): Promise<ToolResult> {
  const command = ctx.config.project[key];
  if (!command.trim()) return unavailable(tool, key);
  const target = commandPath(ctx, path);
  if (!target.ok) return target;
  const before = reportWrites ? await dirtySnapshot(ctx) : null;
  const { exec, result } = await runLine(ctx, fillPlaceholder(command, "{file}", [target.rel]));
  if (!reportWrites) return exec.timedOut ? result : shellResult(readableReport(exec, ctx.worktree), timeoutOf(ctx));
  if (!result.ok) return result;
  const writes = changedPaths(before, await dirtySnapshot(ctx));
  return writes.length ? { ...result, writes } : result;
}

const fileArg = (text: string) => v.optional(v.pipe(v.string(), v.description(text)), "");

/** lint_check: the project's lint command on a file or folder (default: the source folder). */
export const lintCheckTool = defineTool({
  name: "lint_check",
  description: "Run the project's lint command (lint_cmd) on a file or folder, default the source folder. Returns STDOUT/STDERR/EXIT.",
  args: v.strictObject({ file: fileArg("File or folder to lint, relative to the worktree; empty for the source folder.") }),
  roles: ALL_ROLES,
  effect: "exec",
  options: timeoutOptions,
  available: ({ config }) => (config.project.lint_cmd.trim() ? null : "no [project] lint_cmd configured"),
  run: ({ file }, ctx) => runFileCommand("lint_check", "lint_cmd", file || ctx.config.project.src_dir, ctx, false),
});

/** lint_fix: the project's lint auto-fix command; it may change files. */
export const lintFixTool = defineTool({
  name: "lint_fix",
  description: "Run the project's lint auto-fix command (lint_fix_cmd) on a file or folder, default the source folder; it may change files. Returns STDOUT/STDERR/EXIT.",
  args: v.strictObject({ file: fileArg("File or folder to fix, relative to the worktree; empty for the source folder.") }),
  roles: ["worker"],
  effect: "write",
  options: timeoutOptions,
  available: ({ config }) => (config.project.lint_fix_cmd.trim() ? null : "no [project] lint_fix_cmd configured"),
  run: ({ file }, ctx) => runFileCommand("lint_fix", "lint_fix_cmd", file || ctx.config.project.src_dir, ctx, true),
});

/** format_file: the project's formatter on one existing file. */
export const formatFileTool = defineTool({
  name: "format_file",
  description: "Format a file with the project's formatter (format_cmd). Returns STDOUT/STDERR/EXIT.",
  args: v.strictObject({ file: v.pipe(v.string(), v.description("The file to format, relative to the worktree.")) }),
  roles: ["worker"],
  effect: "write",
  options: timeoutOptions,
  available: ({ config }) => (config.project.format_cmd.trim() ? null : "no [project] format_cmd configured"),
  run({ file }, ctx) {
    const found = ctx.files.resolve(file);
    if (!found.ok) return found;
    if (!ctx.files.exists(found.rel)) return { ok: false, error: `${file} does not exist.` };
    return runFileCommand("format_file", "format_cmd", file, ctx, true);
  },
});

/** type_check: the project's type checker, when one is configured. */
export const typeCheckTool = defineTool({
  name: "type_check",
  description: "Run the project's type checker (type_check_cmd) over the project. Returns STDOUT/STDERR/EXIT, or says none is configured.",
  args: v.strictObject({}),
  roles: ALL_ROLES,
  effect: "exec",
  options: timeoutOptions,
  available: ({ config }) => (config.project.type_check_cmd?.trim() ? null : "no [project] type_check_cmd configured"),
  async run(_args, ctx) {
    const command = ctx.config.project.type_check_cmd;
    if (!command?.trim()) return { ok: true, output: "Type checking not configured for this project." };
    const { exec, result } = await runLine(ctx, command);
    return exec.timedOut ? result : shellResult(readableReport(exec, ctx.worktree), timeoutOf(ctx));
  },
});
