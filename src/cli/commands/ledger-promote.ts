import { DgovError } from "../../errors.ts";
import { learnedRulesPath, readLearnedRules, writeLearnedRules } from "../../config/learned-rules.ts";
import { defineCommand } from "../define.ts";
import { ledgerId, requireEntry, withLedger } from "../ledger-store.ts";
import { printJson, printText } from "../output.ts";

export default defineCommand({
  args: {
    id: { type: "positional", required: true, description: "The entry's number" },
  },
  details:
    "Copies a ledger entry into .dgov/rules/learned.json: a learned rule every worker's system prompt\n" +
    "carries (LEARNED RULES), whatever files its task claims. Commit the file to share it.",
  async run({ args, globals }) {
    const id = ledgerId(args.id);
    await withLedger(globals.cwd, async (store, root) => {
      const entry = requireEntry(store, id);
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
