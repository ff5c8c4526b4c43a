import type { KernelState } from "../kernel/types.ts";
import { log, setLogFrame } from "../log.ts";
import { describeEvent, type Mood } from "../report/event-line.ts";
import { resultIsTelling, retryText } from "../report/worker-line.ts";
import type { Transition } from "../runner/loop.ts";
import type { RecordedEvent } from "../runner/run.ts";
import { createStatusLine } from "./status-line.ts";
import { columnsOf, fit, type Painter, painterFor, type Tone } from "./terminal.ts";
import { isTty, terminalStream, writeStd } from "../tty.ts";

const TICK_MS = 1000;
const MOOD: Record<Mood, Tone | null> = { good: "green", bad: "red", warn: "yellow", plain: null };

function firstLine(text: string | null): string {
  const line = (text ?? "").split("\n").find((l) => l.trim()) ?? "";
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

function describe(t: Transition, state: KernelState, paint: Painter): string | null {
  const task = state.tasks[t.task]!;
  switch (t.to) {
    case "active":
      return t.from === "dispatching" ? `▸ ${t.task} started (attempt ${task.attempt})` : null;
    case "pending":
      return t.from === "settling" ? `↻ ${t.task} goes back to its worker: ${firstLine(task.lastError)}` : t.from === "merged" ? null : `↻ ${t.task} will retry: ${firstLine(task.lastError)}`;
    case "reviewing":
      return `… ${t.task} worker finished; queued for settlement`;
    case "settling":
      return `… ${t.task} settling`;
    case "merged":
      return `${paint("green", "✓")} ${t.task} merged ${task.sha?.slice(0, 7) ?? ""}`;
    case "failed":
      return `${paint("red", "✗")} ${t.task} failed: ${firstLine(task.lastError)}`;
    case "timed_out":
      return `${paint("red", "✗")} ${t.task} timed out: ${firstLine(task.lastError)}`;
    case "skipped":
      return `- ${t.task} ${firstLine(task.lastError)}`;
    case "abandoned":
      return `! ${t.task} abandoned: ${firstLine(task.lastError)}`;
    default:
      return null;
  }
}

/** What `--stream` prints of an event: tool calls, telling results, retries, gates; null for the rest. */
function streamLines(e: RecordedEvent, paint: Painter): string[] | null {
  const logType = e.event === "worker_log" ? String(e.data.log_type) : null;
  const content = (e.data.content ?? {}) as Record<string, unknown>;
  // A skipped gate says nothing about the change (`dgov watch` shows it, with its reason).
  const skipped = (e.data.outcome as { status?: string } | undefined)?.status === "skip";
  const shown =
    e.event === "gate_started" || (e.event === "gate_completed" && !skipped) ||
    logType === "call" || logType === "retry" || logType === "error" ||
    (logType === "result" && resultIsTelling(content));
  if (!shown) return null;
  const text = describeEvent(e, { maxLines: 3 });
  const tone = MOOD[text.mood];
  const head = `${paint("cyan", `[${e.task ?? "-"}]`)} ${tone ? paint(tone, text.head) : text.head}`;
  return [head, ...text.body.map((l) => `    ${l}`)];
}

export interface ProgressOptions {
  /** `run --stream`: the workers' tool calls, gate runs and retries as lines, on any stderr. */
  stream?: boolean;
}

/** The run's progress on stderr, fed by the runner's observers. */
export interface Progress {
  onTransition(t: Transition, state: KernelState): void;
  onEvent(e: RecordedEvent): void;
  end(): void;
}

/**
 * A line kept under stderr's log on a terminal: drawn from `text()` (cut to the width, never
 * wrapped), cleared before each log line and drawn again after, and every second so its
 * elapsed times move while nothing else happens.
 */
function keptLine(text: () => string | null, paint: Painter): { redraw(): void; stop(): void } {
  let drawn = false;
  const clear = () => {
    if (drawn) writeStd(2, "\r\u001b[K");
    drawn = false;
  };
  const redraw = () => {
    const line = text();
    if (line === null) return;
    // One column spare: a line that fills the last column wraps on some terminals.
    const width = (columnsOf(terminalStream(2)) ?? 80) - 1;
    writeStd(2, `\r\u001b[K${paint("dim", fit(line, width))}`);
    drawn = true;
  };
  const timer = setInterval(redraw, TICK_MS);
  timer.unref();
  setLogFrame({ clear, redraw });
  return {
    redraw,
    stop() {
      clearInterval(timer);
      setLogFrame(null);
      clear();
    },
  };
}

/**
 * Progress of a run on stderr: one line per task state change; on a terminal a status line kept
 * under them (what each settling task does, for how long) and provider retries; with `stream`
 * the workers' tool calls and the gates as they run, on any stderr.
 */
export function createProgress(opts: ProgressOptions = {}): Progress {
  const tty = isTty(2);
  const paint = painterFor(terminalStream(2));
  const status = createStatusLine();
  let state: KernelState | null = null;
  const kept = tty ? keptLine(() => (state ? status.text(state, performance.now()) : null), paint) : null;
  const width = columnsOf(terminalStream(2));
  return {
    onTransition(t, next) {
      state = next;
      status.moved(t.task, t.to, performance.now());
      const line = describe(t, next, paint);
      if (line) log.info(line);
      else kept?.redraw();
    },
    onEvent(e) {
      status.event(e, performance.now());
      const lines = opts.stream ? streamLines(e, paint) : null;
      // On a terminal each stays one line (the whole text is in `dgov watch` and `dgov show`).
      if (lines) log.info(lines.map((l) => (width ? fit(l, width - 1) : l)).join("\n"));
      else if (tty && e.event === "worker_log" && e.data.log_type === "retry") {
        log.info(`${e.task}: ${paint("yellow", retryText((e.data.content ?? {}) as Record<string, unknown>))}`);
      } else if (e.event.startsWith("gate_") || e.event.startsWith("settlement_phase_")) kept?.redraw();
    },
    end() {
      kept?.stop();
    },
  };
}
