import * as v from "valibot";
import { DgovError, errorMessage } from "../errors.ts";
import type { KernelEvent } from "../kernel/types.ts";
import type { Store } from "./db.ts";

/** One row of the event log. */
export interface StoredEvent {
  id: number;
  ts: string;
  event: string;
  plan: string | null;
  task: string | null;
  run: string | null;
  pane: string | null;
  data: Record<string, unknown>;
}

export interface NewEvent {
  event: string;
  plan: string | null;
  task?: string | null;
  run?: string | null;
  pane?: string | null;
  data?: Record<string, unknown>;
}

/** A row as SQLite returns it: `data` still JSON text. */
type Row = Omit<StoredEvent, "data"> & { data: string };

/**
 * Appends one event and returns its id. A failure is never swallowed: the event log is the
 * authority, so a run that cannot record what happened must stop (dgov-py dropped the event).
 */
export function appendEvent(store: Store, e: NewEvent, now: Date = new Date()): number {
  try {
    const row = store.db
      .query("INSERT INTO events (ts, event, plan, task, run, pane, data) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")
      .get(now.toISOString(), e.event, e.plan, e.task ?? null, e.run ?? null, e.pane ?? null, JSON.stringify(e.data ?? {})) as { id: number };
    return row.id;
  } catch (error) {
    throw new DgovError({
      code: "E_STORE",
      message: `cannot record event '${e.event}' in ${store.path}: ${errorMessage(error)}`,
      hint: "The run stops rather than lose history; check disk space and permissions, then `dgov run --continue`.",
      exitCode: 1,
    });
  }
}

export interface EventFilter {
  plan?: string;
  task?: string;
  run?: string;
  afterId?: number;
  events?: readonly string[];
  /** The latest this many (in order). */
  limit?: number;
  /** The earliest this many after `afterId`: a page, for readers that walk a long log in bounded memory. */
  first?: number;
}

function toStored(row: Row): StoredEvent {
  let data: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(row.data);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) data = parsed;
  } catch {
    // A corrupt data column reads as empty; the typed columns still identify the event.
  }
  return { ...row, data };
}

/** Events in id order (with `limit`: the newest N, still in id order). */
export function readEvents(store: Store, filter: EventFilter = {}): StoredEvent[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.plan !== undefined) where.push("plan = ?") && params.push(filter.plan);
  if (filter.task !== undefined) where.push("task = ?") && params.push(filter.task);
  if (filter.run !== undefined) where.push("run = ?") && params.push(filter.run);
  if (filter.afterId) where.push("id > ?") && params.push(filter.afterId);
  if (filter.events?.length) {
    where.push(`event IN (${filter.events.map(() => "?").join(", ")})`);
    params.push(...filter.events);
  }
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const sql = filter.limit
    ? `SELECT * FROM (SELECT * FROM events ${clause} ORDER BY id DESC LIMIT ${Math.floor(filter.limit)}) ORDER BY id`
    : `SELECT * FROM events ${clause} ORDER BY id${filter.first ? ` LIMIT ${Math.floor(filter.first)}` : ""}`;
  return (store.db.query(sql).all(...params) as Row[]).map(toStored);
}

/** The id, plan, task and name of the events after `afterId`, at most `limit`: what a follower of the log needs, without the data. */
export function eventHeads(store: Store, afterId: number, limit: number): { id: number; plan: string; task: string | null; event: string }[] {
  return store.db.query("SELECT id, plan, task, event FROM events WHERE id > ? ORDER BY id LIMIT ?").all(afterId, Math.floor(limit)) as { id: number; plan: string; task: string | null; event: string }[];
}

export function latestEventId(store: Store): number {
  return (store.db.query("SELECT COALESCE(MAX(id), 0) AS id FROM events").get() as { id: number }).id;
}

/** `run --restart`: forget a plan's history (events and artifacts) in one transaction. */
export function forgetPlan(store: Store, plan: string): number {
  return store.db.transaction(() => {
    store.db.query("DELETE FROM artifacts WHERE plan = ?").run(plan);
    return store.db.query("DELETE FROM events WHERE plan = ?").run(plan).changes;
  })();
}

// ── Kernel events: stored with their type as the event name, their fields as data ────────────

const str = v.string();
const kernelEventSchema = v.variant("type", [
  v.object({ type: v.literal("run_start"), run: str, maxParallel: v.number(), maxRetries: v.number(), mergeOrder: v.picklist(["component", "topological", "ready"]), resume: v.boolean(), settleParallel: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))) }),
  v.object({ type: v.literal("dag_task_dispatching"), task: str, attempt: v.number(), inPlace: v.boolean() }),
  v.object({ type: v.literal("settlement_started"), task: str }),
  v.object({ type: v.literal("integration_started"), task: str }),
  v.object({ type: v.literal("settlement_prepared"), task: str, sha: str }),
  v.object({ type: v.literal("dag_task_dispatched"), task: str, pane: str }),
  v.object({ type: v.literal("dispatch_failed"), task: str, error: str, retryable: v.boolean() }),
  v.object({ type: v.literal("task_done"), task: str }),
  v.object({ type: v.literal("task_failed"), task: str, error: str, kind: v.picklist(["error", "timeout", "exhausted"]), retryable: v.boolean() }),
  v.object({ type: v.literal("landing"), task: str, sha: str }),
  v.object({ type: v.literal("landing_verified"), task: str, landed: v.boolean() }),
  v.object({ type: v.literal("merge_completed"), task: str, sha: str }),
  v.object({ type: v.literal("task_merge_failed"), task: str, error: str, retryable: v.boolean(), phase: str }),
  v.object({ type: v.literal("task_abandoned"), task: str, reason: str }),
  v.object({ type: v.literal("shutdown_requested"), reason: str }),
  v.object({ type: v.literal("pool_limited"), pool: str, limit: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))) }),
  v.object({ type: v.literal("run_halted"), reason: str, stop: v.optional(v.boolean()) }),
]);

/** The event names the kernel folds. */
export const KERNEL_EVENTS: readonly string[] = kernelEventSchema.options.map((o) => o.entries.type.literal);
const KERNEL_EVENT_SET: ReadonlySet<string> = new Set(KERNEL_EVENTS);

/** The row for a kernel event: `task` in its column, the other fields in `data`. */
export function kernelEventRow(event: KernelEvent, plan: string, run: string, extra: Record<string, unknown> = {}): NewEvent {
  const { type, ...fields } = event;
  const task = "task" in event ? event.task : null;
  return { event: type, plan, task, run, pane: "pane" in event ? event.pane : null, data: { ...fields, ...extra } };
}

/** A stored row as a kernel event, validated; null for other events or a corrupt row. */
export function toKernelEvent(row: StoredEvent): KernelEvent | null {
  if (!KERNEL_EVENT_SET.has(row.event)) return null;
  const candidate = { ...row.data, type: row.event, ...(row.task === null ? {} : { task: row.task }) };
  const parsed = v.safeParse(kernelEventSchema, candidate);
  return parsed.success ? (parsed.output as KernelEvent) : null;
}
