import { DgovError } from "../../errors.ts";
import { learnedRulesPath, readLearnedRules, writeLearnedRules } from "../../config/learned-rules.ts";
import { ledgerEntry } from "../../store/ledger.ts";
import { defineCommand } from "../define.ts";
import { withLedger } from "../ledger-store.ts";
import { printJson, printText } from "../output.ts";

export default defineCommand({
  args: {
    id: { type: "positional", required: true, description: "The entry's number" },
  },
  details:
    "Copies a ledger entry into .dgov/rules/learned.json: a learned rule every worker's system prompt\n" +
    "carries (LEARNED RULES), whatever files its task claims. Commit the file to share it.",
  async run({ args, globals }) {
    const id = Number(args.id.replace(/^#/, ""));
    if (!Number.isInteger(id) || id < 1) throw new DgovError({ code: "E_USAGE", message: `a ledger entry id is a positive number, got '${args.id}'`, exitCode: 2 });
    await withLedger(globals.cwd, async (store, root) => {
      const entry = ledgerEntry(store, id);
      if (!entry) throw new DgovError({ code: "E_NOT_FOUND", message: `no ledger entry #${id}`, hint: "`dgov ledger list --all` lists them.", exitCode: 2 });
      const rules = readLearnedRules(root);
      if (rules === null) throw new DgovError({ code: "E_CONFIG", message: `${learnedRulesPath(root)} is not a JSON list of rules; dgov will not overwrite it`, hint: "Make it a JSON array (or move it away), then promote again.", exitCode: 2 });
      const source = `ledger #${id}`;
      const already = rules.some((r) => r.source === source);
      if (!already) writeLearnedRules(root, [...rules, { rule: entry.content, ...(entry.paths.length ? { paths: entry.paths } : {}), source, added_at: new Date().toISOString() }]);
      if (globals.json) await printJson({ id, promoted: !already, file: learnedRulesPath(root), rules: rules.length + (already ? 0 : 1) });
      else await printText(already ? `Ledger entry #${id} is already a learned rule` : `Ledger entry #${id} is now a learned rule in .dgov/rules/learned.json (every worker's prompt carries it)`);
    });
    return 0;
  },
});
