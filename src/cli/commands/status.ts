import { existsSync } from "node:fs";
import { IN_FLIGHT } from "../../kernel/types.ts";
import { openStore, storePath } from "../../store/db.ts";
import { type CheckoutNote, checkoutNote } from "../../report/checkout-note.ts";
import { planView, plansWithHistory, type PlanView, type TaskView } from "../../store/plan-state.ts";
import { defineCommand } from "../define.ts";
import { projectRoot } from "../project.ts";
import { columns, printJson, printText } from "../output.ts";
import { formatUsage, usageJson } from "../usage.ts";

const ATTENTION = new Set(["failed", "timed_out", "abandoned", "skipped", "interrupted"]);
const MARK: Record<string, string> = {
  merged: "✓", failed: "✗", timed_out: "✗", abandoned: "!", interrupted: "!", skipped: "-", pending: "○",
  dispatching: "▸", active: "▸", reviewing: "…", settling: "…",
};

/** A task of a run that is not going on any more cannot still be in flight: it was interrupted. */
function shown(plan: PlanView, task: TaskView): string {
  return !plan.live && IN_FLIGHT.has(task.state) ? "interrupted" : task.state;
}

function taskRow(plan: PlanView, t: TaskView): string[] {
  const state = shown(plan, t);
  const detail = t.sha ? t.sha.slice(0, 7) : (t.error?.split("\n")[0] ?? "");
  const took = t.durationS === null ? "" : `${t.durationS.toFixed(1)}s`;
  return [`    ${MARK[state] ?? " "} ${t.id}`, state, t.attempts ? `attempt ${t.attempts}` : "", took, formatUsage(t.usage), detail];
}

function planText(plan: PlanView, all: boolean): string[] {
  const merged = plan.tasks.filter((t) => t.state === "merged").length;
  const run = plan.live ? "running" : (plan.runStatus ?? "interrupted");
  const used = formatUsage(plan.usage);
  const lines = [`plan ${plan.plan}: ${merged}/${plan.tasks.length} merged (run ${plan.run ?? "?"}: ${run})${used ? ` · ${used}` : ""}`];
  if (plan.halted) lines.push(`  halted: ${plan.halted} — no new tasks were started`);
  const attention = plan.tasks.filter((t) => ATTENTION.has(shown(plan, t)));
  const running = plan.tasks.filter((t) => plan.live && IN_FLIGHT.has(t.state));
  if (attention.length) lines.push("  needs attention:", columns(attention.map((t) => taskRow(plan, t))));
  if (running.length) lines.push("  running:", columns(running.map((t) => taskRow(plan, t))));
  if (all) {
    const rest = plan.tasks.filter((t) => !attention.includes(t) && !running.includes(t));
    if (rest.length) lines.push("  other tasks:", columns(rest.map((t) => taskRow(plan, t))));
  }
  return lines;
}

export default defineCommand({
  args: {
    all: { type: "boolean", description: "Every plan with history and every task, not only what is live or needs attention" },
  },
  details: "Built from the event log alone (the same fold `dgov run` uses to resume). Without --all: plans\nthat are running or have tasks needing attention (failed, timed out, abandoned, skipped).",
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
    const relevant = args.all ? views : views.filter((v) => v.live || v.tasks.some((t) => ATTENTION.has(shown(v, t))));
    const count = (pred: (v: PlanView, t: TaskView) => boolean) => views.reduce((n, v) => n + v.tasks.filter((t) => pred(v, t)).length, 0);
    const active = count((v, t) => v.live && ["dispatching", "active"].includes(t.state));
    const settling = count((v, t) => v.live && ["reviewing", "settling"].includes(t.state));
    const attention = count((v, t) => ATTENTION.has(shown(v, t)));
    const status = views.some((v) => v.live) ? "running" : "idle";
    if (globals.json) {
      await printJson({
        status, active, settling, attention, checkout,
        plans: relevant.map((v) => ({
          plan: v.plan, run: v.run, live: v.live, run_status: v.runStatus, halted: v.halted, usage: usageJson(v.usage),
          tasks: v.tasks.map((t) => ({ id: t.id, state: shown(v, t), attempts: t.attempts, duration_s: t.durationS, sha: t.sha, error: t.error, usage: usageJson(t.usage) })),
        })),
      });
      return 0;
    }
    const head = [`status: ${status}`, `tasks: ${count(() => true)} total, ${active} active, ${settling} settling, ${attention} need attention`];
    if (checkout) head.push(`checkout: ${checkout.task} landed, but your uncommitted edits to ${checkout.files.join(", ")} were kept as they were; to bring them up to date, keeping your edits: ${checkout.command}`);
    const body = relevant.flatMap((v) => ["", ...planText(v, Boolean(args.all))]);
    if (!relevant.length) body.push(views.length ? "  (nothing running or needing attention — use --all to show history)" : "  (no runs yet: `dgov run <plan>` starts one)");
    await printText([...head, ...body].join("\n"));
    return 0;
  },
});
