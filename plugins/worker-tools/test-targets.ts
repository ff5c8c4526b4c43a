/**
 * Which test paths run_tests may run (spec workers-llm §3.1 #25): the task's verification
 * targets, a file or folder below a folder target, or a pytest node id of an allowed file.
 */
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
