import { sandboxedEnv, treeSandbox } from "../../exec/confine.ts";
import { absoluteGitDir, branchHead } from "../../git/repo.ts";
import { committedChanges } from "../../git/status.ts";
import { gateWillCheck } from "../../plugin/invoke.ts";
import { type GateInput, gatePhases } from "../../plugin/types.ts";
import type { RunContext } from "../context.ts";
import { createCheckouts } from "./checkouts.ts";
import { type GateEnv, runPhase } from "./gates.ts";

/** Who the post-run checkouts belong to: one plan runs once at a time, so the plan names them (no task id has a colon). */
export const postRunOwner = (plan: string) => `${plan}:post-run`;

/**
 * The post-run phase: once every task of a run has landed, the `post-run` gates judge the
 * run's whole change — the target as the run found it against the target now — e.g. the
 * architecture against its accepted baseline. Their runs are `gate_completed` events without a
 * task. Nothing is undone: a blocking failure (or a gate's error) makes the run `degraded`.
 * A run that landed nothing here has nothing to judge.
 */
export async function postRun(ctx: RunContext, signal: AbortSignal): Promise<"complete" | "degraded"> {
  const gates = ctx.registry.gates.filter((g) => gatePhases(g.def).includes("post-run") && g.level !== "off");
  const head = gates.length ? await branchHead(ctx.root, ctx.target) : null;
  const start = ctx.targetAtStart;
  if (!head || !start || head === start) return "complete";
  const changed = await committedChanges(ctx.root, start, head);
  if (changed === null) throw new Error(`git diff ${start.slice(0, 12)}..${head.slice(0, 12)} failed: the post-run gates cannot see what the run changed`);
  const input: GateInput = { phase: "post-run", dir: ctx.root, task: null, baseSha: start, headSha: head, targetSha: head, changed, transientWrites: [], config: ctx.config };
  const checkouts = createCheckouts(ctx, postRunOwner(ctx.plan), signal);
  const env: GateEnv = {
    root: ctx.root,
    env: { ...ctx.toolEnv, ...sandboxedEnv(ctx.confinement) },
    signal,
    timeoutMs: ctx.config.project.settlement_timeout * 1000,
    record: (run) => ctx.record("gate_completed", null, { ...run, status: run.outcome.status }),
    starting: (gate, phase) => ctx.record("gate_started", null, { gate, phase }),
    baselineDir: () => checkouts.baseline(start),
    confine: treeSandbox(ctx.confinement),
    gitDir: absoluteGitDir,
  };
  try {
    // Gates that read only commits judge from the project root; the others get a checkout of the result.
    if (gates.some((g) => g.def.tree !== false && gateWillCheck(g.def, input))) input.dir = await checkouts.candidate(head);
    const { blocking } = await runPhase(ctx.registry, "post-run", input, env);
    return blocking.length ? "degraded" : "complete";
  } finally {
    await checkouts.dispose();
  }
}
