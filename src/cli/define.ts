import type { ArgsDef, ParsedArgs } from "citty";
import { DgovError, type ExitCode } from "../errors.ts";

/** Options every command accepts, before or after the command name. */
export interface Globals {
  json: boolean;
  /** The directory dgov acts from (`-C/--cwd`, default: the process cwd). */
  cwd: string;
  verbose: boolean;
}

export interface CommandContext<A extends ArgsDef> {
  args: ParsedArgs<A>;
  globals: Globals;
}

/** A command: citty argument definitions and a run function returning the exit code. */
export interface Command<A extends ArgsDef = ArgsDef> {
  args: A;
  /** Extra help text shown under the usage line. */
  details?: string;
  /** The last positional takes any number of values (all of them are in `args._`). */
  variadic?: boolean;
  /** String options that may be given several times: `args[name]` is then every value, in order. */
  repeatable?: readonly string[];
  run(ctx: CommandContext<A>): Promise<ExitCode | undefined>;
}

/** Identity helper that keeps the argument types of `run`. */
export function defineCommand<const A extends ArgsDef>(command: Command<A>): Command<A> {
  return command;
}

/** A positional that must be one of `choices`; anything else is a usage error naming them. */
export function oneOf<const C extends readonly string[]>(command: string, what: string, value: unknown, choices: C): C[number] {
  const given = String(value);
  if (!choices.includes(given)) throw new DgovError({ code: "E_USAGE", message: `dgov ${command}: unknown ${what} '${given}'`, hint: `One of: ${choices.join(", ")}.` });
  return given as C[number];
}
