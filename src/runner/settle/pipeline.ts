import { errorMessage } from "../../errors.ts";
import { sandboxedEnv, treeSandbox } from "../../exec/confine.ts";
import { log } from "../../log.ts";
import type { CheckoutLeft } from "../../git/checkout-sync.ts";
import { land } from "../../git/land.ts";
import { absoluteGitDir, branchHead } from "../../git/repo.ts";
import { git } from "../../git/run.ts";
import { replayOnto } from "../../git/replay.ts";
import { landedMessage } from "../../git/trailers.ts";
import { type Change, type CommitMade, openChange } from "../../git/snapshot.ts";
import { type CommittedChange, changedPaths, committedChanges } from "../../git/status.ts";
import { claimCovers } from "../../plan/claims.ts";
import type { Unit } from "../../plan/types.ts";
import { gateWillCheck } from "../../plugin/invoke.ts";
import { type GateInput, type GatePhase, gatePhases } from "../../plugin/types.ts";
import { appendDeployRecord, deployTimestamp } from "../../store/deploy-log.ts";
import type { LiveTask, RunContext } from "../context.ts";
import { portEnv } from "../ports.ts";
import { describeCommits, foreignCommits, knownAncestor, targetAt } from "../target-watch.ts";
import { settleReadOnly } from "./read-only.ts";
import { selfReview } from "./self-review.ts";
import { type Checkouts, createCheckouts } from "./checkouts.ts";
import { describeFindings, type GateEnv, type GateRun, rejectionHeadline, runPhase } from "./gates.ts";

/** A settlement that stopped: where, why, and whether the worker may try again in place. */
class Rejection extends Error {
  constructor(readonly phase: string, message: string, readonly retryable: boolean) {
    super(message);
  }
}

const LANDING_ATTEMPTS = 3;

interface Tree {
  dir: string;
  /** What the change is measured against: the task's base, or the target for the candidate. */
  base: string;
  head: string | null;
  target: string | null;
  changed: CommittedChange[];
  /** Candidate phase: what the target's movement since the task's base changed. */
  targetChanges?: CommittedChange[];
  /** Candidate phase: the task's own base and commit. */
  task?: { base: string; commit: string };
}

function gateInput(ctx: RunContext, unit: Unit, phase: GatePhase, live: LiveTask, tree: Tree): GateInput {
  return {
    phase,
    dir: tree.dir,
    task: { id: unit.id, plan: ctx.plan, role: unit.role, summary: unit.summary, claims: unit.files, testCmd: unit.testCmd || null },
    baseSha: tree.base,
    headSha: tree.head,
    targetSha: tree.target,
    changed: tree.changed,
    ...(tree.targetChanges ? { targetChanges: tree.targetChanges } : {}),
    ...(tree.task ? { taskBaseSha: tree.task.base, taskSha: tree.task.commit } : {}),
    transientWrites: [...live.writes].sort(),
    config: ctx.config,
  };
}

const enabled = (ctx: RunContext, phase: GatePhase) => ctx.registry.gates.filter((g) => gatePhases(g.def).includes(phase) && g.level !== "off");

/** Will a gate that reads the judged tree's files check this input? Else no checkout is made. */
const needsTree = (ctx: RunContext, phase: GatePhase, input: GateInput) => enabled(ctx, phase).some((g) => g.def.tree !== false && gateWillCheck(g.def, input));

/** Does any enabled gate run in this phase? (Their inputs cost git calls; skip them otherwise.) */
function hasGates(ctx: RunContext, phase: GatePhase): boolean {
  return enabled(ctx, phase).length > 0;
}

