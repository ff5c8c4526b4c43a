import { existsSync } from "node:fs";
import { DgovError } from "../../errors.ts";
import { log } from "../../log.ts";
import { eventLines, type Part } from "../../report/event-line.ts";
import { verdicts } from "../../report/gate-runs.ts";
import { openStore, type Store, storePath } from "../../store/db.ts";
import { latestEventId, readEvents, type StoredEvent } from "../../store/events.ts";
import { defineCommand } from "../define.ts";
import { outputClosed, printText } from "../output.ts";
import { projectRoot } from "../project.ts";
import { onInterrupt } from "../signals.ts";
import { columnsOf, fit, painterFor, type Tone } from "../terminal.ts";
import { terminalStream } from "../../tty.ts";

const POLL_MS = 200;
/** Events read at once. */
const PAGE = 500;
const GC_EVERY = 2;
/** Where stdout is not a terminal, a line is still bounded (a worker's output line can be long). */
const PIPE_WIDTH = 400;
const TONES: Record<Part, Tone | null> = { good: "green", bad: "red", warn: "yellow", plain: null, dim: "dim", name: "cyan" };

/** Lines for people: each event's headline and what it says (findings, errors), coloured on a terminal. */
function createRenderer(store: Store): (e: StoredEvent) => string {
  const paint = painterFor(terminalStream(1));
  const style = (part: Part, text: string) => (TONES[part] ? paint(TONES[part], text) : text);
  return (e) => {
    // A landing's verdict was recorded just before it: the line says which checks verified it.
    const verdict = e.event === "merge_completed" && e.task && e.plan ? verdicts(readEvents(store, { plan: e.plan, task: e.task, events: ["task_verdict"] })).get(e.task) : undefined;
    const width = columnsOf(terminalStream(1)) ?? PIPE_WIDTH;
    return eventLines(e, { style, ...(verdict ? { verdict } : {}) }).map((l) => fit(l, width)).join("\n");
  };
}

/** Waits for the first run to create the event log; false when stopped first. */
async function storeAppears(path: string, stopped: () => boolean): Promise<boolean> {
  log.info(`waiting for a run to start (no event log at ${path} yet; Ctrl-C stops)`);
  while (!existsSync(path)) {
    if (stopped()) return false;
    await Bun.sleep(POLL_MS);
  }
  return true;
}

export default defineCommand({
  args: {
    plan: { type: "string", valueHint: "name", description: "Only this plan's events" },
    task: { type: "string", valueHint: "id", description: "Only this task's events" },
    event: { type: "string", valueHint: "types", description: "Only these event types (comma-separated)" },
    all: { type: "boolean", description: "Start from the beginning of the history, not from now" },
    follow: { type: "boolean", default: true, description: "Keep following new events (--no-follow: print and exit)" },
  },
  details:
    "Follows the event log (.dgov/state.db) and prints events as they are written: a failed gate with\n" +
    "its findings, a rejected or failed task with its error, a landing with its verdict, the workers'\n" +
    "tool calls. With --json one raw event row per line. Started before the first run, it waits for\n" +
    "it. Ctrl-C stops.",
  async run({ args, globals }) {
    const root = await projectRoot(globals.cwd);
    let stop = false;
    onInterrupt({ first: () => void (stop = true), second: () => {} });
    try {
      let waited = false;
      if (!existsSync(storePath(root))) {
        if (!args.follow) {
          throw new DgovError({ code: "E_NO_STATE", message: `no event log at ${storePath(root)}`, hint: "Nothing has run in this project yet: `dgov run <plan>` starts a run." });
        }
        if (!(await storeAppears(storePath(root), () => stop))) return 0;
        waited = true;
      }
      const store = openStore(root);
      try {
        // A log that appeared while waiting holds only what happened since: all of it is new.
        await follow(store, { ...args, all: args.all || waited }, globals.json, () => stop || outputClosed());
      } finally {
        store.close();
      }
    } finally {
      onInterrupt(null);
    }
    return 0;
  },
});

interface WatchArgs {
  plan?: string;
  task?: string;
  event?: string;
  all?: boolean;
  follow?: boolean;
}

/** Prints the events after the start point, then (following) each new one as it is written. */
async function follow(store: Store, args: WatchArgs, json: boolean, stopped: () => boolean): Promise<void> {
  const filter = {
    ...(args.plan ? { plan: args.plan } : {}),
    ...(args.task ? { task: args.task } : {}),
    ...(args.event ? { events: args.event.split(",").map((s) => s.trim()).filter(Boolean) } : {}),
  };
  const render = json ? (e: StoredEvent) => JSON.stringify(e) : createRenderer(store);
  let after = args.all ? 0 : latestEventId(store);
  let pages = 0;
  for (;;) {
    // A page at a time: memory stays bounded on a log of any length.
    const events = readEvents(store, { ...filter, afterId: after, first: PAGE });
    // One write a page: the lines of a page are small, a write per event costs more than it.
    const lines = events.map(render).filter(Boolean);
    if (lines.length) await printText(lines.join("\n"));
    // A long backlog allocates far faster than the collector's own pace frees: collecting every
    // few pages is what keeps the memory bounded (61 MiB peak on 100k events, 89 without).
    if (++pages % GC_EVERY === 0) Bun.gc(true);
    if (outputClosed()) return;
    after = events.at(-1)?.id ?? after;
    if (events.length === PAGE) continue;
    if (!args.follow || stopped()) return;
    await Bun.sleep(POLL_MS);
  }
}
