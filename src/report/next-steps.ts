/*
 * What to type next after a run that did not simply complete: the command that continues it
 * and the ones that explain it. The run summary and `dgov status` print the same lines.
 */

export interface RunOutcome {
  /** The plan as the commands take it (planArg). */
  ref: string;
  /** complete, degraded, partial, failed, interrupted — or null while unknown (never finished). */
  status: string | null;
  halted: string | null;
  /** Tasks that failed, timed out, were abandoned or skipped, in plan order. */
  failed: string[];
}

export interface NextStep {
  command: string;
  why: string;
}

/** The next commands for a run's outcome; none for a complete run. A degraded run had every task land. */
export function nextSteps(o: RunOutcome): NextStep[] {
  const steps: NextStep[] = [];
  const first = o.failed[0];
  if (first) steps.push({ command: `dgov show ${first}`, why: `why ${first} failed: its attempts, gates and findings` });
  if (o.failed.length > 1) steps.push({ command: `dgov plan review ${o.ref}`, why: "every task of the run, with its findings" });
  if (o.halted) {
    steps.push({ command: `dgov run ${o.ref} --continue --max-tokens <n>`, why: "resume with a larger budget (or raise [project] max_tokens / max_cost)" });
  } else if (o.status === "interrupted" || o.status === null) {
    steps.push({ command: `dgov run ${o.ref} --continue`, why: "resume the run where it stopped" });
  } else if (o.failed.length) {
    steps.push({ command: `dgov run ${o.ref} --continue`, why: "retry the tasks that did not land (landed tasks stay landed)" });
  }
  if (o.status === "degraded") {
    steps.push({ command: `dgov plan review ${o.ref}`, why: "what the post-run gates found, with the tasks that landed" });
    steps.push({ command: `dgov plan remediate ${o.ref}`, why: "a follow-up plan that fixes what they found" });
    return steps;
  }
  if (steps.length) steps.push({ command: "dgov diagnose", why: "known failure shapes, each with what to do" });
  return steps;
}

/** The steps as text lines under a `next:` heading (nothing when there are none). */
export function nextStepLines(steps: readonly NextStep[], indent = "  "): string[] {
  if (!steps.length) return [];
  const width = Math.max(...steps.map((s) => s.command.length));
  return ["next:", ...steps.map((s) => `${indent}${s.command.padEnd(width)}   # ${s.why}`)];
}
