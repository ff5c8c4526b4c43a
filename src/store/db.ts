import { Database } from "bun:sqlite";
import { existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import { DgovError, errorMessage } from "../errors.ts";
import { log } from "../log.ts";
import { MIGRATIONS } from "./migrations.ts";

/** `.dgov/state.db`: the event log and runtime bookkeeping. */
export interface Store {
  db: Database;
  path: string;
  close(): void;
}

export function storePath(root: string): string {
  return join(root, ".dgov", "state.db");
}

/**
 * Opens (creating if needed) the project's state database: WAL journal so readers (`dgov
 * status`, `dgov watch`) never block the runner, a busy timeout for concurrent writers, and
 * the schema brought to the current `user_version` inside one transaction.
 */
export function openStore(root: string): Store {
  const path = storePath(root);
  mkdirSync(join(root, ".dgov"), { recursive: true });
  const db = withBusyRetry(path, () => {
    const db = new Database(path, { create: true, strict: true });
    if (moveAsideForeign(db, path)) return openStore(root).db;
    try {
      db.exec("PRAGMA busy_timeout = 10000");
      // WAL is a property of the file: set once, by whoever creates it.
      if ((db.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode !== "wal") db.exec("PRAGMA journal_mode = WAL");
      db.exec("PRAGMA synchronous = NORMAL");
      db.exec("PRAGMA foreign_keys = ON");
      migrate(db, path);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  });
  return { db, path, close: () => db.close() };
}

/**
 * dgov-py's `state.db` (its own schema, never a `user_version`: tables `tasks`, `events` with a
 * `pane` column, `slug_history`, `ledger`) is not ours to migrate: it is moved aside to
 * `state.db.dgov-py` (gitignored as `state.db*`), with its WAL files, and kept readable there;
 * dgov starts a history of its own. True when it moved one.
 */
function moveAsideForeign(db: Database, path: string): boolean {
  // One statement, one snapshot: another dgov creating ours commits its tables and version together.
  const row = db.query("SELECT (SELECT user_version FROM pragma_user_version) AS version, (SELECT group_concat(name, ' ') FROM sqlite_master WHERE type = 'table') AS tables").get() as { version: number; tables: string | null };
  const tables = (row.tables ?? "").split(" ");
  const foreign = row.version === 0 && tables.some((t) => ["events", "tasks", "slug_history", "ledger"].includes(t));
  if (!foreign) return false;
  const inode = statSync(path).ino;
  db.close();
  // Another dgov may have moved it (and created ours) since this one opened it.
  if (!existsSync(path) || statSync(path).ino !== inode) return true;
  let aside = `${path}.dgov-py`;
  for (let n = 2; existsSync(aside); n++) aside = `${path}.dgov-py-${n}`;
  for (const suffix of ["", "-wal", "-shm"]) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  log.warn(`.dgov/state.db was written by dgov-py (another schema); moved it to ${aside.slice(aside.indexOf(".dgov/"))}, where its history stays readable. dgov starts its own history.`);
  return true;
}

const BUSY_DEADLINE_MS = 10_000;

/**
 * Runs `open`, again while SQLite says the file is busy: two dgov processes creating the same
 * fresh store (two plans started at once) can see SQLITE_BUSY where no busy handler applies,
 * e.g. while the other switches the new file to WAL.
 */
function withBusyRetry<T>(path: string, open: () => T): T {
  const deadline = Date.now() + BUSY_DEADLINE_MS;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      return open();
    } catch (error) {
      if (error instanceof DgovError) throw error;
      const busy = /SQLITE_BUSY|database is locked/.test(`${(error as { code?: string }).code ?? ""} ${errorMessage(error)}`);
      if (!busy || Date.now() >= deadline) throw new DgovError({ code: "E_STORE", message: `cannot open ${path}: ${errorMessage(error)}`, exitCode: 1 });
      Bun.sleepSync(wait);
    }
  }
}

function migrate(db: Database, path: string): void {
  const version = () => (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
  if (version() === MIGRATIONS.length) return;
  // Under the write lock, the version is read again: another dgov may have just migrated it.
  db.transaction(() => {
    const current = version();
    if (current > MIGRATIONS.length) {
      throw new DgovError({
        code: "E_STORE",
        message: `${path} has schema version ${current}, newer than this dgov understands (${MIGRATIONS.length})`,
        hint: "Upgrade dgov, or move the state database aside to start a fresh history.",
      });
    }
    for (let version = current; version < MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version]!);
      db.exec(`PRAGMA user_version = ${version + 1}`);
    }
  }).immediate();
}
