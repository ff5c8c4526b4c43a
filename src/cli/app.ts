import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "citty";
import pkg from "../../package.json" with { type: "json" };
import { DgovError, errorMessage, type ExitCode, isDgovError } from "../errors.ts";
import { log, setVerbose } from "../log.ts";
import { nearest } from "../suggest.ts";
import { checkArgs, extractGlobals, repeatedValues } from "./argv.ts";
import { COMMANDS, type CommandEntry } from "./commands.ts";
import type { Globals } from "./define.ts";
import { commandHelp, groupHelp, rootHelp } from "./help.ts";
import { printJson, printText } from "./output.ts";

export const VERSION: string = pkg.version;

function unknownCommand(name: string, table: Record<string, CommandEntry>, prefix: string): DgovError {
  const suggestion = nearest(name, Object.keys(table).filter((n) => !table[n]!.hidden));
  return new DgovError({
    code: "E_USAGE",
    message: `unknown command '${prefix}${name}'${suggestion ? `; did you mean '${prefix}${suggestion}'?` : ""}`,
    hint: `dgov ${prefix}--help lists the commands`,
  });
}

/** Walks the command table: `plugins list` → the list entry and the remaining args. */
function resolveCommand(rest: string[]): { path: string; entry: CommandEntry; args: string[] } | null {
  let table = COMMANDS;
  let path = "";
  let args = rest;
  for (;;) {
    const index = args.findIndex((a) => !a.startsWith("-"));
    const name = index === -1 ? undefined : args[index]!;
    if (name === undefined) return path ? { path, entry: lookup(path), args } : null;
    const entry = table[name];
    if (!entry) {
      if (!path) throw unknownCommand(name, table, "");
      return { path, entry: lookup(path), args };
    }
    path = path ? `${path} ${name}` : name;
    args = [...args.slice(0, index), ...args.slice(index + 1)];
    if (!entry.sub) return { path, entry, args };
    table = entry.sub;
  }
}

function lookup(path: string): CommandEntry {
  let entry: CommandEntry | undefined;
  let table: Record<string, CommandEntry> | undefined = COMMANDS;
  for (const part of path.split(" ")) {
    entry = table?.[part];
    table = entry?.sub;
  }
  return entry!;
}

async function dispatch(argv: string[], globals: Globals, help: boolean): Promise<ExitCode> {
  if (help && !argv.some((a) => !a.startsWith("-"))) {
    await printText(rootHelp(VERSION));
    return 0;
  }
  // Bare `dgov` shows the status, as dgov-py does.
  const resolved = resolveCommand(argv) ?? resolveCommand(["status", ...argv])!;
  let { path, entry, args } = resolved;
  if (entry.sub) {
    const sub = entry.defaultSub;
    const stray = args.find((a) => !a.startsWith("-"));
    if (stray) throw unknownCommand(stray, entry.sub, `${path} `);
    if (help || !sub) {
      await printText(groupHelp(path, entry));
      return help ? 0 : 2;
    }
    path = `${path} ${sub}`;
    entry = entry.sub[sub]!;
  }
  const command = await entry.load!();
  if (help) {
    await printText(commandHelp(path, entry.description, command.args, command.details, command.variadic));
    return 0;
  }
  checkArgs(args, command.args, path, command.variadic);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(args, command.args);
  } catch (error) {
    throw new DgovError({ code: "E_USAGE", message: `dgov ${path}: ${errorMessage(error)}`, hint: `dgov ${path} --help` });
  }
  for (const name of command.repeatable ?? []) {
    const values = repeatedValues(args, command.args, name);
    if (values.length) (parsed as Record<string, unknown>)[name] = values;
  }
  return (await command.run({ args: parsed, globals })) ?? 0;
}

async function report(error: unknown, json: boolean): Promise<ExitCode> {
  const dgovError = isDgovError(error)
    ? error
    : new DgovError({
        code: "E_INTERNAL",
        message: `internal error: ${errorMessage(error)}`,
        hint: "This is a bug in dgov; rerun with --verbose for the stack trace and report it.",
        exitCode: 1,
      });
  if (!isDgovError(error) && error instanceof Error) log.debug(error.stack ?? "");
  const lines = [dgovError.message, ...dgovError.details.map((d) => `  ${d}`)];
  if (dgovError.hint) lines.push(`hint: ${dgovError.hint}`);
  log.error(lines.join("\n"));
  if (json) await printJson({ status: "error", error: dgovError.toJSON() });
  return dgovError.exitCode;
}

/** Runs one dgov invocation and returns its exit code; never exits the process itself. */
export async function runCli(argv: string[]): Promise<ExitCode> {
  let json = argv.includes("--json");
  try {
    const flags = extractGlobals(argv);
    json = flags.json;
    setVerbose(flags.verbose);
    if (flags.version && flags.rest.length === 0) {
      await printText(flags.json ? JSON.stringify({ version: VERSION }) : VERSION);
      return 0;
    }
    const cwd = resolve(flags.cwd ?? process.cwd());
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
      throw new DgovError({ code: "E_USAGE", message: `-C/--cwd: ${cwd} is not a directory` });
    }
    const globals: Globals = { json: flags.json, verbose: flags.verbose, cwd };
    return await dispatch(flags.rest, globals, flags.help);
  } catch (error) {
    return report(error, json);
  }
}
