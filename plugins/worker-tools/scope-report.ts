import { type ChangedFile, claimCovers, denyMatch, type Finding, globMatch, ignoreMatches, normalizeClaim } from "dgov/plugin";
import { scopeFindings, type TaskInput } from "../../gates/scope.ts";

/** What scope_status reports (settlement-git §4.3), each list sorted. */
export interface ScopeReport {
  claimedWritable: string[];
  claimedReadonly: string[];
  modified: string[];
  transient: string[];
  ignoredModified: string[];
  ignoredTransient: string[];
  unclaimedModified: string[];
  unclaimedTransient: string[];
  denied: string[];
  outsideAllowlist: string[];
  /** The first blocking finding, as settlement would report it; null when the change passes. */
  blocking: Finding | null;
}

const sorted = (paths: Iterable<string>) => [...new Set(paths)].sort();

/** The changed paths, rename sources included (they disappear from the tree). */
export function changedPaths(changed: readonly ChangedFile[]): string[] {
  return sorted(changed.flatMap((c) => (c.oldPath ? [c.path, c.oldPath] : [c.path])));
}

/** Settlement's scope analysis of the worktree now, and of the task's transient writes. */
export function scopeReport(input: TaskInput): ScopeReport {
  const c = input.task.claims;
  const writable = sorted([...c.create, ...c.edit, ...c.delete, ...c.touch].map(normalizeClaim));
  const { ignore_files: ignore, allow_files: allow, deny_files: deny } = input.config.scope;
  const ignored = (p: string) => ignore.some((i) => ignoreMatches(i, p));
  const modified = changedPaths(input.changed);
  const transient = sorted(input.transientWrites);
  const unclaimed = (paths: string[]) => paths.filter((p) => !claimCovers(writable, p));
  const blocking = scopeFindings(input)[0] ?? null;
  return {
    claimedWritable: writable,
    claimedReadonly: sorted(c.read.map(normalizeClaim)),
    modified,
    transient,
    ignoredModified: unclaimed(modified).filter(ignored),
    ignoredTransient: unclaimed(transient).filter(ignored),
    unclaimedModified: unclaimed(modified).filter((p) => !ignored(p)),
    unclaimedTransient: unclaimed(transient).filter((p) => !ignored(p)),
    denied: modified.filter((p) => deny.some((d) => denyMatch(d, p))),
    outsideAllowlist: allow.length ? modified.filter((p) => !ignored(p) && !allow.some((a) => globMatch(a, p))) : [],
    blocking,
  };
}

const list = (paths: string[]) => (paths.length ? paths.join(", ") : "(none)");

/** The spec's text: three lists always, the others when not empty, then `blocking:`. */
export function formatScopeReport(r: ScopeReport): string {
  const lines = [`scope_status: ${r.blocking ? "fail" : "pass"}`, `claimed_writable: ${list(r.claimedWritable)}`, `claimed_readonly: ${list(r.claimedReadonly)}`, `modified_files: ${list(r.modified)}`];
  const optional: [string, string[]][] = [
    ["transient_writes", r.transient],
    ["ignored_modified", r.ignoredModified],
    ["ignored_transient", r.ignoredTransient],
    ["unclaimed_modified", r.unclaimedModified],
    ["unclaimed_transient", r.unclaimedTransient],
    ["project_denied", r.denied],
    ["outside_project_allowlist", r.outsideAllowlist],
  ];
  for (const [key, paths] of optional) if (paths.length) lines.push(`${key}: ${list(paths)}`);
  const b = r.blocking;
  lines.push(`blocking: ${b ? `${b.message}${b.hint ? `\nhint: ${b.hint}` : ""}` : "(none)"}`);
  return lines.join("\n");
}
