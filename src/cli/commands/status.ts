import { existsSync } from "node:fs";
import { IN_FLIGHT } from "../../kernel/types.ts";
import { openStore, storePath } from "../../store/db.ts";
import { type CheckoutNote, checkoutNote } from "../../report/checkout-note.ts";
import { planView, plansWithHistory, type PlanView, type TaskView } from "../../store/plan-state.ts";
import { defineCommand } from "../define.ts";
import { projectRoot } from "../project.ts";
import { columns, printJson, printText } from "../output.ts";
import { formatUsage, usageJson } from "../usage.ts";
import { stateLabel } from "../../report/gate-runs.ts";
import { gateRunLines } from "../../report/findings.ts";
import { nextStepLines, nextSteps } from "../../report/next-steps.ts";
import { ATTENTION, planArg, shownState as shown } from "../../report/plan-record.ts";

const MARK: Record<string, string> = {
  merged: "✓", failed: "✗", timed_out: "✗", abandoned: "!", interrupted: "!", skipped: "-", pending: "○",
  dispatching: "▸", active: "▸", reviewing: "…", settling: "…",
};

function taskRow(plan: PlanView, t: TaskView): string[] {
  const state = shown(plan, t);
  const detail = t.sha ? t.sha.slice(0, 7) : (t.error?.split("\n")[0] ?? "");
  const took = t.durationS === null ? "" : `${t.durationS.toFixed(1)}s`;
  return [`    ${MARK[state] ?? " "} ${t.id}`, stateLabel(state, t.verdict), t.attempts ? `attempt ${t.attempts}` : "", took, formatUsage(t.usage), detail];
}

/** A plan needs attention: tasks that did not land, or a run that stopped early — until `dgov plan abandon` dismisses it. */
function needsAttention(v: PlanView): boolean {
  if (v.live || v.abandoned) return false;
  return v.halted !== null || v.runStatus === "degraded" || v.tasks.some((t) => ATTENTION.has(shown(v, t)));
}

function planNext(root: string, v: PlanView) {
  const failed = v.tasks.filter((t) => ATTENTION.has(shown(v, t))).map((t) => t.id);
  const ref = planArg(root, v.planDir, v.plan);
  const steps = nextSteps({ ref, status: v.runStatus, halted: v.halted, failed });
  return steps.length ? [...steps, { command: `dgov plan abandon ${ref}`, why: "dismiss it from this list" }] : [];
}

function planText(root: string, plan: PlanView, all: boolean): string[] {
  const merged = plan.tasks.filter((t) => t.state === "merged").length;
  const run = plan.live ? "running" : (plan.runStatus ?? "interrupted");
  const used = formatUsage(plan.usage);
  const lines = [`plan ${plan.plan}: ${merged}/${plan.tasks.length} merged (run ${plan.run ?? "?"}: ${run})${used ? ` · ${used}` : ""}`];
  if (plan.halted) lines.push(`  halted: ${plan.halted} — no new tasks were started`);
  const attention = plan.tasks.filter((t) => ATTENTION.has(shown(plan, t)));
  const running = plan.tasks.filter((t) => plan.live && IN_FLIGHT.has(t.state));
  if (attention.length) {
    lines.push("  needs attention:");
    const rows = columns(attention.map((t) => taskRow(plan, t))).split("\n");
    attention.forEach((t, i) => lines.push(rows[i]!, ...t.failure.flatMap((r) => gateRunLines(r, { maxMessageLines: 6, indent: "          " }).map((l, j) => (j === 0 ? `        blocked by ${l}` : l)))));
  }
  if (running.length) lines.push("  running:", columns(running.map((t) => taskRow(plan, t))));
  if (all) {
    const rest = plan.tasks.filter((t) => !attention.includes(t) && !running.includes(t));
    if (rest.length) lines.push("  other tasks:", columns(rest.map((t) => taskRow(plan, t))));
  }
  if (plan.abandoned) lines.push("  (dismissed with `dgov plan abandon`; `dgov run --continue` takes it up again)");
  else if (needsAttention(plan)) lines.push(...nextStepLines(planNext(root, plan)).map((l) => `  ${l}`));
  return lines;
}

export default defineCommand({
  args: {
    all: { type: "boolean", description: "Every plan with history and every task, not only what is live or needs attention" },
  },
  details:
    "Built from the event log alone (the same fold `dgov run` uses to resume). Without --all: plans\n" +
    "that are running or need attention (tasks failed, timed out, abandoned or skipped, or the run was\n" +
    "halted by its budget), each with the commands to explain and continue it; `dgov plan abandon`\n" +
    "dismisses one.",
  async run({ args, globals }) {
    const root = await projectRoot(globals.cwd);
    const views: PlanView[] = [];
    let checkout: CheckoutNote | null = null;
    if (existsSync(storePath(root))) {
      const store = openStore(root);
      try {
        for (const plan of plansWithHistory(store)) {
          const view = planView(store, root, plan);
          if (view) views.push(view);
        }
        checkout = await checkoutNote(root, store);
      } finally {
        store.close();
      }
    }
    const relevant = args.all ? views : views.filter((v) => v.live || needsAttention(v));
    const count = (pred: (v: PlanView, t: TaskView) => boolean) => views.reduce((n, v) => n + v.tasks.filter((t) => pred(v, t)).length, 0);
    const active = count((v, t) => v.live && ["dispatching", "active"].includes(t.state));
    const settling = count((v, t) => v.live && ["reviewing", "settling"].includes(t.state));
    const attention = count((v, t) => needsAttention(v) && ATTENTION.has(shown(v, t)));
    const status = views.some((v) => v.live) ? "running" : "idle";
    if (globals.json) {
      await printJson({
        status, active, settling, attention, checkout,
        plans: relevant.map((v) => ({
          plan: v.plan, run: v.run, live: v.live, run_status: v.runStatus, halted: v.halted, abandoned: v.abandoned, needs_attention: needsAttention(v), usage: usageJson(v.usage),
          next: needsAttention(v) ? planNext(root, v) : [],
          tasks: v.tasks.map((t) => ({
            id: t.id, state: shown(v, t), attempts: t.attempts, duration_s: t.durationS, sha: t.sha, error: t.error, usage: usageJson(t.usage),
            ...(t.verdict ? { verified: t.verdict.verified, unverified: t.verdict.unverified } : {}),
            ...(t.failure.length ? { failed_gates: t.failure.map((r) => ({ gate: r.gate, phase: r.phase, findings: r.findings })) } : {}),
          })),
        })),
      });
      return 0;
    }
    const head = [`status: ${status}`, `tasks: ${count(() => true)} total, ${active} active, ${settling} settling, ${attention} need attention`];
    if (checkout) head.push(`checkout: ${checkout.task} landed, but your uncommitted edits to ${checkout.files.join(", ")} were kept as they were; to bring them up to date, keeping your edits: ${checkout.command}`);
    const body = relevant.flatMap((v) => ["", ...planText(root, v, Boolean(args.all))]);
    if (!relevant.length) body.push(views.length ? "  (nothing running or needing attention — use --all to show history)" : "  (no runs yet: `dgov run <plan>` starts one)");
    await printText([...head, ...body].join("\n"));
    return 0;
  },
});
