import type { Unit } from "../plan/types.ts";
import type { Store } from "../store/db.ts";
import { readEvents } from "../store/events.ts";

/*
 * A researcher's result is its report (its `done` summary), recorded as a `research_report`
 * event when it settles; the tasks that depend on it read it in their prompts.
 */

const MAX_REPORT_CHARS = 6_000;

/** The latest report of each researcher among `unit`'s dependencies, as a prompt section ("" when none). */
export function researchSection(store: Store, plan: string, unit: Unit, researchers: ReadonlySet<string>): string {
  const deps = unit.dependsOn.filter((d) => researchers.has(d));
  if (deps.length === 0) return "";
  const latest = new Map<string, string>();
  for (const e of readEvents(store, { plan, events: ["research_report"] })) if (e.task && deps.includes(e.task)) latest.set(e.task, String(e.data.report ?? ""));
  const parts = deps.filter((d) => latest.get(d)?.trim()).map((d) => {
    const report = latest.get(d)!.trim();
    return `### ${d}\n${report.length > MAX_REPORT_CHARS ? `${report.slice(0, MAX_REPORT_CHARS)}\n… [report cut at ${MAX_REPORT_CHARS} characters]` : report}`;
  });
  return parts.length ? `## Research reports (from the researcher tasks this task depends on)\n\n${parts.join("\n\n")}` : "";
}
