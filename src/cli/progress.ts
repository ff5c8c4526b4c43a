import type { KernelState } from "../kernel/types.ts";
import { log } from "../log.ts";
import type { Transition } from "../runner/loop.ts";

const tty = process.stderr.isTTY === true;

function firstLine(text: string | null): string {
  const line = (text ?? "").split("\n").find((l) => l.trim()) ?? "";
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

function describe(t: Transition, state: KernelState): string | null {
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
      return `✓ ${t.task} merged ${task.sha?.slice(0, 7) ?? ""}`;
    case "failed":
      return `✗ ${t.task} failed: ${firstLine(task.lastError)}`;
    case "timed_out":
      return `✗ ${t.task} timed out: ${firstLine(task.lastError)}`;
    case "skipped":
      return `- ${t.task} ${firstLine(task.lastError)}`;
    case "abandoned":
      return `! ${t.task} abandoned: ${firstLine(task.lastError)}`;
    default:
      return null;
  }
}

function statusLine(state: KernelState): string {
  const count = (s: string) => state.order.filter((id) => state.tasks[id]!.state === s).length;
  const running = count("dispatching") + count("active");
  return `running ${running} · settling ${count("settling")} · merged ${count("merged")}/${state.order.length} · failed ${count("failed") + count("timed_out")}`;
}

/**
 * Progress of a run on stderr: one line per task state change, and on a terminal a compact
 * status line kept under them.
 */
export function createProgress(): { onTransition(t: Transition, state: KernelState): void; end(): void } {
  return {
    onTransition(t, state) {
      const line = describe(t, state);
      if (tty) process.stderr.write("\r\u001b[K");
      if (line) log.info(line);
      if (tty) process.stderr.write(statusLine(state));
    },
    end() {
      if (tty) process.stderr.write("\r\u001b[K");
    },
  };
}
