import { existsSync } from "node:fs";
import { DgovError } from "../../errors.ts";
import { openStore, storePath } from "../../store/db.ts";
import { readEvents } from "../../store/events.ts";
import { auditTools, type ToolAudit, type ToolAuditRow } from "../../store/tool-audit.ts";
import { defineCommand } from "../define.ts";
import { projectRoot } from "../project.ts";
import { printJson, printText } from "../output.ts";

const ROLES = ["worker", "researcher", "reviewer", "planner"];

const fit = (text: string, width: number) => (text.length > width ? text.slice(0, width) : text.padEnd(width));

function line(r: ToolAuditRow): string {
  return [
    fit(r.tool, 24),
    String(r.calls).padStart(5),
    `${(r.failure_rate * 100).toFixed(1).padStart(5)}%`,
    String(r.clipped_results).padStart(5),
    r.average_duration_ms.toFixed(1).padStart(8),
    r.average_result_chars.toFixed(1).padStart(9),
    fit(r.roles.join(",") || "-", 18),
    r.top_error_kind ?? "-",
  ].join(" ");
}

/** The text report, spec workers-llm §4.5. */
export function auditText(audit: ToolAudit): string {
  const withheld = audit.withheld.length
    ? ["", "Withheld (not offered to the model, as they cannot work where it ran):", ...audit.withheld.map((w) => `  ${w.tool}: ${w.reason} (${w.workers} worker${w.workers === 1 ? "" : "s"})`)]
    : [];
  if (audit.total_calls === 0) return ["No worker tool-call events found.", ...withheld].join("\n");
  const head = ["Tool audit"];
  if (audit.plan_name) head.push(`plan: ${audit.plan_name}`);
  if (audit.role) head.push(`role: ${audit.role}`);
  head.push(`calls: ${audit.total_calls}`, `failures: ${audit.total_failures}`, `clipped results: ${audit.total_clipped_results}`, "");
  const header = `${fit("tool", 24)} calls  fail%  clip   avg_ms avg_chars ${fit("roles", 18)} top_error`;
  return [...head, header, "-".repeat(95), ...audit.tools.map(line), ...withheld].join("\n");
}

export default defineCommand({
  args: {
    plan: { type: "string", valueHint: "name", description: "Only this plan's workers" },
    role: { type: "string", valueHint: "role", description: `Only calls made in this role (${ROLES.join(", ")})` },
    task: { type: "string", valueHint: "id", description: "Only this task's workers" },
    limit: { type: "string", valueHint: "n", description: "Show the n most-called tools (totals still count all); 0 = all", default: "0" },
  },
  details: "Aggregates every worker tool call recorded in .dgov/state.db: calls, failure rate, clipped\nresults, average duration and output size, roles, and the most frequent error kind.",
  async run({ args, globals }) {
    const limit = Number(args.limit);
    if (!Number.isInteger(limit) || limit < 0) throw new DgovError({ code: "E_USAGE", message: `--limit must be a whole number >= 0, got '${args.limit}'` });
    if (args.role !== undefined && !ROLES.includes(args.role)) {
      throw new DgovError({ code: "E_USAGE", message: `--role must be one of ${ROLES.join(", ")}, got '${args.role}'` });
    }
    const root = await projectRoot(globals.cwd);
    let events: ReturnType<typeof readEvents> = [];
    if (existsSync(storePath(root))) {
      const store = openStore(root);
      try {
        events = readEvents(store, { events: ["worker_log"], ...(args.plan ? { plan: args.plan } : {}), ...(args.task ? { task: args.task } : {}) });
      } finally {
        store.close();
      }
    }
    const audit = auditTools(events, { ...(args.plan ? { plan: args.plan } : {}), ...(args.role ? { role: args.role } : {}), ...(args.task ? { task: args.task } : {}), limit });
    if (globals.json) await printJson(audit);
    else await printText(auditText(audit));
    return 0;
  },
});
