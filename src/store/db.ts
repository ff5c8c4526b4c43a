import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DgovError, errorMessage } from "../errors.ts";
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
  let db: Database;
  try {
    db = new Database(path, { create: true, strict: true });
    db.exec("PRAGMA busy_timeout = 10000");
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
  } catch (error) {
    throw new DgovError({ code: "E_STORE", message: `cannot open ${path}: ${errorMessage(error)}`, exitCode: 1 });
  }
  migrate(db, path);
  return { db, path, close: () => db.close() };
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
