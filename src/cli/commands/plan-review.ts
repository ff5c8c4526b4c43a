import { DgovError } from "../../errors.ts";
import { withHistory } from "../../report/history.ts";
import { resolvePlanName } from "../../report/plan-name.ts";
import { planReview } from "../../report/plan-review.ts";
import { reviewJson, reviewText } from "../../report/review-lines.ts";
import { resolveTask, taskRefs } from "../../report/task-ref.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { projectRoot } from "../project.ts";

export default defineCommand({
  args: {
    plan: { type: "positional", required: true, description: "A plan name, or its directory (archived plans too)" },
    only: { type: "string", valueHint: "task", description: "Only this task (its id, slug or suffix)" },
    diff: { type: "boolean", description: "Add each task's diff: what it landed, or what its kept worktree holds" },
    events: { type: "boolean", description: "Add each task's event lines from the last run" },
  },
  details:
    "A debrief of the plan's last run, from the store: per task its state (with the verdict: which\n" +
    "checks ran), attempts, duration, tokens, the worker's note, the error, and the gates that\n" +
    "rejected it with their findings in full.",
  async run({ args, globals }) {
    const root = await projectRoot(globals.cwd);
    const review = await withHistory(root, async (store) => {
      const plan = resolvePlanName(store, root, args.plan, globals);
      const only = args.only === undefined ? undefined : resolveTask(taskRefs(store, plan), args.only, plan).task;
      const found = await planReview(store, root, plan, { ...(only ? { only } : {}), diff: Boolean(args.diff), events: Boolean(args.events) });
      if (!found) throw new DgovError({ code: "E_NOT_FOUND", message: `plan '${plan}' has events but no run of it started`, hint: `\`dgov run ${plan}\` runs it.` });
      return found;
    });
    if (globals.json) await printJson(reviewJson(review));
    else await printText(reviewText(review, root));
    return 0;
  },
});
