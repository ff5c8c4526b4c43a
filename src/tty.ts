import { writeSync } from "node:fs";

/*
 * Standard output and error without Node's stream objects where they are not needed. The first
 * touch of `process.stdout` or `process.stderr` builds Bun's Node-compatible stream machinery:
 * ~10 ms of CPU, paid by every process that touches them (the runner, each worker, `--version`).
 * dgov asks the file descriptor whether it is a terminal, and only a terminal (where a status
 * line, colours and the width matter) gets the stream; a pipe or a file is written directly.
 */

type Fd = 1 | 2;
const known = new Map<Fd, boolean>();

/** Whether fd 1 or 2 is a terminal (asked once per process). */
export function isTty(fd: Fd): boolean {
  let tty = known.get(fd);
  if (tty === undefined) known.set(fd, (tty = ttyCheck(fd)));
  return tty;
}

function ttyCheck(fd: Fd): boolean {
  try {
    // Bun's own binding: the same isatty(3) as node:tty's, without loading that module (~3 ms).
    const binding = (process as unknown as { binding(name: string): { isTTY(fd: number): boolean } }).binding("tty_wrap");
    return binding.isTTY(fd) === true;
  } catch {
    return (require("node:tty") as typeof import("node:tty")).isatty(fd);
  }
}

/** The stream for fd 1 or 2 when it is a terminal (isTTY, columns); a plain "not a terminal" otherwise. */
export function terminalStream(fd: Fd): { isTTY?: boolean; columns?: number } {
  if (!isTty(fd)) return { isTTY: false };
  return fd === 1 ? process.stdout : process.stderr;
}

/**
 * Writes text to fd 1 or 2, synchronously: on a terminal through its stream (so a kept status
 * line and log lines stay in order), else straight to the descriptor, in full. A reader that
 * went away (EPIPE) loses the rest, as it would with the stream.
 */
export function writeStd(fd: Fd, text: string): void {
  if (isTty(fd)) {
    (fd === 1 ? process.stdout : process.stderr).write(text);
    return;
  }
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (error) {
      // A non-blocking pipe that is full: wait a moment for its reader.
      if ((error as NodeJS.ErrnoException).code === "EAGAIN") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      else return;
    }
  }
}