/** Runs one phase's gates; blocking findings reject the settlement. Returns how many ran `check`. */
async function gates(ctx: RunContext, unit: Unit, live: LiveTask, phase: GatePhase, tree: Tree, env: GateEnv): Promise<number> {
  const result = await runPhase(ctx.registry, phase, gateInput(ctx, unit, phase, live, tree), env);
  for (const run of result.runs) {
    if (run.level === "warn" && run.outcome.status === "fail") {
      log.warn(`[${unit.id}] ${rejectionHeadline(phase, [{ gate: run.gate, findings: run.outcome.findings }]).replace("settlement rejected", "gate warning")}`);
    }
  }
  if (result.blocking.length === 0) return result.runs.filter((r) => r.outcome.status !== "skip").length;
  // Review findings are about scope and structure: another try in place would not change them.
  throw new Rejection(phase, `${rejectionHeadline(phase, result.blocking)}\n${describeFindings(result.blocking)}`, phase !== "review");
}

async function phase<T>(ctx: RunContext, task: string, name: string, pane: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  ctx.record("settlement_phase_started", task, { phase: name }, pane);
  try {
    const value = await fn();
    ctx.record("settlement_phase_completed", task, { phase: name, status: "passed", duration_s: (performance.now() - started) / 1000 }, pane);
    return value;
  } catch (error) {
    ctx.record("settlement_phase_completed", task, { phase: name, status: "failed", duration_s: (performance.now() - started) / 1000, error: errorMessage(error) }, pane);
    throw error;
  }
}

/**
 * Review and autofix judge the whole change: the worktree's files against the task's base,
 * whatever the worker did to git (its commits, its index, HEAD). Then dgov makes its own
 * commit of the claimed paths on the base (the worktree itself stays as the worker left it).
 */
async function reviewAndCommit(ctx: RunContext, unit: Unit, live: LiveTask, env: GateEnv): Promise<Awaited<ReturnType<Change["commit"]>>> {
  ctx.crashPoint("settle:review");
  // In the sandbox only dgov writes the worktree's index, so its stat data spares rehashing every file.
  const change = await openChange(live, live.base, { trustIndex: ctx.confinement.sandbox !== null });
  if (change === null) throw new Rejection("review", "git failed reading the task worktree against its base", false);
  try {
    const tree: Tree = { dir: live.worktree, base: live.base, head: null, target: null, changed: change.changes };
    await phase(ctx, unit.id, "review", live.pane, () => gates(ctx, unit, live, "review", tree, env));
    // Only a fixer that ran may have changed the tree.
    const fixed = hasGates(ctx, "autofix") && (await phase(ctx, unit.id, "autofix", live.pane, () => gates(ctx, unit, live, "autofix", tree, env))) > 0;
    return await phase(ctx, unit.id, "commit", live.pane, async () => {
      const after = fixed ? await change.refresh() : change.changes;
      const f = unit.files;
      const paths = changedPaths(after).filter((p) => claimCovers([...f.create, ...f.edit, ...f.delete, ...f.touch], p));
      if (paths.length === 0) throw new Rejection("commit", "nothing claimed changed: no commit to make", false);
      const subject = unit.commitMessage || unit.summary || `feat: completed ${unit.id}`;
      return change.commit(paths, landedMessage(subject, { plan: ctx.plan, task: unit.id, run: ctx.run }), ctx.identity);
    });
  } finally {
    change.dispose();
  }
}

/**
 * A target that moved in a way no dgov landing did is named before anything lands on it. With
 * the sandbox on that is the user (or another tool) and the candidate replays onto it; without
 * the sandbox dgov cannot tell a worker's `git update-ref` from the user's commit, and refuses.
 */
async function checkTarget(ctx: RunContext, unit: Unit, target: string): Promise<void> {
  const foreign = await foreignCommits(ctx, target);
  if (foreign.length === 0) return;
  const named = describeCommits(foreign);
  ctx.record("target_moved_outside_dgov", unit.id, { branch: ctx.target, since: ctx.targetChecked, commits: foreign.map((c) => c.sha) });
  if (ctx.confinement.sandbox) {
    log.warn(`[${unit.id}] ${ctx.target} moved outside dgov since the run started: ${named}; replaying onto it`);
    targetAt(ctx, target, false);
    return;
  }
  throw new Rejection(
    "land",
    `${ctx.target} moved outside dgov since the run started (at ${ctx.targetAtStart?.slice(0, 8)}): ${named}. With the sandbox off a worker could have moved it, so nothing lands on it. If these commits are yours, \`dgov run --continue\` lands onto them; if not, reset ${ctx.target} to ${ctx.targetAtStart?.slice(0, 8)}.`,
    false,
  );
}

