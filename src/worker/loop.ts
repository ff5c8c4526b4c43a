import type { ToolContext, ToolSession } from "../plugin/types.ts";
import type { RegisteredTool } from "../plugin/registry.ts";
import type { ChatReply, ChatRequest, Message } from "./client.ts";
import type { WorkerEmit } from "./emit.ts";
import { trimHistory } from "./history.ts";
import type { WorkerErrorKind } from "./protocol.ts";
import type { WorkerRole } from "./spec.ts";
import { executeToolCall, type ToolTable } from "./tools.ts";

/*
 * The agent loop (spec workers-llm §2): one LLM request per iteration, the tool calls of each
 * reply executed in order, until the terminal tool is accepted, the budget runs out, or the
 * provider fails for good. Budget notices are user messages (not every OpenAI-compatible
 * backend accepts a system message mid-conversation, B18).
 */

export interface LoopSettings {
  role: WorkerRole;
  model: string;
  budget: number;
  warnAt: number;
  system: string;
  goal: string;
  contextChars: number;
}

export interface LoopDeps {
  /** One request, with its retries; throws a failure the loop reports as is. */
  request(request: ChatRequest): Promise<ChatReply>;
  table: ToolTable;
  contextFor(tool: RegisteredTool): ToolContext;
  session: ToolSession;
  emit: WorkerEmit;
  /** What the worktree holds now, for the exhaustion report. */
  diffSummary(): Promise<string>;
}

export type LoopOutcome =
  | { status: "done"; summary: string }
  | { status: "failed"; kind: WorkerErrorKind; message: string; retryable: boolean };

/** Thrown by `request` when the provider cannot answer; carries the protocol error. */
export class LoopFailure extends Error {
  constructor(readonly kind: WorkerErrorKind, message: string, readonly retryable: boolean) {
    super(message);
  }
}

const terminalOf = (role: WorkerRole) => (role === "planner" ? "emit_plan" : "done");

function nudge(role: WorkerRole): string {
  if (role === "planner") {
    return "You responded with text but did not call any tool. You MUST call the `emit_plan` tool to finish. If the goal is unclear, emit a best-effort plan and note the ambiguity in the summary. Do NOT respond with text only.";
  }
  return "You responded with text but did not call any tool. You MUST call the `done` tool to finish. If the task is unclear, call `done` with a summary explaining what is unclear. Do NOT respond with text only.";
}

/** The notices due before iteration `i`, each once; and whether the terminal tool is forced. */
function budgetNotices(i: number, s: LoopSettings, sent: Set<string>, terminal: string): { notices: string[]; force: boolean } {
  const remaining = s.budget - i;
  const notices: string[] = [];
  const once = (key: string, text: string) => {
    if (!sent.has(key)) sent.add(key), notices.push(text);
  };
  if (i >= s.warnAt && s.warnAt > 0) once("warn", `WARNING: You have used ${i}/${s.budget} iterations. Wrap up your work and call \`${terminal}\` soon.`);
  const endgame = s.budget >= 10 && remaining <= 8;
  if (endgame) {
    once(
      "endgame",
      `FINALIZATION MODE: ${remaining}/${s.budget} tool calls remain before the hard iteration limit. Stop exploring and implementing. Only review your diff, run the narrowest verification you have not run, and make tiny fixes. Then call \`${terminal}\` — with an INCOMPLETE summary naming changed files, verification status and the blocker if you are not finished. Exhausting the budget is worse than an incomplete handoff.`,
    );
  }
  const force = s.budget >= 10 && remaining <= 2;
  if (force) once("force", `HARD STOP: call the \`${terminal}\` tool now. Summarize changed files, verification commands and results, and any incomplete work or blocker. Do not call any other tool.`);
  return { notices, force };
}

function assistantMessage(reply: ChatReply): Message {
  const calls = reply.toolCalls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments } }));
  return { role: "assistant", content: reply.content || null, ...(calls.length ? { tool_calls: calls } : {}) };
}

export async function runAgentLoop(s: LoopSettings, deps: LoopDeps): Promise<LoopOutcome> {
  const terminal = terminalOf(s.role);
  const messages: Message[] = [
    { role: "system", content: s.system },
    { role: "user", content: s.goal },
  ];
  const sent = new Set<string>();
  let nudged = false;
  try {
    for (let i = 0; i < s.budget; i++) {
      const { notices, force } = budgetNotices(i, s, sent, terminal);
      for (const text of notices) messages.push({ role: "user", content: text });
      trimHistory(messages, s.contextChars);
      const reply = await deps.request({ model: s.model, messages, tools: deps.table.specs, toolChoice: force ? { name: terminal } : "auto" });
      if (reply.content.trim()) deps.emit({ type: "thought", text: reply.content });
      if (reply.toolCalls.length === 0) {
        if (reply.finishReason !== "stop") continue;
        if (nudged) return { status: "failed", kind: "no_done", message: `Agent stopped without calling '${terminal}'`, retryable: false };
        nudged = true;
        messages.push({ role: "assistant", content: reply.content || "" }, { role: "user", content: nudge(s.role) });
        continue;
      }
      // Ids are how tool messages refer to calls; a provider that omits them gets ours.
      reply.toolCalls.forEach((c, k) => (c.id ||= `call_${i + 1}_${k + 1}`));
      messages.push(assistantMessage(reply));
      for (const [k, call] of reply.toolCalls.entries()) {
        const outcome = await executeToolCall(call, { role: s.role, turn: i + 1, index: k + 1 }, deps.table, deps.contextFor, deps.emit);
        const writes = deps.session.get("writes") as Set<string> | undefined;
        for (const w of outcome.writes) writes?.add(w);
        if (call.name === terminal && outcome.ok) return { status: "done", summary: summaryOf(call.arguments, outcome.content) };
        messages.push({ role: "tool", tool_call_id: call.id, content: outcome.content });
      }
    }
  } catch (error) {
    if (error instanceof LoopFailure) return { status: "failed", kind: error.kind, message: error.message, retryable: error.retryable };
    throw error;
  }
  const base = `Exceeded max iterations (${s.budget})`;
  const message = s.role === "worker" ? `${base}. Worktree diff summary at exhaustion:\n${await deps.diffSummary()}` : base;
  return { status: "failed", kind: "exhausted", message, retryable: true };
}

/** The terminal call's summary argument (the result text when it is not a plain string). */
function summaryOf(rawArgs: string, fallback: string): string {
  try {
    const args = JSON.parse(rawArgs || "{}") as { summary?: unknown };
    return typeof args.summary === "string" ? args.summary : fallback;
  } catch {
    return fallback;
  }
}
