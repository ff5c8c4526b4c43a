import { DEFAULT_TIMEOUT_S, type Unit } from "../plan/types.ts";
import { finishDispatch } from "../store/runtime.ts";
import { appendTranscript, type TranscriptKind } from "../store/transcripts.ts";
import type { WorkerMessage } from "../worker/protocol.ts";
import type { RunningWorker, WorkerLine } from "./backends/types.ts";
import type { LiveTask, RunContext } from "./context.ts";

const KILL_GRACE_MS = 2_000;
const TAIL = 20;
const MAX_LINE = 4_000;

/** What a worker said about itself while it ran. */
interface Report {
  error: Extract<WorkerMessage, { type: "error" }> | null;
  promptTokens: number;
  completionTokens: number;
  tail: string[];
}

/** One entry of the attempt's transcript. */
function transcribe(ctx: RunContext, unit: Unit, live: LiveTask, kind: TranscriptKind, data: Record<string, unknown>): void {
  appendTranscript(ctx.store, { plan: ctx.plan, task: unit.id, attempt: live.attempt, run: ctx.run, pane: live.pane, kind, data });
}

function recordLine(ctx: RunContext, unit: Unit, live: LiveTask, report: Report, line: WorkerLine): void {
  if (line.kind === "output") {
    const text = line.line.length > MAX_LINE ? `${line.line.slice(0, MAX_LINE)}… [${line.line.length - MAX_LINE} more chars]` : line.line;
    report.tail.push(text);
    if (report.tail.length > TAIL) report.tail.shift();
    ctx.record("worker_log", unit.id, { log_type: "output", stream: line.stream, content: text }, live.pane);
    transcribe(ctx, unit, live, "output", { stream: line.stream, text });
    return;
  }
  const { message } = line;
  const execution = ctx.executions.get(unit.id);
  const provider = execution?.backend === "llm" ? execution.provider : "";
  if (message.type === "error") report.error = message;
  else if (message.type === "done") live.summary = message.summary;
  else if (message.type === "result") for (const path of message.writes ?? []) live.writes.add(path);
  else if (message.type === "retry" && message.status === 429) ctx.observe.rateLimited(provider);
  else if (message.type === "usage") {
    report.promptTokens += message.prompt_tokens;
    report.completionTokens += message.completion_tokens;
    ctx.observe.usage(unit.id, provider, {
      prompt: message.prompt_tokens,
      completion: message.completion_tokens,
      details: { model: message.model ?? null, latency_ms: message.latency_ms ?? null, retries: message.retries ?? 0 },
    });
  }
  // Heartbeats only prove liveness, and usage is recorded by the meter (as `llm_usage`).
  if (message.type === "heartbeat" || message.type === "usage") return;
  const { type, seq: _, ts: __, ...content } = message;
  // The event keeps what telemetry needs; the tool's output goes to the transcript only.
  const { output, ...logged } = content as typeof content & { output?: string };
  ctx.record("worker_log", unit.id, { log_type: type, content: { seq: message.seq, ts: message.ts, ...logged } }, live.pane);
  if (type !== "start" && type !== "tools") transcribe(ctx, unit, live, type, output === undefined ? logged : { ...logged, output });
}

/**
 * Watches one worker until it exits and reports exactly one outcome: done, failed (with the
 * worker's own error, or its last output lines), timed out (its whole process group killed),
 * or abandoned when a shutdown stopped it.
 */
export async function supervise(ctx: RunContext, unit: Unit, live: LiveTask, worker: RunningWorker, dispatchId: string): Promise<void> {
  const limitS = unit.timeoutS ?? DEFAULT_TIMEOUT_S;
  let timedOut = false;
  const timers: Timer[] = [];
  timers.push(
    setTimeout(() => {
      timedOut = true;
      worker.kill("SIGTERM");
      timers.push(setTimeout(() => worker.kill("SIGKILL"), KILL_GRACE_MS));
    }, limitS * 1000),
  );
  const report: Report = { error: null, promptTokens: 0, completionTokens: 0, tail: [] };
  for await (const line of worker.lines) recordLine(ctx, unit, live, report, line);
  const code = await worker.exited;
  for (const t of timers) clearTimeout(t);
  live.worker = null;
  const tokens = { promptTokens: report.promptTokens, completionTokens: report.completionTokens };
  if (live.killed) {
    const reason = live.stopReason ?? "shutdown";
    finishDispatch(ctx.store, dispatchId, { state: "abandoned", exitCode: code, error: reason, ...tokens });
    return ctx.post({ type: "task_abandoned", task: unit.id, reason });
  }
  if (timedOut) {
    const error = `Wall-clock timeout after ${limitS}s (the worker's process group was killed)`;
    finishDispatch(ctx.store, dispatchId, { state: "timed_out", exitCode: code, error, ...tokens });
    return ctx.post({ type: "task_failed", task: unit.id, error, kind: "timeout", retryable: true });
  }
  if (code === 0) {
    finishDispatch(ctx.store, dispatchId, { state: "done", exitCode: 0, error: null, ...tokens });
    return ctx.post({ type: "task_done", task: unit.id });
  }
  const tail = report.tail.length ? `\nlast output:\n${report.tail.join("\n")}` : "";
  const error = report.error ? report.error.message : `worker exited with code ${code}${tail}`;
  finishDispatch(ctx.store, dispatchId, { state: "failed", exitCode: code, error, ...tokens });
  const kind = report.error?.kind === "exhausted" ? "exhausted" : "error";
  return ctx.post({ type: "task_failed", task: unit.id, error, kind, retryable: report.error?.retryable ?? true });
}
