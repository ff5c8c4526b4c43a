import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { DgovError } from "../../errors.ts";
import { openStore, type Store, storePath } from "../../store/db.ts";
import { appendEvent } from "../../store/events.ts";
import { plansWithHistory, planView } from "../../store/plan-state.ts";
import { liveRuns, runsOf } from "../../store/runtime.ts";
import { didYouMean } from "../../suggest.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { projectRoot } from "../project.ts";

/** The plan an argument names: a plan name with history, or the directory a run was started from. */
function planOf(store: Store, arg: string, root: string, cwd: string): string {
  const names = plansWithHistory(store);
  if (names.includes(arg)) return arg;
  const dirs = new Set([resolve(cwd, arg), resolve(root, ".dgov", "plans", arg), resolve(root, ".dgov", "plans", "archive", arg)]);
  const byDir = runsOf(store).findLast((r) => dirs.has(r.plan_dir));
  if (byDir) return byDir.plan;
  throw new DgovError({
    code: "E_NOT_FOUND",
    message: `no plan '${arg}' has run in this project${didYouMean(arg, names)}`,
    hint: names.length ? `Plans with history: ${names.join(", ")} (\`dgov status --all\`).` : "Nothing has run here yet.",
    exitCode: 2,
  });
}

export default defineCommand({
  args: {
    plan: { type: "positional", required: true, description: "The plan (its name, as `dgov status` shows it, or its directory)" },
    reason: { type: "string", valueHint: "text", description: "Why, recorded with it" },
  },
  details:
    "Dismisses a plan's latest run from `dgov status`'s \"needs attention\": its failed, skipped or\n" +
    "halted tasks stay as they are (worktrees, branches and history are kept; `dgov clean` removes\n" +
    "leftovers). Recorded as an event; `dgov run <plan> --continue` takes the plan up again.",
  async run({ args, globals }) {
    const root = await projectRoot(globals.cwd);
    if (!existsSync(storePath(root))) throw new DgovError({ code: "E_NO_STATE", message: `no event log at ${storePath(root)}`, hint: "Nothing has run in this project yet.", exitCode: 2 });
    const store = openStore(root);
    try {
      const plan = planOf(store, args.plan, root, globals.cwd);
      const live = liveRuns(store).find((r) => r.plan === plan);
      if (live) throw new DgovError({ code: "E_RUNNING", message: `plan '${plan}' is running (pid ${live.pid}, run ${live.id})`, hint: "Stop it first (Ctrl-C in its terminal), then abandon it.", exitCode: 2 });
      const view = planView(store, root, plan);
      const open = view ? view.tasks.filter((t) => t.state !== "merged").map((t) => t.id) : [];
      if (view?.abandoned) {
        if (globals.json) await printJson({ plan, run: view.run, abandoned: true, already: true, tasks: open });
        else await printText(`plan '${plan}' is already dismissed (run ${view.run})`);
        return 0;
      }
      appendEvent(store, { event: "plan_abandoned", plan, run: view?.run ?? null, data: { reason: args.reason ?? null, tasks: open } });
      if (globals.json) await printJson({ plan, run: view?.run ?? null, abandoned: true, already: false, tasks: open });
      else await printText(`plan '${plan}' dismissed: ${open.length} task(s) that did not land stay as they are; \`dgov run ${args.plan} --continue\` takes it up again`);
      return 0;
    } finally {
      store.close();
    }
  },
});
