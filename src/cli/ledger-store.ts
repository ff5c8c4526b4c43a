import { DgovError } from "../errors.ts";
import { openStore, type Store } from "../store/db.ts";
import type { LedgerEntry } from "../store/ledger.ts";
import { projectPath, projectRoot } from "./project.ts";

/** The project's store, for the ledger commands (created on first use, as `dgov run` does). */
export async function withLedger<T>(cwd: string, fn: (store: Store, root: string) => T | Promise<T>): Promise<T> {
  const root = await projectRoot(cwd);
  const store = openStore(root);
  try {
    return await fn(store, root);
  } finally {
    store.close();
  }
}

/** A `--path` as the repository names it: relative to the root, inside it. */
export function ledgerPath(root: string, cwd: string, raw: string): string {
  const path = raw.trim() === "" ? null : projectPath(root, cwd, raw);
  if (path === null) {
    throw new DgovError({ code: "E_USAGE", message: `--path ${raw} is outside the project at ${root}`, hint: "Name a file or folder of the repository, e.g. --path src/parser.ts", exitCode: 2 });
  }
  return path || ".";
}

export const entryJson = (e: LedgerEntry) => ({ id: e.id, category: e.category, content: e.content, status: e.status, created_at: e.created_at, resolved_at: e.resolved_at, paths: e.paths });

/** `#3  bug   open  src/a.ts  The parser drops the last line` */
export function entryLine(e: LedgerEntry): string[] {
  return [`#${e.id}`, e.category, e.status, e.paths.join(", ") || "(no paths)", e.content.split("\n")[0]!];
}
