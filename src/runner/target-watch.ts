import { git } from "../git/run.ts";
import { readEvents } from "../store/events.ts";
import type { RunContext } from "./context.ts";

/** A commit on the target that no dgov landing made. */
export interface ForeignCommit {
  sha: string;
  subject: string;
}

/**
 * The target is known to be at `head`. After this run's own landing on the checked head, its
 * history is known too (each landing's parent is the head before it); after a check of a move
 * made elsewhere it is not (the branch may have been rewritten), and lineage starts again.
 */
export function targetAt(ctx: RunContext, head: string, ownLanding: boolean): void {
  if (!ownLanding) ctx.lineage = new Set();
  ctx.lineage.add(head);
  ctx.targetChecked = head;
}

/** Is `base` known to be an ancestor of (or equal to) `target` without asking git? */
export function knownAncestor(ctx: RunContext, base: string, target: string): boolean {
  return ctx.targetChecked === target && ctx.lineage.has(base);
}

/**
 * The commits on the target since the run started that no dgov landing made: this run's, or
 * another dgov's on the same repository (their `landing` events are in the same store). With
 * the sandbox on these can only be the user's (or another tool's); without it, a worker may
 * have moved the target itself (`git update-ref`), which dgov then refuses to build on.
 */
export async function foreignCommits(ctx: RunContext, current: string): Promise<ForeignCommit[]> {
  // Everything up to the last target checked (or landed on it by this run) is known.
  const since = ctx.targetChecked;
  if (!since || since === current) return [];
  const listed = await git(["rev-list", "--no-commit-header", "--format=%H%x00%s", `${since}..${current}`], ctx.root);
  const commits = listed.stdout.split("\n").filter(Boolean).map((line) => {
    const [sha = "", subject = ""] = line.split("\0");
    return { sha, subject };
  });
  const unknown = commits.filter((c) => !ctx.landedHere.has(c.sha));
  const landed = unknown.length ? new Set(readEvents(ctx.store, { events: ["landing"] }).map((e) => String(e.data.sha ?? ""))) : new Set<string>();
  const foreign = unknown.filter((c) => !landed.has(c.sha));
  if (foreign.length === 0) targetAt(ctx, current, false);
  return foreign;
}

/** `abc12345 "subject"`, the first few, for a message. */
export function describeCommits(commits: readonly ForeignCommit[]): string {
  const shown = commits.slice(0, 5).map((c) => `${c.sha.slice(0, 8)} "${c.subject}"`);
  return commits.length > shown.length ? `${shown.join(", ")} and ${commits.length - shown.length} more` : shown.join(", ");
}
