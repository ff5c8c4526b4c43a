import { DgovError } from "../../errors.ts";
import { readTranscript } from "../../store/transcripts.ts";
import { attemptArg, withHistory } from "../../report/history.ts";
import { readEvents } from "../../store/events.ts";
import { launches } from "../../report/story.ts";
import { resolveTask, taskRefs } from "../../report/task-ref.ts";
import { launchLogs, logText } from "../../report/transcript-lines.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { projectRoot } from "../project.ts";

export default defineCommand({
  args: {
    task: { type: "positional", required: true, description: "A task id (t/m.slug), or its slug or a suffix when that names one task" },
    plan: { type: "string", valueHint: "name", description: "Look for the task in this plan only" },
    attempt: { type: "string", valueHint: "N", description: "Only this attempt" },
    full: { type: "boolean", description: "Print tool results and model text whole (default: a few lines each)" },
  },
  details:
    "The task's transcript, per attempt and launch: the model's text, each tool call with its\n" +
    "arguments and the result the model received, provider retries, errors and the done summary.",
  async run({ args, globals }) {
    const root = await projectRoot(globals.cwd);
    const attempt = attemptArg(args.attempt);
    const { ref, logs } = await withHistory(root, (store) => {
      const ref = resolveTask(taskRefs(store), args.task, args.plan);
      const entries = readTranscript(store, ref.plan, ref.task, attempt);
      if (attempt !== undefined && entries.length === 0) {
        throw new DgovError({ code: "E_NOT_FOUND", message: `${ref.task} has no transcript for attempt ${attempt}`, hint: `\`dgov show ${ref.task}\` lists its attempts.` });
      }
      return { ref, logs: launchLogs(entries, launches(readEvents(store, { plan: ref.plan, task: ref.task }))) };
    });
    if (globals.json) {
      const attempts = [...new Set(logs.map((l) => l.attempt))].map((n) => ({
        attempt: n,
        launches: logs.filter((l) => l.attempt === n).map((l) => ({ kind: l.kind, pane: l.pane, run: l.run, entries: l.entries.map((e) => ({ ts: e.ts, kind: e.kind, data: e.data })) })),
      }));
      await printJson({ plan: ref.plan, task: ref.task, attempts });
    } else await printText(logText(ref.plan, ref.task, logs, { full: Boolean(args.full) }));
    return 0;
  },
});
