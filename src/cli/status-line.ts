import { heldBack } from "../kernel/schedule.ts";
import type { KernelState } from "../kernel/types.ts";
import type { RecordedEvent } from "../runner/run.ts";

/*
 * The run's status line on a terminal: how many workers are active (and why no more start when
 * finished tasks waiting to land hold them back), what each settling task is
 * doing (its settlement phase, or the gate running in it) and for how long, and how far the
 * plan is. Fed the run's own events as they are recorded; the clock is the caller's.
 */

interface Doing {
  /** The settlement phase running (`review`, `isolated`, `candidate`, …), and since when. */
  phase: { name: string; since: number } | null;
  /** The gate running in it, and since when. */
  gate: { name: string; phase: string; since: number } | null;
  /** When the task started settling. */
  since: number;
}

/** `41s`, `2m05s`, `1h02m`. */
export function elapsedText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

function statusText(state: KernelState, doing: ReadonlyMap<string, Doing>, now: number): string {
  const count = (...states: string[]) => state.order.filter((id) => states.includes(state.tasks[id]!.state)).length;
  const parts: string[] = [];
  const active = count("dispatching", "active");
  const held = heldBack(state);
  if (active || held) parts.push(`▸ ${active} active${held ? `, no new one while ${held} finished wait to land` : ""}`);
  for (const id of state.order) {
    if (state.tasks[id]!.state !== "settling") continue;
    const d = doing.get(id);
    // Its own part done, it waits for the integration slot (another task is landing).
    const what = d?.gate ? `${d.gate.name} (${d.gate.phase})` : d?.phase ? d.phase.name : state.tasks[id]!.prepared ? "waiting to land" : "settling";
    const since = d?.gate?.since ?? d?.phase?.since ?? d?.since ?? now;
    parts.push(`… ${id}: ${what} ${elapsedText(now - since)}`);
  }
  const queued = count("reviewing");
  if (queued) parts.push(`${queued} queued`);
  parts.push(`${count("merged")}/${state.order.length} merged`);
  const failed = count("failed", "timed_out");
  if (failed) parts.push(`${failed} failed`);
  return parts.join(" · ");
}

/** Tracks what each settling task does; `text(state, now)` is the line. */
export function createStatusLine() {
  const doing = new Map<string, Doing>();
  const of = (task: string, now: number): Doing => {
    let d = doing.get(task);
    if (!d) doing.set(task, (d = { phase: null, gate: null, since: now }));
    return d;
  };
  return {
    /** A recorded event: settlement phases and gates starting and ending. */
    event(e: RecordedEvent, now: number): void {
      if (!e.task) return;
      const name = String(e.data.phase ?? "");
      if (e.event === "settlement_phase_started") Object.assign(of(e.task, now), { phase: { name, since: now }, gate: null });
      // Between phases (or waiting to land after the last) the time counts from the phase's end.
      else if (e.event === "settlement_phase_completed") Object.assign(of(e.task, now), { phase: null, gate: null, since: now });
      else if (e.event === "gate_started") of(e.task, now).gate = { name: String(e.data.gate ?? "?"), phase: name, since: now };
      else if (e.event === "gate_completed") of(e.task, now).gate = null;
    },
    /** A task's state changed: a task that stops settling is no longer shown. */
    moved(task: string, to: string, now: number): void {
      if (to === "settling") doing.set(task, { phase: null, gate: null, since: now });
      else doing.delete(task);
    },
    text: (state: KernelState, now: number): string => statusText(state, doing, now),
  };
}
