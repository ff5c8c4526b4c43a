import { existsSync } from "node:fs";
import { openStore } from "../../store/db.ts";
import { artifacts, deleteArtifact, liveRuns, pruneDispatches } from "../../store/runtime.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject } from "../project.ts";

export default defineCommand({
  args: {
    days: { type: "string", valueHint: "n", default: "0", description: "Keep finished dispatch records newer than this many days" },
    "dry-run": { type: "boolean", default: false, description: "Say what would be pruned; change nothing" },
  },
  details: "Removes runtime-artifact rows whose worktree is gone and finished dispatch records from\n.dgov/state.db. The event log is history and stays.",
  async run({ args, globals }) {
    const project = await openProject(globals);
    const days = Number(args.days);
    const store = openStore(project.root);
    const running = new Set(liveRuns(store).map((r) => r.plan));
    const dryRun = Boolean(args["dry-run"]);
    let artifactRows = 0;
    for (const a of artifacts(store)) {
      if (running.has(a.plan) || existsSync(a.worktree)) continue;
      if (!dryRun) deleteArtifact(store, a.plan, a.task);
      artifactRows++;
    }
    const before = new Date(Date.now() - (Number.isFinite(days) ? days : 0) * 86_400_000).toISOString();
    const dispatches = pruneDispatches(store, before, dryRun);
    store.close();
    if (globals.json) await printJson({ dry_run: dryRun, artifacts: artifactRows, dispatch_runs: dispatches });
    else await printText(`${dryRun ? "would prune" : "pruned"} ${artifactRows} runtime artifact row(s) and ${dispatches} finished dispatch record(s); events are kept`);
    return 0;
  },
});
