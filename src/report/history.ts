import { existsSync } from "node:fs";
import { DgovError } from "../errors.ts";
import { openStore, type Store, storePath } from "../store/db.ts";

/** Runs `fn` on the project's store, which must exist: the views explain history, and there is none yet otherwise. */
export async function withHistory<T>(root: string, fn: (store: Store) => T | Promise<T>): Promise<T> {
  if (!existsSync(storePath(root))) {
    throw new DgovError({ code: "E_NO_STATE", message: `no history yet: ${storePath(root)} does not exist`, hint: "Nothing has run in this project: `dgov run <plan>` starts a run." });
  }
  const store = openStore(root);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** A `--attempt N` value: a whole number >= 1. */
export function attemptArg(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new DgovError({ code: "E_USAGE", message: `--attempt must be a whole number >= 1, got '${raw}'` });
  return n;
}
