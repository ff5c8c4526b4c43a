import { DgovError } from "../../errors.ts";
import { ledgerEntry, resolveLedgerEntry } from "../../store/ledger.ts";
import { defineCommand } from "../define.ts";
import { entryJson, withLedger } from "../ledger-store.ts";
import { printJson, printText } from "../output.ts";

export default defineCommand({
  args: {
    id: { type: "positional", required: true, description: "The entry's number (`dgov ledger list` shows it)" },
  },
  details: "Marks an entry resolved: it stays in the ledger, and no task's prompt carries it any more.",
  async run({ args, globals }) {
    const id = Number(args.id.replace(/^#/, ""));
    if (!Number.isInteger(id) || id < 1) throw new DgovError({ code: "E_USAGE", message: `a ledger entry id is a positive number, got '${args.id}'`, exitCode: 2 });
    await withLedger(globals.cwd, async (store) => {
      const before = ledgerEntry(store, id);
      if (!before) throw new DgovError({ code: "E_NOT_FOUND", message: `no ledger entry #${id}`, hint: "`dgov ledger list --all` lists them.", exitCode: 2 });
      const changed = resolveLedgerEntry(store, id);
      const entry = ledgerEntry(store, id)!;
      if (globals.json) await printJson({ ...entryJson(entry), changed });
      else await printText(changed ? `Resolved ledger entry #${id}` : `Ledger entry #${id} was already resolved (${before.resolved_at})`);
    });
    return 0;
  },
});
