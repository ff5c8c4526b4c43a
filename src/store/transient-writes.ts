import type { Store } from "./db.ts";
import { readEvents } from "./events.ts";

/** A `worker_log` result event's data: `{ log_type: "result", content: { …, writes?: [...] } }`. */
function writesOf(data: Record<string, unknown>): string[] {
  if (data.log_type !== "result") return [];
  const content = data.content as { writes?: unknown } | undefined;
  return Array.isArray(content?.writes) ? content.writes.filter((w): w is string => typeof w === "string") : [];
}

/**
 * What a task's worker tools wrote in its latest pane (the current attempt), even files
 * written and removed again: the transient writes settlement's scope check sees.
 */
export function latestPaneWrites(store: Store, plan: string, task: string): { pane: string | null; writes: string[] } {
  const events = readEvents(store, { plan, task, events: ["worker_log"] });
  const pane = events.findLast((e) => e.pane !== null)?.pane ?? null;
  if (pane === null) return { pane, writes: [] };
  const writes = events.filter((e) => e.pane === pane).flatMap((e) => writesOf(e.data));
  return { pane, writes: [...new Set(writes)].sort() };
}
