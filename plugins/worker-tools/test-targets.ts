/**
 * Which test paths run_tests may run (spec workers-llm §3.1 #25): the task's verification
 * targets, a file or folder below a folder target, or a pytest node id of an allowed file.
 */
import { needsFiles, runnerTargets, type TestRunner, type WorktreeFiles } from "dgov/plugin";
import { shellSplit } from "./quote.ts";

/** What the rule needs to know about an allowed target on disk. */
export interface TargetProbe {
  isDir(path: string): boolean;
  exists(path: string): boolean;
}

export type TargetsResult = { ok: true; targets: string[] } | { ok: false; error: string };

/** POSIX normpath (B12: dgov-py stripped leading '.' and '/' characters, mangling `.github/x`). */
export function normalizeTarget(path: string): string {
  const [file = "", ...node] = path.split("::");
  const absolute = file.startsWith("/");
  const parts: string[] = [];
  for (const part of file.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts.at(-1) !== "..") parts.pop();
    else if (!(part === ".." && absolute)) parts.push(part);
  }
  const normal = (absolute ? "/" : "") + parts.join("/") || ".";
  return [normal, ...node].join("::");
}

function hasExtension(path: string): boolean {
  const name = path.split("/").pop() ?? "";
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1;
}

/** A folder target (or a missing one without an extension) covers what is below it; a file only itself. */
function allows(requested: string, allowed: string, probe: TargetProbe): boolean {
  const file = requested.split("::")[0]!;
  if (probe.isDir(allowed) || (!probe.exists(allowed) && !hasExtension(allowed))) {
    return file === allowed || allowed === "." || file.startsWith(`${allowed}/`);
  }
  return file === allowed;
}

/** The targets to run for the model's `file` argument, or the spec's error text. */
export function resolveTargets(file: string, allowedTargets: readonly string[], probe: TargetProbe): TargetsResult {
  const allowed = allowedTargets.map(normalizeTarget);
  const list = allowed.join(", ");
  if (file.trim() === "") {
    if (allowed.length === 1) return { ok: true, targets: allowed };
    return { ok: false, error: `run_tests() requires an explicit in-scope target for this task. Allowed targets: ${list}.` };
  }
  const isAllowed = (target: string) => allowed.some((a) => allows(target, a, probe));
  // The whole string first: a single path may contain spaces.
  const literal = normalizeTarget(file.trim());
  if (isAllowed(literal)) return { ok: true, targets: [literal] };
  const split = shellSplit(file);
  if (!split.ok) return { ok: false, error: `Invalid run_tests() target: ${split.error}` };
  if (split.words.length === 0) return { ok: false, error: "run_tests() target is empty." };
  const targets = split.words.map(normalizeTarget);
  const outside = targets.find((target) => !isAllowed(target));
  if (outside !== undefined) {
    return { ok: false, error: `run_tests() target is outside this task's verification scope. Requested: ${outside}. Allowed targets: ${list}.` };
  }
  return { ok: true, targets };
}

export type TestLine = { ok: true; line: string } | { ok: false; error: string };

/** The command line run_tests runs, once its `file` argument is known to be empty or not. */
export interface TestCommand {
  /** `[project] test_cmd`, "" when not configured. */
  command: string;
  /** The settlement retry's failing test command, when there is one. */
  required: string | null;
  targets: readonly string[];
}

const noFileArgument = (file: string, what: string): TestLine | null =>
  file.trim() ? { ok: false, error: `run_tests() runs ${what} as a whole here; call it without \`file\`.` } : null;

/**
 * Which command run_tests runs (never none, so that a retry's `done` can always be earned):
 * test_cmd on the task's own targets (`{test_dir}`); else, on a settlement retry after a test
 * failure, the command settlement saw fail; else a test_cmd without `{test_dir}` as a whole.
 * `scoped` fills the targets the model chose into the command.
 */
export function chooseTestCommand(file: string, c: TestCommand, scoped: () => TestLine): TestLine {
  const placeholder = c.command.includes("{test_dir}");
  if (placeholder && c.targets.length > 0) return scoped();
  if (c.required) return noFileArgument(file, `the failing settlement command \`${c.required}\``) ?? { ok: true, line: c.required };
  if (!c.command.trim()) return { ok: false, error: "run_tests() is unavailable because test_cmd is not configured." };
  if (!placeholder) return noFileArgument(file, `test_cmd \`${c.command.trim()}\` (it has no {test_dir})`) ?? { ok: true, line: c.command };
  return { ok: false, error: "run_tests() requires in-scope test targets. Claim relevant tests via files.read/files.edit/files.create first." };
}

/**
 * Targets in the form the runner takes: a runner that refuses folders (`node --test` on Node
 * ≥ 22, unittest) gets the test files below each folder target instead; none there is an error.
 */
export function runnerForm(targets: readonly string[], runner: TestRunner | null, files: WorktreeFiles): TargetsResult {
  if (!needsFiles(runner)) return { ok: true, targets: [...targets] };
  const isDir = (p: string) => files.list(p).ok;
  const formed: string[] = [];
  for (const target of targets) {
    const below = isDir(target) ? files.walk(target) : null;
    const expanded = below ? runnerTargets([target], runner, below.ok ? below.files : [], isDir) : [target];
    if (expanded.length === 0) return { ok: false, error: `run_tests(): no test files under ${target} for this test command's runner, which takes files, not folders.` };
    formed.push(...expanded);
  }
  return { ok: true, targets: [...new Set(formed)] };
}
