/**
 * Ctrl-C handling for long commands. The entry file owns the process and its exit; a command
 * registers what the first interrupt should do (stop gracefully) and what to do before the
 * second one ends the process at once.
 */
export interface InterruptHandler {
  first(): void;
  second(): void;
}

let current: InterruptHandler | null = null;
let count = 0;

export function onInterrupt(handler: InterruptHandler | null): void {
  current = handler;
  count = 0;
}

/** Called by the entry file on SIGINT/SIGTERM; returns true when the process must exit now. */
export function interrupted(): boolean {
  count++;
  if (!current) return true;
  if (count === 1) {
    current.first();
    return false;
  }
  current.second();
  return true;
}
