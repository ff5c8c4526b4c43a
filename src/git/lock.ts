import { Database } from "bun:sqlite";
import { DgovError, errorMessage } from "../errors.ts";

/*
 * A lock between dgov processes that needs no pid file: an exclusive SQLite transaction on a
 * small database file. Taking it is one atomic step, and the operating system drops it when
 * its holder dies, however it dies, so a stale lock never has to be detected or taken over.
 * Within one process, holders of the same lock queue behind each other.
 */

const queues = new Map<string, Promise<unknown>>();
const POLL_MS = 10;

function busy(error: unknown): boolean {
  return /SQLITE_BUSY|database is locked/.test(`${(error as { code?: string }).code ?? ""} ${errorMessage(error)}`);
}

async function acquire(path: string, what: string, timeoutMs: number): Promise<Database> {
  const db = new Database(path, { create: true });
  db.exec("PRAGMA busy_timeout = 0");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      db.exec("BEGIN EXCLUSIVE");
      return db;
    } catch (error) {
      if (!busy(error)) {
        db.close();
        throw error;
      }
      if (Date.now() > deadline) {
        db.close();
        throw new DgovError({ code: "E_LOCKED", message: `another dgov process has held the ${what} lock (${path}) for ${Math.round(timeoutMs / 1000)}s`, hint: "Wait for it to finish, then retry.", exitCode: 1 });
      }
      // A free lock is taken at once; waiting polls without blocking the event loop.
      await Bun.sleep(POLL_MS);
    }
  }
}

/** Runs `fn` holding the lock at `path` (`what` names it in messages). */
export function withLock<T>(path: string, fn: () => Promise<T>, opts: { what?: string; timeoutMs?: number } = {}): Promise<T> {
  const previous = queues.get(path) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(async () => {
    const db = await acquire(path, opts.what ?? "repository", opts.timeoutMs ?? 120_000);
    try {
      return await fn();
    } finally {
      db.exec("COMMIT");
      db.close();
    }
  });
  queues.set(path, run);
  void run.finally(() => {
    if (queues.get(path) === run) queues.delete(path);
  }).catch(() => {});
  return run;
}
