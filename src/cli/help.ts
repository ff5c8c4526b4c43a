import type { ArgDef, ArgsDef } from "citty";
import { columns } from "./output.ts";
import { COMMANDS, type CommandEntry } from "./commands.ts";

export const GLOBAL_OPTIONS: string[][] = [
  ["--json", "Machine-readable output on stdout (also before the command)"],
  ["-C, --cwd <dir>", "Act on the project containing <dir> (alias: -r, --root)"],
  ["-v, --verbose", "Debug logs on stderr, richer summaries"],
  ["-h, --help", "Show help"],
];

const VERSION_OPTION = ["--version", "Print the version"];

function listCommands(table: Record<string, CommandEntry>, prefix = ""): string[][] {
  return Object.entries(table).flatMap(([name, entry]) =>
    entry.hidden ? [] : entry.sub ? listCommands(entry.sub, `${prefix}${name} `) : [[`${prefix}${name}`, entry.description]],
  );
}

/** `dgov --help`: every command that exists, and the global options. */
export function rootHelp(version: string): string {
  const rows = listCommands(COMMANDS).map(([name, desc]) => [`  ${name}`, desc!]);
  return [
    `dgov ${version}: a deterministic governor for AI coding work on a git repo`,
    "",
    "Usage: dgov [global options] <command> [options]",
    "",
    "Commands:",
    columns(rows),
    "",
    "Global options:",
    columns([...GLOBAL_OPTIONS, VERSION_OPTION].map(([f, d]) => [`  ${f}`, d!])),
    "",
    "Run 'dgov <command> --help' for the options of a command.",
    "Environment: DGOV_LOG_LEVEL=0-5 (logs' level), DGOV_LOG_FORMAT=json (one JSON object per log line),",
    "NO_COLOR, XDG_CONFIG_HOME (the user config: $XDG_CONFIG_HOME/dgov/config.toml).",
    "Exit codes: 0 ok, 1 the work failed, 2 usage/config/plan error, 130 interrupted.",
  ].join("\n");
}

/** A group's help: `dgov plugins --help`. */
export function groupHelp(path: string, entry: CommandEntry): string {
  const rows = listCommands(entry.sub ?? {}, `${path} `).map(([name, desc]) => [`  dgov ${name}`, desc!]);
  const dflt = entry.defaultSub ? `\nWithout a subcommand: dgov ${path} ${entry.defaultSub}.` : "";
  return [`Usage: dgov ${path} <command> [options]`, "", entry.description, "", "Commands:", columns(rows), dflt].join("\n");
}

function optionLabel(name: string, def: ArgDef): string {
  const aliases = "alias" in def && def.alias ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];
  const flags = [...aliases.map((a) => (a.length === 1 ? `-${a}` : `--${a}`)), `--${name}`].join(", ");
  if (def.type === "enum") return `${flags} <${def.valueHint ?? "value"}>`;
  return def.type === "string" ? `${flags} <${def.valueHint ?? "value"}>` : flags;
}

/** A command's help, generated from the same definitions the parser checks against. */
export function commandHelp(path: string, description: string, args: ArgsDef, details?: string, variadic = false): string {
  const entries = Object.entries(args);
  const positionals = entries.filter(([, d]) => d.type === "positional");
  const options = entries.filter(([, d]) => d.type !== "positional");
  const label = (n: string, i: number) => `${n.toUpperCase()}${variadic && i === positionals.length - 1 ? "…" : ""}`;
  const usage = [`dgov ${path}`, options.length ? "[options]" : "", ...positionals.map(([n, d], i) => (d.required === false ? `[${label(n, i)}]` : `<${label(n, i)}>`))];
  const out = [`Usage: ${usage.filter(Boolean).join(" ")}`, "", description];
  if (details) out.push("", details);
  if (positionals.length) {
    out.push("", "Arguments:", columns(positionals.map(([n, d]) => [`  ${n.toUpperCase()}`, d.description ?? ""])));
  }
  if (options.length) {
    const rows = options.map(([n, d]) => {
      const choices = d.type === "enum" ? `: ${d.options?.join(", ")}` : "";
      const dflt = d.default !== undefined && d.default !== false ? ` (default: ${d.default})` : "";
      return [`  ${optionLabel(n, d)}`, `${d.description ?? ""}${choices}${dflt}`];
    });
    out.push("", "Options:", columns(rows));
  }
  out.push("", "Global options:", columns(GLOBAL_OPTIONS.map(([f, d]) => [`  ${f}`, d!])));
  return out.join("\n");
}
