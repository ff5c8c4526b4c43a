import * as v from "valibot";
import { normalizeClaim } from "../plan/claims.ts";
import type { Store } from "./db.ts";

/*
 * The ledger (spec core-engine §3.8): the operator's durable memory — bugs, rules, decisions —
 * each optionally tied to paths. Open entries whose paths overlap a task's write claims are
 * that task's probation ("case law"), added to its prompt.
 */

export const LEDGER_CATEGORIES = ["bug", "fix", "rule", "pattern", "note", "debt", "capability", "decision"] as const;
export type LedgerCategory = (typeof LEDGER_CATEGORIES)[number];

export interface LedgerEntry {
  id: number;
  category: LedgerCategory;
  content: string;
  status: "open" | "resolved";
  created_at: string;
  resolved_at: string | null;
  paths: string[];
}

const rowShape = v.object({
  id: v.number(),
  category: v.picklist(LEDGER_CATEGORIES),
  content: v.string(),
  status: v.picklist(["open", "resolved"]),
  created_at: v.string(),
  resolved_at: v.nullable(v.string()),
  paths: v.string(),
});

/** A row read back, validated; a corrupt one is skipped rather than trusted. */
function toEntry(row: unknown): LedgerEntry | null {
  const parsed = v.safeParse(rowShape, row);
  if (!parsed.success) return null;
  let paths: string[] = [];
  try {
    const value: unknown = JSON.parse(parsed.output.paths);
    if (Array.isArray(value)) paths = value.filter((p): p is string => typeof p === "string");
  } catch {
    // Corrupt paths: the entry applies to no file (never to every file).
  }
  return { ...parsed.output, paths };
}

export function addLedgerEntry(store: Store, e: { category: LedgerCategory; content: string; paths: readonly string[] }, now = new Date()): LedgerEntry {
  const row = store.db
    .query("INSERT INTO ledger (category, content, status, created_at, paths) VALUES (?, ?, 'open', ?, ?) RETURNING *")
    .get(e.category, e.content, now.toISOString(), JSON.stringify(e.paths.map(normalizeClaim)));
  return toEntry(row)!;
}

export interface LedgerQuery {
  category?: LedgerCategory;
  status?: "open" | "resolved";
  /** Entries whose content contains this text (case-insensitive). */
  query?: string;
}

/** Entries, newest first. */
export function listLedger(store: Store, q: LedgerQuery = {}): LedgerEntry[] {
  const where: string[] = [];
  const params: string[] = [];
  if (q.category) where.push("category = ?") && params.push(q.category);
  if (q.status) where.push("status = ?") && params.push(q.status);
  if (q.query) where.push("content LIKE ? ESCAPE '\\'") && params.push(`%${q.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = store.db.query(`SELECT * FROM ledger ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC`).all(...params);
  return rows.map(toEntry).filter((e): e is LedgerEntry => e !== null);
}

export function ledgerEntry(store: Store, id: number): LedgerEntry | null {
  return toEntry(store.db.query("SELECT * FROM ledger WHERE id = ?").get(id));
}

/** Marks an entry resolved; false when there is no such entry or it was resolved already. */
export function resolveLedgerEntry(store: Store, id: number, now = new Date()): boolean {
  return store.db.query("UPDATE ledger SET status = 'resolved', resolved_at = ? WHERE id = ? AND status = 'open'").run(now.toISOString(), id).changes > 0;
}

/** Two paths overlap when they are equal or one is a folder above the other. */
export function pathsOverlap(a: string, b: string): boolean {
  const x = normalizeClaim(a);
  const y = normalizeClaim(b);
  return x === y || x.startsWith(`${y}/`) || y.startsWith(`${x}/`);
}

/** Open entries whose paths overlap any of `writes` (an entry without paths applies to no task). */
export function caseLaw(store: Store, writes: readonly string[]): LedgerEntry[] {
  if (writes.length === 0) return [];
  return listLedger(store, { status: "open" })
    .filter((e) => e.paths.some((p) => writes.some((w) => pathsOverlap(p, w))))
    .reverse();
}
