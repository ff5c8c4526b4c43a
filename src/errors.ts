/** Process exit codes: 0 ok, 1 the work failed, 2 usage/config/plan error, 130 interrupted. */
export type ExitCode = 0 | 1 | 2 | 130;

export interface DgovErrorInit {
  /** Stable machine-readable code, e.g. `E_CONFIG`. */
  code: string;
  message: string;
  /** What the user can do about it. */
  hint?: string;
  /** One line per individual problem (e.g. every bad key of a config file). */
  details?: string[];
  exitCode?: ExitCode;
  cause?: unknown;
}

/** The one user-facing error: a stable code, a message naming file/key/line, and a hint. */
export class DgovError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: string[];
  readonly exitCode: ExitCode;

  constructor(init: DgovErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "DgovError";
    this.code = init.code;
    this.hint = init.hint;
    this.details = init.details ?? [];
    this.exitCode = init.exitCode ?? 2;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, details: this.details, hint: this.hint ?? null };
  }
}

export function isDgovError(value: unknown): value is DgovError {
  return value instanceof DgovError;
}

/** The message of any thrown value, for wrapping foreign errors. */
export function errorMessage(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}
