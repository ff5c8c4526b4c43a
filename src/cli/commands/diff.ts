import { DgovError } from "../../errors.ts";
import { taskDiff } from "../../git/change-diff.ts";
import { withHistory } from "../../report/history.ts";
import { resolveTask, taskRefs } from "../../report/task-ref.ts";
import { taskShow } from "../../report/task-show.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { projectRoot } from "../project.ts";

export default defineCommand({
  args: {
    task: { type: "positional", required: true, description: "A task id (t/m.slug), or its slug or a suffix when that names one task" },
    plan: { type: "string", valueHint: "name", description: "Look for the task in this plan only" },
    stat: { type: "boolean", description: "Only the summary of changed files" },
  },
  details:
    "What the task landed (its commit against its parent), or, when it did not land, what its kept\n" +
    "worktree changes against the task's base: committed, uncommitted and new files alike.",
  async run({ args, globals }) {
    const root = await projectRoot(globals.cwd);
    const show = await withHistory(root, (store) => taskShow(store, root, resolveTask(taskRefs(store), args.task, args.plan)));
    const stat = Boolean(args.stat);
    const found = await taskDiff(root, show, { stat });
    if (!found) {
      throw new DgovError({
        code: "E_NOT_FOUND",
        message: `${show.task} has nothing to diff: it did not land (${show.label}) and no worktree of it is kept${show.worktree ? ` (${show.worktree.path} is gone)` : ""}`,
        hint: `\`dgov show ${show.task}\` tells what happened; \`dgov log ${show.task}\` what its worker did.`,
        exitCode: 1,
      });
    }
    const { source, diff } = found;
    if (globals.json) await printJson({ plan: show.plan, task: show.task, state: show.state, source, diff });
    else {
      const head = source.kind === "landed" ? `# ${show.task} landed as ${source.sha.slice(0, 12)}` : `# ${show.task} did not land (${show.label}): its kept worktree ${source.path} against its base ${source.base.slice(0, 12)}`;
      await printText(`${head}\n${diff || "(no changes)"}`);
    }
    return 0;
  },
});