/**
 * The isolated gates, on a checkout of the task commit (made only when a gate will check).
 * Its verdict is the committed tree's, so a candidate holding the same tree needs no second.
 */
async function isolated(ctx: RunContext, unit: Unit, live: LiveTask, commit: TaskCommit, env: GateEnv, checkouts: Checkouts): Promise<void> {
  const tree: Tree = { dir: "", base: live.base, head: commit.sha, target: null, changed: commit.changed };
  const probe = gateInput(ctx, unit, "isolated", live, tree);
  const willCheck = enabled(ctx, "isolated").some((g) => gateWillCheck(g.def, probe));
  await phase(ctx, unit.id, "isolated", live.pane, async () => {
    // Gates that read only commits run in the project root, where git has them.
    if (willCheck) tree.dir = needsTree(ctx, "isolated", probe) ? await checkouts.task(commit.sha) : ctx.root;
    return gates(ctx, unit, live, "isolated", tree, env);
  });
}

/** The checks that can say a change works; a task that landed with none of them run is unverified. */
const VERIFYING = ["tests", "typecheck", "lint"];

/**
 * What settlement actually checked before the task landed (the `task_verdict` event): every
 * judging gate's last status per phase, which of the verifying checks passed, and — when none
 * did — why each did not run: `merged (unverified: …)` in the summary, status and show.
 */
export function verdict(runs: readonly GateRun[]): { checks: { gate: string; phase: string; status: string; reason?: string }[]; verified: string[]; unverified: string | null } {
  const judging = runs.filter((r) => r.phase === "isolated" || r.phase === "candidate");
  const checks = judging.map((r) => ({ gate: r.gate, phase: r.phase, status: r.outcome.status, ...(r.outcome.status === "skip" ? { reason: r.outcome.reason } : {}) }));
  const verified = VERIFYING.filter((g) => judging.some((r) => r.gate === g && r.outcome.status === "pass"));
  if (verified.length) return { checks, verified, unverified: null };
  const why = VERIFYING.map((g) => {
    const skipped = judging.find((r) => r.gate === g && r.outcome.status === "skip");
    return `${g}: ${skipped?.outcome.status === "skip" ? skipped.outcome.reason : "not run"}`;
  });
  return { checks, verified, unverified: why.join("; ") };
}

/** Do two commits hold the same tree? (One git call.) */
async function sameTree(root: string, a: string, b: string): Promise<boolean> {
  const [x, y] = (await git(["rev-parse", `${a}^{tree}`, `${b}^{tree}`], root)).stdout.split("\n");
  return x !== undefined && x !== "" && x === y;
}

/** The task commit, what it changes against the task's base, and how dgov made it. */
interface TaskCommit {
  sha: string;
  changed: CommittedChange[];
  made: CommitMade;
}

/**
 * The integration candidate: the task commit replayed onto the current target, judged by the
 * candidate-phase gates in a checkout of it (dgov-py validated the candidate against itself,
 * so nothing ran). When the candidate's tree is the task commit's (the target had not moved
 * in a way that touches it), the isolated verdicts stand and nothing is run twice.
 */
