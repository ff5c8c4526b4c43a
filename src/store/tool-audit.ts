import type { StoredEvent } from "./events.ts";

/** One tool's aggregate in `dgov tools audit` (spec workers-llm §4.5). */
export interface ToolAuditRow {
  tool: string;
  calls: number;
  successes: number;
  failures: number;
  failure_rate: number;
  policy_failures: number;
  clipped_results: number;
  average_result_chars: number;
  average_raw_result_chars: number;
  average_duration_ms: number;
  roles: string[];
  error_kinds: Record<string, number>;
  top_error_kind: string | null;
}

export interface ToolAudit {
  plan_name: string | null;
  role: string | null;
  total_calls: number;
  total_successes: number;
  total_failures: number;
  total_clipped_results: number;
  tools: ToolAuditRow[];
  /** Tools not offered to the model because they could not work where it ran: why, and in how many workers. */
  withheld: { tool: string; reason: string; workers: number }[];
}

interface Acc {
  calls: number;
  successes: number;
  failures: number;
  policy: number;
  clipped: number;
  chars: number;
  raw: number;
  duration: number;
  durations: number;
  roles: Set<string>;
  kinds: Map<string, number>;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const round = (n: number) => Math.round(n * 1000) / 1000;

function fold(acc: Acc, type: string, c: Record<string, unknown>): void {
  if (typeof c.role === "string" && c.role) acc.roles.add(c.role);
  if (type === "call") return void acc.calls++;
  if (c.status === "failed") {
    acc.failures++;
    const kind = typeof c.error_kind === "string" && c.error_kind ? c.error_kind : null;
    if (kind) acc.kinds.set(kind, (acc.kinds.get(kind) ?? 0) + 1);
    if (kind === "policy_blocked") acc.policy++;
  } else if (c.status === "success") acc.successes++;
  if (c.clipped === true) acc.clipped++;
  acc.chars += num(c.chars) ?? 0;
  acc.raw += num(c.raw_chars) ?? num(c.chars) ?? 0;
  const d = num(c.duration_ms);
  if (d !== null) (acc.duration += d), acc.durations++;
}

function row(tool: string, a: Acc): ToolAuditRow {
  const results = a.successes + a.failures;
  const kinds = [...a.kinds].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  return {
    tool,
    calls: a.calls,
    successes: a.successes,
    failures: a.failures,
    failure_rate: round(a.failures / Math.max(a.calls, results) || 0),
    policy_failures: a.policy,
    clipped_results: a.clipped,
    average_result_chars: round(results ? a.chars / results : 0),
    average_raw_result_chars: round(results ? a.raw / results : 0),
    average_duration_ms: round(a.durations ? a.duration / a.durations : 0),
    roles: [...a.roles].sort(),
    error_kinds: Object.fromEntries(kinds),
    top_error_kind: kinds[0]?.[0] ?? null,
  };
}

/**
 * Aggregates worker tool telemetry (`worker_log` call/result events) per tool: rows by calls,
 * then name; totals over every row even when `limit` shows fewer.
 */
export function auditTools(events: Iterable<StoredEvent>, filter: { plan?: string; role?: string; task?: string; limit?: number } = {}): ToolAudit {
  const byTool = new Map<string, Acc>();
  const withheld = new Map<string, { tool: string; reason: string; workers: number }>();
  for (const e of events) {
    if (e.event !== "worker_log" || (filter.plan !== undefined && e.plan !== filter.plan) || (filter.task !== undefined && e.task !== filter.task)) continue;
    const type = e.data.log_type;
    const content = e.data.content as Record<string, unknown> | undefined;
    if (type === "tools" && content && Array.isArray(content.withheld) && (filter.role === undefined || content.role === filter.role)) {
      for (const w of content.withheld as { name: string; reason: string }[]) {
        const key = `${w.name}\0${w.reason}`;
        const seen = withheld.get(key) ?? { tool: w.name, reason: w.reason, workers: 0 };
        seen.workers++;
        withheld.set(key, seen);
      }
      continue;
    }
    if ((type !== "call" && type !== "result") || !content || typeof content.tool !== "string" || !content.tool) continue;
    if (filter.role !== undefined && content.role !== filter.role) continue;
    const acc = byTool.get(content.tool) ?? { calls: 0, successes: 0, failures: 0, policy: 0, clipped: 0, chars: 0, raw: 0, duration: 0, durations: 0, roles: new Set(), kinds: new Map() };
    fold(acc, type, content);
    byTool.set(content.tool, acc);
  }
  const rows = [...byTool].map(([tool, acc]) => row(tool, acc)).sort((a, b) => b.calls - a.calls || (a.tool < b.tool ? -1 : 1));
  const sum = (key: "calls" | "successes" | "failures" | "clipped_results") => rows.reduce((n, r) => n + r[key], 0);
  return {
    plan_name: filter.plan ?? null,
    role: filter.role ?? null,
    total_calls: sum("calls"),
    total_successes: sum("successes"),
    total_failures: sum("failures"),
    total_clipped_results: sum("clipped_results"),
    tools: filter.limit ? rows.slice(0, filter.limit) : rows,
    withheld: [...withheld.values()].sort((a, b) => (a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : a.reason < b.reason ? -1 : 1)),
  };
}
