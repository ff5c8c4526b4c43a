/**
 * What each simple command of a run_bash line actually runs, for the policy: the program and
 * its arguments behind assignments, reserved words and wrappers (`env`, `xargs`, `timeout` …),
 * plus the commands hidden in `sh -c '…'`, `eval …` and `find -exec … ;`.
 */
import { lexCommandLine, type Redirect } from "./shell-lex.ts";

/** A command to judge: all its words, the program-and-arguments part, its redirections. */
export interface CheckedCommand {
  words: string[];
  core: string[];
  redirects: Redirect[];
}

export type CommandsResult = { ok: true; commands: CheckedCommand[] } | { ok: false; error: string };

/** Words that open or close a compound command; the command proper follows them. */
const RESERVED = new Set(["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "esac"]);
/** Compound commands whose own words run nothing (`for x in a b`). */
const NOT_RUN = new Set(["for", "case", "select", "function"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "ash"]);
const MAX_NESTED_SCRIPTS = 4;

/** Programs that run another program: their options taking a value, and positional words before it. */
const WRAPPERS: Record<string, { values: string[]; positionals?: number; assignments?: boolean }> = {
  env: { values: ["-u", "--unset", "-C", "--chdir", "-S", "--split-string"], assignments: true },
  command: { values: [] },
  builtin: { values: [] },
  exec: { values: ["-a"] },
  nohup: { values: [] },
  time: { values: [] },
  nice: { values: ["-n", "--adjustment"] },
  timeout: { values: ["-s", "--signal", "-k", "--kill-after"], positionals: 1 },
  stdbuf: { values: ["-i", "-o", "-e"] },
  sudo: { values: ["-u", "-g", "-C", "-h", "-p", "-U", "-r", "-t", "-D"] },
  doas: { values: ["-u", "-C"] },
  xargs: {
    values: ["-I", "-n", "-P", "-d", "-L", "-s", "-E", "-a", "--arg-file", "--delimiter", "--max-args", "--max-procs", "--max-lines", "--replace", "--eof", "--max-chars"],
  },
};

/** The last path component: `/usr/bin/rm` and `./rm` run `rm`. */
export function programName(word: string | undefined): string {
  return (word ?? "").split("/").pop() ?? "";
}

/** The program and its arguments of one simple command's words. */
export function commandCore(words: readonly string[]): string[] {
  let i = 0;
  for (;;) {
    while (i < words.length && RESERVED.has(words[i]!)) i++;
    if (NOT_RUN.has(words[i] ?? "")) return [];
    while (i < words.length && ASSIGNMENT.test(words[i]!)) i++;
    const wrapper = WRAPPERS[programName(words[i])];
    if (!wrapper || i >= words.length) return words.slice(i);
    i++;
    while (i < words.length && words[i]!.startsWith("-") && words[i] !== "-") {
      const option = words[i++]!;
      if (option === "--") break;
      if (wrapper.values.includes(option)) i++;
    }
    if (wrapper.assignments) while (i < words.length && ASSIGNMENT.test(words[i]!)) i++;
    i += wrapper.positionals ?? 0;
  }
}

/** Command lines a core runs on its own: the script of `sh -c`, the text of `eval`. */
function nestedScripts(core: readonly string[]): string[] {
  const name = programName(core[0]);
  if (name === "eval") return [core.slice(1).join(" ")];
  if (!SHELLS.has(name)) return [];
  let sawC = false;
  for (const word of core.slice(1)) {
    if (/^[-+][a-zA-Z]+$/.test(word)) sawC ||= word.startsWith("-") && word.includes("c");
    else if (word === "--") continue;
    else return sawC ? [word] : [];
  }
  return [];
}

/** The commands `find` runs for each file: the words after `-exec` up to `;` or `+`. */
function findExecs(core: readonly string[]): string[][] {
  if (programName(core[0]) !== "find") return [];
  const found: string[][] = [];
  for (let i = 1; i < core.length; i++) {
    if (!["-exec", "-execdir", "-ok", "-okdir"].includes(core[i]!)) continue;
    const end = core.findIndex((word, j) => j > i && (word === ";" || word === "+"));
    found.push(core.slice(i + 1, end === -1 ? core.length : end));
    i = end === -1 ? core.length : end;
  }
  return found;
}

/** Every command `line` runs that can be seen without running it, nested ones included. */
export function listCommands(line: string, level = 0): CommandsResult {
  const lexed = lexCommandLine(line);
  if (!lexed.ok) return lexed;
  const commands: CheckedCommand[] = [];
  const add = (words: string[], redirects: Redirect[]): string | null => {
    const core = commandCore(words);
    commands.push({ words, core, redirects });
    for (const inner of findExecs(core)) {
      const error = add(inner, []);
      if (error) return error;
    }
    for (const script of nestedScripts(core)) {
      if (level >= MAX_NESTED_SCRIPTS) return "Shell scripts nested too deeply";
      const nested = listCommands(script, level + 1);
      if (!nested.ok) return nested.error;
      commands.push(...nested.commands);
    }
    return null;
  };
  for (const command of lexed.commands) {
    const error = add(command.words, command.redirects);
    if (error) return { ok: false, error };
  }
  return { ok: true, commands };
}