async function candidate(ctx: RunContext, unit: Unit, live: LiveTask, task: TaskCommit, target: string, env: GateEnv, checkouts: Checkouts): Promise<string> {
  const replay = await replayOnto(ctx.root, { commit: task.sha, base: live.base, made: task.made }, target, ctx.identity, knownAncestor(ctx, live.base, target));
  if (!replay.ok) {
    const why = replay.reason === "conflict"
      ? `text conflict replaying the task onto ${ctx.target} (${target.slice(0, 8)}): ${replay.files.join(", ")}`
      : `the history of ${ctx.target} was rewritten since the task started`;
    throw new Rejection("candidate", why, true);
  }
  if (!hasGates(ctx, "candidate")) return replay.sha;
  // The replay changes the task's files: gates that skip up front on them (a command not
  // configured, a change they do not apply to) need no tree, and no checkout is made.
  const tree: Tree = { dir: "", base: target, head: replay.sha, target, changed: task.changed, task: { base: live.base, commit: task.sha } };
  const probe = gateInput(ctx, unit, "candidate", live, tree);
  if (!enabled(ctx, "candidate").some((g) => gateWillCheck(g.def, probe))) {
    await gates(ctx, unit, live, "candidate", tree, env);
    return replay.sha;
  }
  if (await sameTree(ctx.root, replay.sha, task.sha)) return replay.sha;
  tree.changed = (await committedChanges(ctx.root, target, replay.sha)) ?? [];
  // Unknown (git failed): no gate may take the target as unchanged.
  tree.targetChanges = (await committedChanges(ctx.root, live.base, target)) ?? undefined;
  tree.dir = needsTree(ctx, "candidate", gateInput(ctx, unit, "candidate", live, tree)) ? await checkouts.candidate(replay.sha) : ctx.root;
  // The candidate is measured against the target: its baseline checkout is the target's.
  try {
    await gates(ctx, unit, live, "candidate", tree, { ...env, baselineDir: () => checkouts.baseline(target) });
  } catch (error) {
    // The retry in place works on the candidate, where the findings are (see dispatch.ts).
    live.rebase = { target, candidate: replay.sha };
    throw error;
  }
  return replay.sha;
}

/**
 * The landing kept the user's edits in the checkout: said loudly, recorded for the summary and
 * `dgov status`, with the command that merges the edits onto what landed.
 */
function checkoutLeft(ctx: RunContext, task: string, sha: string, left: CheckoutLeft): void {
  ctx.record("checkout_not_updated", task, { branch: ctx.target, sha, files: left.files, command: left.command, held: left.held });
  log.warn(
    `[${task}] landed on ${ctx.target} (${sha.slice(0, 8)}), but your checkout has uncommitted edits to ${left.files.join(", ")}: ` +
      `those files were left as you had them (${ctx.target} holds the landed versions). To bring them up to date, keeping your edits: ${left.command}`,
  );
}

/** Replays onto the current target and lands it; a target that moved meanwhile is retried. */
async function landCommit(ctx: RunContext, unit: Unit, live: LiveTask, commit: TaskCommit, env: GateEnv, checkouts: Checkouts): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const target = await branchHead(ctx.root, ctx.target);
    if (!target) throw new Rejection("candidate", `target branch '${ctx.target}' no longer exists`, false);
    await checkTarget(ctx, unit, target);
    const sha = await phase(ctx, unit.id, "candidate", live.pane, () => candidate(ctx, unit, live, commit, target, env, checkouts));
    // Written ahead: after a crash, recovery checks whether this commit reached the target.
    await ctx.post({ type: "landing", task: unit.id, sha });
    ctx.crashPoint("land:before-update-ref");
    const landed = await land(ctx.root, ctx.target, sha, target, ctx.identity, () => ctx.crashPoint("land:before-checkout-sync"));
    if (landed.ok) {
      ctx.landedHere.add(sha);
      // Its parent was the target just checked: the new head is known too.
      if (ctx.targetChecked === target) targetAt(ctx, sha, true);
      if (landed.checkout === "left") checkoutLeft(ctx, unit.id, sha, landed);
      return sha;
    }
    if (attempt >= LANDING_ATTEMPTS) throw new Rejection("land", `${ctx.target} kept moving while landing`, true);
  }
}

/**
 * Waits until the kernel gives this settlement the integration slot (run.ts calls `live.turn`
 * on the `integrate` action); a shutdown's abort ends the wait.
 */
