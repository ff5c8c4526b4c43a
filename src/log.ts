import { createConsola, type ConsolaInstance } from "consola";

/**
 * The one logger. It writes to stderr only: stdout carries data (`--json`, listings),
 * so scripts can pipe dgov without log noise.
 */
export const log: ConsolaInstance = createConsola({
  level: 3,
  stdout: process.stderr,
  stderr: process.stderr,
  formatOptions: { date: false },
});

/** `--verbose` turns on debug output; `DGOV_LOG_LEVEL` (0–5) overrides both. */
export function setVerbose(verbose: boolean): void {
  const fromEnv = Number.parseInt(process.env.DGOV_LOG_LEVEL ?? "", 10);
  log.level = Number.isFinite(fromEnv) ? fromEnv : verbose ? 4 : 3;
}
