import { DgovError } from "../errors.ts";
import { openStore, type Store } from "../store/db.ts";
import { type LedgerEntry, ledgerEntry } from "../store/ledger.ts";
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

/** An entry's id as the user types it (`3` or `#3`); anything else is a usage error. */
export function ledgerId(raw: string): number {
  const id = Number(raw.replace(/^#/, ""));
  if (!Number.isInteger(id) || id < 1) throw new DgovError({ code: "E_USAGE", message: `a ledger entry id is a positive number, got '${raw}'`, exitCode: 2 });
  return id;
}

/** The entry with this id; none is an error naming it. */
export function requireEntry(store: Store, id: number): LedgerEntry {
  const entry = ledgerEntry(store, id);
  if (!entry) throw new DgovError({ code: "E_NOT_FOUND", message: `no ledger entry #${id}`, hint: "`dgov ledger list --all` lists them.", exitCode: 2 });
  return entry;
}

export const entryJson = (e: LedgerEntry) => ({ id: e.id, category: e.category, content: e.content, status: e.status, created_at: e.created_at, resolved_at: e.resolved_at, paths: e.paths });

/** `#3  bug   open  src/a.ts  The parser drops the last line` */
export function entryLine(e: LedgerEntry): string[] {
  return [`#${e.id}`, e.category, e.status, e.paths.join(", ") || "(no paths)", e.content.split("\n")[0]!];
}
