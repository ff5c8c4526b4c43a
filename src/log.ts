// consola/core: the reporters are our own, so none of consola's (nor the Intl.Segmenter its
// default entry builds at load, a few ms in every process).
import { type ConsolaInstance, type ConsolaReporter, createConsola } from "consola/core";
import { isTty, writeStd } from "./tty.ts";

// NO_COLOR set to any value, even empty, turns colours off. Decided at the first line, not at
// load: asking costs nothing, but a process that never logs should not ask.
const useColor = () => isTty(2) && process.env.NO_COLOR === undefined && process.env.TERM !== "dumb";
const paint = (code: number, text: string) => (useColor() ? `\u001b[${code}m${text}\u001b[0m` : text);

/** Level → the colour of the prefix a line starts with (stable, greppable, the same on a TTY and in CI). */
const PREFIX: Record<string, [string, number]> = {
  fatal: ["error:", 31],
  error: ["error:", 31],
  warn: ["warning:", 33],
  debug: ["debug:", 90],
  trace: ["trace:", 90],
};

/**
 * A message's text as console.log writes it. One string (nearly every line dgov logs) is itself;
 * anything else goes through node:util's formatter, loaded only then (~1 ms of CPU).
 */
function format(colors: boolean, args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === "string") return args[0];
  return (require("node:util") as typeof import("node:util")).formatWithOptions({ colors }, ...args);
}

/** A line kept under the log on a terminal (a run's status line): cleared before each message, drawn again after. */
export interface LogFrame {
  clear(): void;
  redraw(): void;
}

let frame: LogFrame | null = null;

/** Sets (or with null removes) the line kept under the log. */
export function setLogFrame(next: LogFrame | null): void {
  frame = next;
}

/** One line per message on stderr; consola's own reporters change format with the environment. */
const plainReporter: ConsolaReporter = {
  log(entry) {
    const text = format(useColor(), entry.args);
    const tag = entry.tag ? `${paint(90, `[${entry.tag}]`)} ` : "";
    const prefix = PREFIX[entry.type];
    frame?.clear();
    writeStd(2, `${prefix ? `${paint(prefix[1], prefix[0])} ` : ""}${tag}${text}\n`);
    frame?.redraw();
  },
};

/**
 * One JSON object per message on stderr (`DGOV_LOG_FORMAT=json`), for CI and log collectors:
 * the level's name and number, the tag (`planner`, a plugin's name), the text and the time.
 */
const jsonReporter: ConsolaReporter = {
  log(entry) {
    const message = format(false, entry.args);
    writeStd(2, `${JSON.stringify({ ts: entry.date.toISOString(), level: entry.type, level_n: entry.level, ...(entry.tag ? { tag: entry.tag } : {}), message })}\n`);
  },
};

/**
 * The one logger. It writes to stderr only: stdout carries data (`--json`, listings),
 * so scripts can pipe dgov without log noise. Lines for people, or JSON with DGOV_LOG_FORMAT=json.
 */
export const log: ConsolaInstance = createConsola({ level: 3, reporters: [process.env.DGOV_LOG_FORMAT === "json" ? jsonReporter : plainReporter] });

/** `--verbose` turns on debug output; `DGOV_LOG_LEVEL` (0–5) overrides both. */
export function setVerbose(verbose: boolean): void {
  const fromEnv = Number.parseInt(process.env.DGOV_LOG_LEVEL ?? "", 10);
  log.level = Number.isFinite(fromEnv) ? fromEnv : verbose ? 4 : 3;
}
