import type { ArgDef, ArgsDef } from "citty";
import { DgovError } from "../errors.ts";
import { nearest } from "../suggest.ts";

export interface GlobalFlags {
  json: boolean;
  verbose: boolean;
  help: boolean;
  version: boolean;
  cwd: string | undefined;
  /** Everything else, in order (the command path and its own arguments). */
  rest: string[];
}

const CWD_FLAGS = new Set(["-C", "--cwd", "-r", "--root"]);

function usage(message: string, hint?: string): DgovError {
  return new DgovError({ code: "E_USAGE", message, ...(hint ? { hint } : {}), exitCode: 2 });
}

/**
 * Takes the global options out of argv wherever they appear (before `--`), so both
 * `dgov --json status` and `dgov status --json` work. `-r/--root` is the reference's spelling.
 */
export function extractGlobals(argv: readonly string[]): GlobalFlags {
  const out: GlobalFlags = { json: false, verbose: false, help: false, version: false, cwd: undefined, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      out.rest.push(...argv.slice(i));
      break;
    }
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (flag === "--json") out.json = true;
    else if (flag === "--verbose" || flag === "-v") out.verbose = true;
    else if (flag === "-h" || flag === "--help") out.help = true;
    else if (flag === "--version" || flag === "-V") out.version = true;
    else if (CWD_FLAGS.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === "") throw usage(`${flag} needs a directory`, "e.g. dgov -C path/to/repo status");
      out.cwd = value;
    } else out.rest.push(arg);
  }
  return out;
}

function optionNames(name: string, def: ArgDef): string[] {
  const kebab = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const aliases = "alias" in def && def.alias ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];
  return [...new Set([name, kebab, ...aliases])];
}

/**
 * citty accepts any option silently; a serious CLI rejects what it does not know. Checks
 * every option and the number of positionals against the command's definitions.
 */
export function checkArgs(args: readonly string[], defs: ArgsDef, command: string, variadic = false): void {
  const known = new Map<string, ArgDef>();
  for (const [name, def] of Object.entries(defs)) {
    if (def.type === "positional") continue;
    for (const n of optionNames(name, def)) known.set(n, def);
  }
  const positionals = Object.values(defs).filter((d) => d.type === "positional").length;
  let seen = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      seen += args.length - i - 1;
      break;
    }
    if (!arg.startsWith("-") || arg === "-" || /^-\d/.test(arg)) {
      seen++;
      continue;
    }
    const raw = arg.replace(/^--?/, "").split("=")[0]!;
    const name = raw.startsWith("no-") && !known.has(raw) ? raw.slice(3) : raw;
    const def = known.get(name);
    if (!def) {
      const suggestion = nearest(name, known.keys());
      const dashes = (n: string) => (n.length === 1 ? `-${n}` : `--${n}`);
      throw usage(
        `unknown option '${arg}' for 'dgov ${command}'${suggestion ? `; did you mean '${dashes(suggestion)}'?` : ""}`,
        `dgov ${command} --help lists its options`,
      );
    }
    if ((def.type === "string" || def.type === "enum") && !arg.includes("=")) {
      if (i + 1 >= args.length) throw usage(`option '${arg}' of 'dgov ${command}' needs a value`);
      i++;
    }
  }
  if (seen > positionals && !variadic) {
    throw usage(`too many arguments for 'dgov ${command}'`, `dgov ${command} --help shows its usage`);
  }
}

/**
 * Every value given to string option `name` (citty keeps only the last): `-f a -f b`, `--file=a`,
 * in order. For the options a command documents as repeatable.
 */
export function repeatedValues(args: readonly string[], defs: ArgsDef, name: string): string[] {
  const def = defs[name];
  if (!def || def.type !== "string") return [];
  const names = new Set(optionNames(name, def).map((n) => (n.length === 1 ? `-${n}` : `--${n}`)));
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") break;
    const eq = arg.indexOf("=");
    if (eq > 0 && names.has(arg.slice(0, eq))) values.push(arg.slice(eq + 1));
    else if (names.has(arg) && i + 1 < args.length) values.push(args[++i]!);
  }
  return values;
}
