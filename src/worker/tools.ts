import type { RegisteredTool, Registry } from "../plugin/registry.ts";
import { runToolCall } from "../plugin/invoke.ts";
import type { ToolContext, ToolResult, ToolRole, ToolSetting } from "../plugin/types.ts";
import { didYouMean } from "../suggest.ts";
import type { ToolCall, ToolSpec } from "./client.ts";
import { bounded } from "../text.ts";
import { errorKind } from "./error-kind.ts";
import { jsonDepth, MAX_JSON_DEPTH } from "./json-depth.ts";
import { toJsonSchema } from "./json-schema.ts";
import type { WorkerEmit } from "./emit.ts";

/** Tool output beyond this many characters is clipped before the model sees it (spec §2.7). */
export const MAX_RESULT_CHARS = 12_000;
/** How much of a tool result the transcript keeps (the model may have received more). */
const TRANSCRIPT_TEXT_MAX = 8_000;
const CLIP_NOTICE = "\n... [tool output truncated for prompt budget]";
/** Argument strings longer than this are shortened in telemetry events (spec B2). */
const MAX_EVENT_STRING = 2_000;

/**
 * The exit code a shell-running tool reports: its text is `STDOUT:\n…\nSTDERR:\n…\nEXIT:<code>`
 * (spec workers-llm §3.0.3). Only shown to people following the run; nothing decides on it.
 */
export function shellExitCode(output: string): number | null {
  if (!output.startsWith("STDOUT:\n")) return null;
  const match = /\nEXIT:(-?\d+)$/.exec(output.slice(output.lastIndexOf("\nEXIT:")));
  return match ? Number(match[1]) : null;
}

/** The tools of one role, as offered to the model and as executed. */
export interface ToolTable {
  specs: ToolSpec[];
  byName: Map<string, RegisteredTool>;
  /** Every tool any role has: a name outside the role is "not allowed", others "unknown". */
  known: Set<string>;
  /** The role's tools that cannot work here (not offered), with why. */
  withheld: { name: string; reason: string }[];
}

/** Why a tool cannot work in `setting`, or null (a check that throws counts as available: the call will say). */
function whyUnavailable(tool: RegisteredTool, setting: ToolSetting): string | null {
  try {
    return tool.def.available?.(setting) ?? null;
  } catch {
    return null;
  }
}

/** The tools of `role`; with `setting`, only those that can work there (the others are `withheld`). */
export function toolsForRole(registry: Registry, role: ToolRole, setting?: ToolSetting): ToolTable {
  const all = registry.tools.filter((t) => t.def.roles.includes(role));
  const withheld = setting ? all.flatMap((t) => {
    const reason = whyUnavailable(t, setting);
    return reason ? [{ name: t.def.name, reason }] : [];
  }) : [];
  const mine = all.filter((t) => !withheld.some((w) => w.name === t.def.name));
  return {
    withheld,
    specs: mine.map((t) => ({ type: "function", function: { name: t.def.name, description: t.def.description, parameters: toJsonSchema(t.def.args) } })),
    byName: new Map(mine.map((t) => [t.def.name, t])),
    known: new Set(registry.tools.map((t) => t.def.name)),
  };
}

export function clip(text: string, limit = MAX_RESULT_CHARS): string {
  return text.length <= limit ? text : text.slice(0, Math.max(0, limit - CLIP_NOTICE.length)) + CLIP_NOTICE;
}

function capForEvent(value: unknown): unknown {
  if (typeof value === "string" && value.length > MAX_EVENT_STRING) return `${value.slice(0, MAX_EVENT_STRING)}… [${value.length} chars]`;
  if (Array.isArray(value)) return value.map(capForEvent);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capForEvent(v)]));
  return value;
}

/** Arguments as the model sent them; `""` counts as `{}` (some providers send it for no-argument tools). */
function parseArguments(name: string, raw: string): { ok: true; args: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  if (jsonDepth(raw) > MAX_JSON_DEPTH) return { ok: false, error: `Tool ${name} arguments are nested deeper than ${MAX_JSON_DEPTH} levels; send a flat object of the documented arguments.` };
  try {
    value = raw.trim() === "" ? {} : JSON.parse(raw);
  } catch (error) {
    return { ok: false, error: `Tool ${name} arguments contain invalid JSON: ${(error as Error).message}` };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return { ok: false, error: `Tool ${name} arguments must be a JSON object.` };
  return { ok: true, args: value as Record<string, unknown> };
}

export interface CallPlace {
  role: ToolRole;
  turn: number;
  index: number;
}

export interface CallOutcome {
  /** What the model receives as the tool message. */
  content: string;
  ok: boolean;
  writes: string[];
}

function unavailable(table: ToolTable, name: string): string {
  const withheld = table.withheld.find((w) => w.name === name);
  if (withheld) return `Tool ${name} is not available here: ${withheld.reason}.`;
  if (table.known.has(name)) return `Tool ${name} is not allowed in this worker role.`;
  const guess = didYouMean(name, table.byName.keys());
  return `Tool ${name} does not exist${guess || "."} Available tools: ${[...table.byName.keys()].join(", ")}.`;
}

/**
 * Executes one tool call the model made and reports it (`call`, then `result`). Never throws:
 * malformed JSON, unknown tools, bad arguments and tool failures all become `Error: …` text.
 */
export async function executeToolCall(
  call: ToolCall,
  place: CallPlace,
  table: ToolTable,
  contextFor: (tool: RegisteredTool) => ToolContext,
  emit: WorkerEmit,
): Promise<CallOutcome> {
  const started = performance.now();
  const parsed = parseArguments(call.name, call.arguments);
  const args = parsed.ok ? parsed.args : {};
  const common = { tool: call.name, call_id: call.id, role: place.role, turn: place.turn, index: place.index };
  emit({ type: "call", ...common, args: capForEvent(args), arg_keys: Object.keys(args).sort() });
  const tool = table.byName.get(call.name);
  let result: ToolResult;
  if (!parsed.ok) result = { ok: false, error: parsed.error.replace(/^Error: /, "") };
  else if (!tool) result = { ok: false, error: unavailable(table, call.name) };
  else result = await runToolCall(tool.def, args, contextFor(tool));
  const raw = result.ok ? result.output : `Error: ${result.error}`;
  const content = clip(raw);
  const writes = result.ok ? (result.writes ?? []) : [];
  const exit = result.ok ? shellExitCode(result.output) : null;
  emit({
    type: "result",
    ...common,
    status: result.ok ? "success" : "failed",
    chars: content.length,
    raw_chars: raw.length,
    clipped: content.length !== raw.length,
    duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
    ...(result.ok ? {} : { error_kind: errorKind(result.error) }),
    ...(exit === null ? {} : { exit_code: exit }),
    ...(writes.length ? { writes } : {}),
    output: bounded(content, TRANSCRIPT_TEXT_MAX),
  });
  return { content, ok: result.ok, writes };
}
