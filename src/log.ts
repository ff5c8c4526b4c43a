import { formatWithOptions } from "node:util";
// consola/core: the reporters are our own, so none of consola's (nor the Intl.Segmenter its
// default entry builds at load, a few ms in every process).
import { type ConsolaInstance, type ConsolaReporter, createConsola } from "consola/core";

// NO_COLOR set to any value, even empty, turns colours off.
const useColor = process.stderr.isTTY === true && process.env.NO_COLOR === undefined && process.env.TERM !== "dumb";
const paint = (code: number, text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);

/** Level → the prefix a line starts with: stable, greppable, the same on a TTY and in CI. */
const PREFIX: Record<string, string> = {
  fatal: paint(31, "error:"),
  error: paint(31, "error:"),
  warn: paint(33, "warning:"),
  debug: paint(90, "debug:"),
  trace: paint(90, "trace:"),
};

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
    const text = formatWithOptions({ colors: useColor }, ...entry.args);
    const tag = entry.tag ? `${paint(90, `[${entry.tag}]`)} ` : "";
    const prefix = PREFIX[entry.type];
    frame?.clear();
    process.stderr.write(`${prefix ? `${prefix} ` : ""}${tag}${text}\n`);
    frame?.redraw();
  },
};

/**
 * One JSON object per message on stderr (`DGOV_LOG_FORMAT=json`), for CI and log collectors:
 * the level's name and number, the tag (`planner`, a plugin's name), the text and the time.
 */
const jsonReporter: ConsolaReporter = {
  log(entry) {
    const message = formatWithOptions({ colors: false }, ...entry.args);
    process.stderr.write(`${JSON.stringify({ ts: entry.date.toISOString(), level: entry.type, level_n: entry.level, ...(entry.tag ? { tag: entry.tag } : {}), message })}\n`);
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
