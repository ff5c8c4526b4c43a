import { DgovError } from "../../errors.ts";
import { LEDGER_CATEGORIES, type LedgerCategory, listLedger } from "../../store/ledger.ts";
import { defineCommand } from "../define.ts";
import { entryJson, entryLine, withLedger } from "../ledger-store.ts";
import { columns, printJson, printText } from "../output.ts";

export default defineCommand({
  args: {
    category: { type: "string", alias: "c", valueHint: "name", description: `Only this category (${LEDGER_CATEGORIES.join(", ")})` },
    status: { type: "string", alias: "s", valueHint: "open|resolved", description: "Only open or only resolved entries (default: open)" },
    query: { type: "string", alias: "q", valueHint: "text", description: "Only entries whose text contains this" },
    all: { type: "boolean", description: "Open and resolved entries" },
  },
  details: "The ledger's entries, newest first: id, category, status, paths, text.",
  async run({ args, globals }) {
    const category = args.category as LedgerCategory | undefined;
    if (category && !LEDGER_CATEGORIES.includes(category)) throw new DgovError({ code: "E_USAGE", message: `unknown ledger category '${category}'`, hint: `Categories: ${LEDGER_CATEGORIES.join(", ")}.`, exitCode: 2 });
    if (args.status && args.status !== "open" && args.status !== "resolved") throw new DgovError({ code: "E_USAGE", message: `--status must be open or resolved, got '${args.status}'`, exitCode: 2 });
    const status = args.all ? undefined : ((args.status as "open" | "resolved" | undefined) ?? "open");
    await withLedger(globals.cwd, async (store) => {
      const entries = listLedger(store, { ...(category ? { category } : {}), ...(status ? { status } : {}), ...(args.query ? { query: args.query } : {}) });
      if (globals.json) await printJson(entries.map(entryJson));
      else await printText(entries.length ? columns(entries.map(entryLine)) : `No ${status ? `${status} ` : ""}entries found.`);
    });
    return 0;
  },
});
