import { DgovError } from "../../errors.ts";
import { addLedgerEntry, LEDGER_CATEGORIES, type LedgerCategory } from "../../store/ledger.ts";
import { didYouMean } from "../../suggest.ts";
import { defineCommand } from "../define.ts";
import { entryJson, ledgerPath, withLedger } from "../ledger-store.ts";
import { printJson, printText } from "../output.ts";

export default defineCommand({
  repeatable: ["path"],
  args: {
    category: { type: "positional", required: true, description: `One of: ${LEDGER_CATEGORIES.join(", ")}` },
    content: { type: "positional", required: true, description: "The entry, in words" },
    path: { type: "string", alias: "p", valueHint: "path", description: "A file or folder it applies to (repeat for several)" },
  },
  details:
    "Adds an entry to the ledger in .dgov/state.db. While it is open, every task whose write claims\n" +
    "overlap its paths (the same path, or one a folder of the other) gets it in its prompt under\n" +
    '"Active Probation (Case Law)". An entry without paths is kept but applies to no task.',
  async run({ args, globals }) {
    const category = args.category as LedgerCategory;
    if (!LEDGER_CATEGORIES.includes(category)) {
      throw new DgovError({ code: "E_USAGE", message: `unknown ledger category '${args.category}'${didYouMean(args.category, LEDGER_CATEGORIES)}`, hint: `Categories: ${LEDGER_CATEGORIES.join(", ")}.`, exitCode: 2 });
    }
    if (!args.content.trim()) throw new DgovError({ code: "E_USAGE", message: "the ledger entry is empty", hint: 'e.g. dgov ledger add bug "parse() drops the last line" --path src/parser.ts', exitCode: 2 });
    const raw = [args.path as string | string[] | undefined].flat().filter((p): p is string => typeof p === "string");
    await withLedger(globals.cwd, async (store, root) => {
      // Every path is checked before anything is written.
      const paths = raw.map((p) => ledgerPath(root, globals.cwd, p));
      const entry = addLedgerEntry(store, { category, content: args.content.trim(), paths });
      if (globals.json) await printJson(entryJson(entry));
      else await printText(`Added ledger entry #${entry.id} (${entry.category})${paths.length ? ` for ${paths.join(", ")}` : " (no paths: it applies to no task)"}`);
    });
    return 0;
  },
});
