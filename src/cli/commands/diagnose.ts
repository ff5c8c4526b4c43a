import { existsSync } from "node:fs";
import { cardJson, cardsText } from "../../report/card.ts";
import { diagnose, diagnoseRepo } from "../../report/diagnose.ts";
import { withHistory } from "../../report/history.ts";
import { resolvePlanName } from "../../report/plan-name.ts";
import type { Card } from "../../report/card.ts";
import { storePath } from "../../store/db.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { projectRoot } from "../project.ts";

export default defineCommand({
  args: {
    plan: { type: "string", valueHint: "name", description: "Only this plan's tasks and runs (repo-wide shapes are always checked)" },
  },
  details:
    "Matches known failure shapes in the event log, the transcripts and the repo, and prints one card\n" +
    "each: its name, what has to change, the evidence, the next action (a command to run) and what\n" +
    "not to do. Shapes: scope_violation, empty_diff, tests/typecheck/lint/format_failed, gate_failed,\n" +
    "merge_conflict, provider_auth, rate_limited, provider_config, provider_unreachable, timeout,\n" +
    "iterations_exhausted, worker_no_done, setup_failed, budget_halt, interrupted_run,\n" +
    "checkout_not_updated, archive_policy_drift.",
  async run({ args, globals }) {
    const root = await projectRoot(globals.cwd);
    let cards: Card[] = [];
    if (existsSync(storePath(root)) || args.plan !== undefined) {
      cards = await withHistory(root, (store) => diagnose(store, root, args.plan === undefined ? undefined : resolvePlanName(store, root, args.plan, globals)));
    } else {
      cards = await diagnoseRepo(root);
    }
    if (globals.json) await printJson({ matched: cards.length, cards: cards.map(cardJson) });
    else await printText(cardsText(cards));
    return 0;
  },
});