function integrationTurn(live: LiveTask): Promise<void> {
  const signal = live.abort.signal;
  return new Promise<void>((resolve, reject) => {
    const stop = () => reject(new Rejection("candidate", "interrupted", false));
    if (signal.aborted) return stop();
    signal.addEventListener("abort", stop, { once: true });
    live.turn = () => {
      live.turn = null;
      signal.removeEventListener("abort", stop);
      resolve();
    };
  });
}

/**
 * Settles one task (spec settlement-git §2, as DESIGN.md orders it). Its own part runs beside
 * other tasks' settlements: review, autofix, commit, isolated checks, self-review; then it waits
 * for the integration slot, where one task at a time replays onto the current target, is judged
 * as the candidate and lands. Reports one kernel event at the end. A failure keeps the worktree
 * (for inspection and an in-place retry).
 */
export async function settle(ctx: RunContext, id: string): Promise<void> {
  const unit = ctx.units.get(id)!;
  const live = ctx.live.get(id);
  if (!live) {
    await ctx.post({ type: "task_merge_failed", task: id, error: "the task worktree is missing", retryable: false, phase: "review" });
    return;
  }
  if (unit.role !== "worker") return settleReadOnly(ctx, unit, live);
  live.abort = new AbortController();
  live.rebase = null;
  const checkouts = createCheckouts(ctx, id, live.abort.signal);
  const runs: GateRun[] = [];
  const env: GateEnv = {
    root: ctx.root,
    env: { ...ctx.toolEnv, ...portEnv(ctx.ports.hold(id)), ...sandboxedEnv(ctx.confinement) },
    signal: live.abort.signal,
    timeoutMs: ctx.config.project.settlement_timeout * 1000,
    record: (run) => {
      runs.push(run);
      ctx.record("gate_completed", id, { ...run, status: run.outcome.status }, live.pane);
    },
    starting: (gate, phase) => ctx.record("gate_started", id, { gate, phase }, live.pane),
    baselineDir: () => checkouts.baseline(live.base),
    confine: treeSandbox(ctx.confinement),
    gitDir: async (dir) => (dir === live.worktree ? live.gitDir : absoluteGitDir(dir)),
  };
  let sha: string;
  try {
    const made = await reviewAndCommit(ctx, unit, live, env);
    const judged = hasGates(ctx, "isolated") || hasGates(ctx, "candidate");
    const commit: TaskCommit = { sha: made.sha, changed: made.changed ?? (judged ? ((await committedChanges(ctx.root, live.base, made.sha)) ?? []) : []), made: made.made };
    if (hasGates(ctx, "isolated")) await isolated(ctx, unit, live, commit, env, checkouts);
    if (unit.selfReview && !live.abort.signal.aborted) {
      await phase(ctx, id, "self-review", live.pane, async () => {
        const rejected = await selfReview(ctx, unit, live, made.sha, runs, env);
        if (rejected) throw new Rejection("self-review", rejected, true);
      });
    }
    if (live.abort.signal.aborted) throw new Rejection("candidate", "interrupted", false);
    // Waiting for the slot before saying it is prepared: the kernel may give it at once.
    const turn = integrationTurn(live);
    await ctx.post({ type: "settlement_prepared", task: id, sha: made.sha });
    await turn;
    sha = await landCommit(ctx, unit, live, commit, env, checkouts);
  } catch (error) {
    if (live.abort.signal.aborted) return void (await ctx.post({ type: "task_abandoned", task: id, reason: "shutdown during settlement" }));
    const rejection = error instanceof Rejection ? error : new Rejection("settle", errorMessage(error), false);
    await ctx.post({ type: "task_merge_failed", task: id, error: rejection.message, retryable: rejection.retryable, phase: rejection.phase });
    return;
  } finally {
    live.turn = null;
    await checkouts.dispose();
  }
  ctx.record("task_verdict", id, verdict(runs), live.pane);
  ctx.crashPoint("land:after-update-ref");
  appendDeployRecord(ctx.root, { plan: ctx.plan, unit: id, sha, ts: deployTimestamp(Date.now()) });
  ctx.crashPoint("land:after-deploy-log");
  await ctx.post({ type: "merge_completed", task: id, sha });
}
