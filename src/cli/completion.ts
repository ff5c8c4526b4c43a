import type { ArgsDef } from "citty";
import { COMMANDS, type CommandEntry } from "./commands.ts";

/*
 * Shell completions generated from the command table and each command's own argument
 * definitions (the ones the parser checks against), so they cannot drift from the CLI: the
 * commands and subcommands at each level, then the options of the command the line names.
 */

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** The global options, as completions offer them. */
const GLOBAL_FLAGS = ["--json", "--cwd", "--verbose", "--help"];

/** One level of the completion table: the words it offers, with what each does. */
export interface Level {
  /** `""` for the top level, else the command path (`plan`, `plan status`). */
  path: string;
  words: { word: string; description: string }[];
}

/** A command's options as `--name` (and `--no-name` for a boolean that defaults on). */
export function flagsOf(args: ArgsDef): { word: string; description: string }[] {
  const flags: { word: string; description: string }[] = [];
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    const kebab = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    flags.push({ word: `--${kebab}`, description: def.description ?? "" });
    if (def.type === "boolean" && def.default === true) flags.push({ word: `--no-${kebab}`, description: def.description ?? "" });
  }
  return flags;
}

/** Every level of the table, each command's options loaded from its module. */
export async function levels(table: Record<string, CommandEntry> = COMMANDS, path = ""): Promise<Level[]> {
  const visible = Object.entries(table).filter(([, e]) => !e.hidden);
  const out: Level[] = [{ path, words: visible.map(([word, e]) => ({ word, description: e.description })) }];
  for (const [name, entry] of visible) {
    const at = path ? `${path} ${name}` : name;
    if (entry.sub) out.push(...(await levels(entry.sub, at)));
    else if (entry.load) out.push({ path: at, words: flagsOf((await entry.load()).args) });
  }
  return out;
}

const words = (level: Level) => [...level.words.map((w) => w.word), ...GLOBAL_FLAGS].join(" ");

function bash(table: Level[]): string {
  const cases = table.map((l) => `    ${JSON.stringify(l.path)}) opts=${JSON.stringify(words(l))} ;;`).join("\n");
  const groups = table.filter((l) => l.words.some((w) => !w.word.startsWith("-"))).map((l) => JSON.stringify(l.path));
  return `# dgov completion for bash: source <(dgov completion bash)
_dgov() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" i word opts
  # The command path so far: the words naming commands and subcommands, in order.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    case "$path" in
      ${groups.join("|")}) ;;
      *) break ;;
    esac
    local next="\${path:+$path }$word"
    _dgov_known "$next" || break
    path="$next"
  done
  case "$path" in
${cases}
    *) opts=${JSON.stringify(GLOBAL_FLAGS.join(" "))} ;;
  esac
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
_dgov_known() {
  case "$1" in
    ${table.filter((l) => l.path).map((l) => JSON.stringify(l.path)).join("|")}) return 0 ;;
  esac
  return 1
}
complete -F _dgov dgov
`;
}

function zsh(table: Level[]): string {
  return `#compdef dgov
# dgov completion for zsh: source <(dgov completion zsh), or save it as _dgov on $fpath
(( $+functions[compdef] )) || { autoload -U +X compinit && compinit -u; }
autoload -U +X bashcompinit && bashcompinit
${bash(table).split("\n").slice(1).join("\n")}`;
}

const fishQuote = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function fish(table: Level[]): string {
  const lines = ["# dgov completion for fish: dgov completion fish | source", "complete -c dgov -f"];
  for (const level of table) {
    const seen = level.path ? level.path.split(" ").map((p) => `__fish_seen_subcommand_from ${p}`) : [];
    const subs = level.words.filter((w) => !w.word.startsWith("-")).map((w) => w.word);
    for (const w of level.words) {
      // A subcommand is offered until one of its level is on the line; an option once its command is.
      const offered = !w.word.startsWith("-") ? (level.path ? [...seen, `not __fish_seen_subcommand_from ${subs.join(" ")}`] : ["__fish_use_subcommand"]) : seen;
      const what = w.word.startsWith("--") ? `-l ${w.word.slice(2)}` : `-a ${w.word}`;
      lines.push(`complete -c dgov -n ${fishQuote(offered.join("; and "))} ${what} -d ${fishQuote(w.description.split("\n")[0]!.slice(0, 80))}`);
    }
  }
  for (const flag of GLOBAL_FLAGS) lines.push(`complete -c dgov -l ${flag.slice(2)}`);
  return `${lines.join("\n")}\n`;
}

/** The completion script for `shell`. */
export async function completionScript(shell: Shell): Promise<string> {
  const table = await levels();
  return shell === "bash" ? bash(table) : shell === "zsh" ? zsh(table) : fish(table);
}
