import { ledgerEntry, resolveLedgerEntry } from "../../store/ledger.ts";
import { defineCommand } from "../define.ts";
import { entryJson, ledgerId, requireEntry, withLedger } from "../ledger-store.ts";
import { printJson, printText } from "../output.ts";

export default defineCommand({
  args: {
    id: { type: "positional", required: true, description: "The entry's number (`dgov ledger list` shows it)" },
  },
  details: "Marks an entry resolved: it stays in the ledger, and no task's prompt carries it any more.",
  async run({ args, globals }) {
    const id = ledgerId(args.id);
    await withLedger(globals.cwd, async (store) => {
      const before = requireEntry(store, id);
      const changed = resolveLedgerEntry(store, id);
      const entry = ledgerEntry(store, id)!;
      if (globals.json) await printJson({ ...entryJson(entry), changed });
      else await printText(changed ? `Resolved ledger entry #${id}` : `Ledger entry #${id} was already resolved (${before.resolved_at})`);
    });
    return 0;
  },
});
