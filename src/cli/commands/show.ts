import { DgovError } from "../../errors.ts";
import { attemptArg, withHistory } from "../../report/history.ts";
import { showJson } from "../../report/story-json.ts";
import { showText } from "../../report/story-lines.ts";
import { resolveTask, taskRefs } from "../../report/task-ref.ts";
import { taskShow } from "../../report/task-show.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { projectRoot } from "../project.ts";

export default defineCommand({
  args: {
    task: { type: "positional", required: true, description: "A task id (t/m.slug), or its slug or a suffix when that names one task" },
    plan: { type: "string", valueHint: "name", description: "Look for the task in this plan only" },
    attempt: { type: "string", valueHint: "N", description: "Only this attempt's launches" },
  },
  details:
    "The task's story from the store: each attempt (dispatch, retries in place, forks) with how its\n" +
    "worker ended and its summary, each settlement phase, every gate with its commands and findings,\n" +
    "the verdict, the landed sha, tokens, the kept worktree, and the commands to run next.",
  async run({ args, globals }) {
    const root = await projectRoot(globals.cwd);
    const attempt = attemptArg(args.attempt);
    const show = await withHistory(root, (store) => taskShow(store, root, resolveTask(taskRefs(store), args.task, args.plan)));
    if (attempt !== undefined) {
      const known = [...new Set(show.launches.map((l) => l.attempt))];
      if (!known.includes(attempt)) {
        throw new DgovError({ code: "E_NOT_FOUND", message: `${show.task} has no attempt ${attempt}`, hint: known.length ? `Its attempts: ${known.join(", ")}` : "It was never launched." });
      }
      show.launches = show.launches.filter((l) => l.attempt === attempt);
    }
    if (globals.json) await printJson(showJson(show));
    else await printText(showText(show));
    return 0;
  },
});
