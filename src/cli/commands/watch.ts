import { existsSync } from "node:fs";
import { DgovError } from "../../errors.ts";
import { openStore, storePath } from "../../store/db.ts";
import { latestEventId, readEvents, type StoredEvent } from "../../store/events.ts";
import { defineCommand } from "../define.ts";
import { projectRoot } from "../project.ts";
import { printText } from "../output.ts";
import { onInterrupt } from "../signals.ts";

const POLL_MS = 200;

/** One event as a line for people: time, plan, task, event, and its most telling fields. */
function line(e: StoredEvent): string {
  const time = e.ts.slice(11, 19);
  const d = e.data;
  const detail =
    e.event === "worker_log"
      ? `${d.log_type}: ${typeof d.content === "string" ? d.content : JSON.stringify(d.content)}`
      : ["error", "reason", "sha", "phase", "status", "gate", "run_status", "attempt"]
          .filter((k) => d[k] !== undefined && d[k] !== null)
          .map((k) => `${k}=${typeof d[k] === "string" ? (d[k] as string).split("\n")[0] : JSON.stringify(d[k])}`)
          .join(" ");
  return [time, e.plan ?? "-", e.task ?? "-", e.event, detail].filter(Boolean).join("  ").slice(0, 400);
}

export default defineCommand({
  args: {
    plan: { type: "string", valueHint: "name", description: "Only this plan's events" },
    task: { type: "string", valueHint: "id", description: "Only this task's events" },
    event: { type: "string", valueHint: "types", description: "Only these event types (comma-separated)" },
    all: { type: "boolean", description: "Start from the beginning of the history, not from now" },
    follow: { type: "boolean", default: true, description: "Keep following new events (--no-follow: print and exit)" },
  },
  details: "Follows the event log (.dgov/state.db) and prints events as they are written; with --json one\nJSON object per line. Ctrl-C stops.",
  async run({ args, globals }) {
    const root = await projectRoot(globals.cwd);
    if (!existsSync(storePath(root))) {
      throw new DgovError({ code: "E_NO_STATE", message: `no event log at ${storePath(root)}`, hint: "Nothing has run in this project yet: `dgov run <plan>` starts a run." });
    }
    const store = openStore(root);
    let stop = false;
    onInterrupt({ first: () => void (stop = true), second: () => {} });
    try {
      const filter = {
        ...(args.plan ? { plan: args.plan } : {}),
        ...(args.task ? { task: args.task } : {}),
        ...(args.event ? { events: args.event.split(",").map((s) => s.trim()).filter(Boolean) } : {}),
      };
      let after = args.all ? 0 : latestEventId(store);
      for (;;) {
        const events = readEvents(store, { ...filter, afterId: after });
        for (const e of events) await printText(globals.json ? JSON.stringify(e) : line(e));
        after = events.at(-1)?.id ?? after;
        if (!args.follow || stop) break;
        await Bun.sleep(POLL_MS);
      }
    } finally {
      onInterrupt(null);
      store.close();
    }
    return 0;
  },
});
