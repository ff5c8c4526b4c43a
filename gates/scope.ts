import { claimCovers, defineGate, denyMatch, type Finding, type GateInput, globMatch, type GateTask, ignoreMatches, isDgovState, RESERVED_PATHS } from "dgov/plugin";

function finding(rule: string, files: string[], message: string, hint: string): Finding {
  return { rule, message: `${message}: ${files.join(", ")}`, file: files[0]!, hint };
}

/** Governor-owned: the baseline files settlement writes, dgov's runtime state, anything in a `.git` folder. */
const isReserved = (p: string) =>
  RESERVED_PATHS.some((r) => p === r || (r.startsWith(".coverage-baseline/") && p.startsWith(".coverage-baseline/"))) ||
  isDgovState(p) ||
  p.split("/").includes(".git");

/**
 * Files the worker's tools wrote during the task but that are not claimed (even when written
 * and removed again). A read claim does not excuse a write; no ignore entry hides a
 * governor-owned file.
 */
function transientFindings(input: TaskInput, writes: string[]): Finding[] {
  const transient = [...new Set(input.transientWrites)].sort();
  const reserved = transient.filter(isReserved);
  if (reserved.length) return [finding("scope/transient-reserved", reserved, "Transiently touched governor-owned files via worker tools", "These files belong to settlement; leave them unchanged.")];
  const ignore = input.config.scope.ignore_files;
  const unclaimed = transient.filter((p) => !claimCovers(writes, p) && !ignore.some((i) => ignoreMatches(i, p)));
  if (!unclaimed.length) return [];
  return [finding("scope/transient-unclaimed", unclaimed, "Transiently touched unclaimed files via worker tools", "Even a file written and removed again counts: claim it in files.create/edit/touch, or do not write it.")];
}

/** A gate input with its task: the claims to judge against. */
export type TaskInput = GateInput & { task: GateTask };

/** The structural review of spec settlement-git §2.1, first failure wins. */
export function scopeFindings(input: TaskInput): Finding[] {
  const paths = [...new Set(input.changed.flatMap((c) => (c.oldPath ? [c.path, c.oldPath] : [c.path])))].sort();
  if (paths.length === 0) return [{ rule: "scope/empty-diff", message: "No changes produced", hint: "The task must change at least one claimed file." }];
  const reserved = paths.filter(isReserved);
  if (reserved.length) return [finding("scope/reserved-path", reserved, "Touched governor-owned files", "These files belong to settlement; leave them unchanged.")];
  const { scope } = input.config;
  const ignore = scope.ignore_files;
  const denied = paths.filter((p) => scope.deny_files.some((d) => denyMatch(d, p)));
  if (denied.length) return [finding("scope/denied", denied, "Touched project-denied files", "[scope] deny_files forbids these paths, whatever the claims say.")];
  const outside = scope.allow_files.length ? paths.filter((p) => !ignore.some((i) => ignoreMatches(i, p)) && !scope.allow_files.some((a) => globMatch(a, p))) : [];
  if (outside.length) return [finding("scope/outside-allowlist", outside, "Touched files outside project allowlist", "[scope] allow_files limits what any task may change.")];
  const c = input.task.claims;
  const writes = [...c.create, ...c.edit, ...c.delete, ...c.touch];
  const unclaimed = paths.filter((p) => !claimCovers(writes, p) && !ignore.some((i) => ignoreMatches(i, p)));
  const readOnly = unclaimed.filter((p) => claimCovers(c.read, p));
  const foreign = unclaimed.filter((p) => !claimCovers(c.read, p));
  if (foreign.length) {
    return [finding("scope/unclaimed", foreign, "Touched unclaimed files", `Add these paths to files.edit in task '${input.task.id}', then recompile and re-run.`)];
  }
  if (readOnly.length) {
    return [finding("scope/read-only", readOnly, "Edited read-only files", "Revert changes to these files: files.read grants read access only, not write.")];
  }
  // A path claimed only for deletion must be gone, not edited.
  const deleteOnly = input.changed.filter((ch) => ch.status !== "deleted" && claimCovers(c.delete, ch.path) && !claimCovers([...c.create, ...c.edit, ...c.touch], ch.path));
  if (deleteOnly.length) {
    return [finding("scope/claim-mismatch", deleteOnly.map((d) => d.path), "Changed files that are claimed for deletion only", "Delete these files, or claim them in files.edit.")];
  }
  return transientFindings(input, writes);
}

export const scopeGate = defineGate({
  name: "scope",
  // Claims and changed paths only: no file of the tree is read (and no tree guard is needed).
  tree: false,
  description: "The change stays inside the task's claims and the project's [scope] policy",
  phase: "review",
  order: "pre",
  check(input) {
    if (!input.task) return { status: "skip", reason: "no task claims to check outside a run" };
    const findings = scopeFindings({ ...input, task: input.task });
    return findings.length ? { status: "fail", findings } : { status: "pass" };
  },
});
