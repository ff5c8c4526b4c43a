/**
 * run_bash's path rule (spec workers-llm §3.0.3, reworked for B4): a command may not name a
 * path outside the worktree. A word (quotes removed; also the value of `--opt=value` and
 * `NAME=value`) that looks like a path is refused when it
 *   - starts with `/` — unless it is one of a few devices (`/dev/null`, `/dev/stdout` …) or lies
 *     inside the worktree's own absolute path — or with `~` (a home folder), or
 *   - climbs out of the worktree with `..` (judged from the worktree root, whatever `cd` did
 *     before: `cd src && ls ..` is refused too).
 * Redirection targets are judged the same way. The arguments of `echo` and `printf` are text,
 * not paths, and are not judged. A word with expansions is judged with each expansion standing
 * for one plain path segment (`/proc/$PPID/environ` is absolute, `"$d"/../..` climbs out),
 * except that one starting with a variable that holds a folder outside the worktree (`$HOME`,
 * `$TMPDIR`, …) or with a command substitution followed by `/` is refused, and `$PWD` is the
 * worktree. Words holding spaces, commas or other shell syntax are not judged (`awk '/^def /'`
 * passes; `sed '/x/d'` looks like a path and is refused). This is a guard against mistakes;
 * the sandbox is what confines the command.
 */
import type { CheckedCommand } from "./shell-commands.ts";
import { programName } from "./shell-commands.ts";

export const ABSOLUTE_PATH_ERROR = "Absolute paths are not allowed. Use relative paths within the worktree.";
export const OUTSIDE_PATH_ERROR = "Paths outside the worktree are not allowed ('..' leaves it). Use relative paths within the worktree.";

/** dgov-py's check, kept for lines the lexer cannot read (the shell will most likely refuse them too). */
const LEGACY_ABSOLUTE = /(?<![.\w])\/(?:etc|tmp|var|usr|opt|home|Users|root|bin|sbin)\b/;
const DEVICES = new Set(["/dev/null", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/tty"]);
const PATH_LIKE = /^[\w.\-+@%:=/*?~]+$/;
/** One expansion: `$(…)` (no nesting needed: only its place matters), `` `…` ``, `${…}`, `$NAME`, `$1`, `$$`. */
const EXPANSION = /\$\([^)]*\)|`[^`]*`|\$\{[^}]*\}|\$[A-Za-z_]\w*|\$[0-9#?$!@*-]/g;
/** Variables whose value is a folder outside the worktree. */
const OUTSIDE_VARS = /^\$(\{)?(HOME|OLDPWD|TMPDIR|TMP|TEMP|XDG_\w+|GIT_DIR|GIT_COMMON_DIR|GIT_WORK_TREE)\b/;
const PWD_VAR = /^\$(PWD\b|\{PWD\})/;
const OPTION_VALUE = /^(?:--?[\w-]+|[A-Za-z_]\w*)=(.+)$/;
const TEXT_ARGUMENTS = new Set(["echo", "printf"]);
/** Redirections whose target is not a file name: here-documents, here-strings. */
const NOT_A_FILE = new Set(["<<", "<<-", "<<<"]);

/** The old regex check, for a line that could not be lexed. */
export function legacyPathCheck(line: string): string | null {
  return LEGACY_ABSOLUTE.test(line) ? ABSOLUTE_PATH_ERROR : null;
}

/** `/a/b/../c` → `/a/c`. */
function normalizeAbsolute(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

function climbsOut(path: string): boolean {
  let depth = 0;
  for (const part of path.split("/")) {
    if (part === "..") depth--;
    else if (part !== "" && part !== ".") depth++;
    if (depth < 0) return true;
  }
  return false;
}

function judgePath(candidate: string, worktree: string | undefined): string | null {
  if (!PATH_LIKE.test(candidate)) return null;
  if (candidate.startsWith("~")) return ABSOLUTE_PATH_ERROR;
  if (candidate.startsWith("/")) {
    if (DEVICES.has(candidate) || /^\/dev\/fd\/\d+$/.test(candidate)) return null;
    const path = normalizeAbsolute(candidate);
    const root = worktree ? normalizeAbsolute(worktree) : null;
    if (root && (path === root || path.startsWith(`${root}/`))) return null;
    return ABSOLUTE_PATH_ERROR;
  }
  return climbsOut(candidate) ? OUTSIDE_PATH_ERROR : null;
}

/** A word with expansions as the path it could name: null when it may name anything (refused). */
function expanded(word: string, worktree: string | undefined): string | null {
  if (OUTSIDE_VARS.test(word)) return null;
  if (/^(\$\(|`)/.test(word) && /^(\$\([^)]*\)|`[^`]*`)\//.test(word)) return null;
  const rooted = worktree ? word.replace(PWD_VAR, worktree) : word;
  return rooted.replace(EXPANSION, "_");
}

function judgeCandidate(candidate: string, worktree: string | undefined): string | null {
  if (!/[$`]/.test(candidate)) return judgePath(candidate, worktree);
  const path = expanded(candidate, worktree);
  return path === null ? ABSOLUTE_PATH_ERROR : judgePath(path, worktree);
}

function judgeWord(word: string, worktree: string | undefined): string | null {
  const value = OPTION_VALUE.exec(word)?.[1];
  return judgeCandidate(word, worktree) ?? (value === undefined ? null : judgeCandidate(value, worktree));
}

/** The error for the first path outside the worktree that `commands` name, or null. */
export function pathEscape(commands: readonly CheckedCommand[], worktree?: string): string | null {
  for (const command of commands) {
    const textOnly = TEXT_ARGUMENTS.has(programName(command.core[0]));
    const words = textOnly ? [] : command.words;
    const targets = command.redirects
      .filter((r) => !NOT_A_FILE.has(r.op) && !(r.op.endsWith("&") && /^(\d+|-)$/.test(r.target)))
      .map((r) => r.target);
    for (const word of [...words, ...targets]) {
      const error = judgeWord(word, worktree);
      if (error) return error;
    }
  }
  return null;
}
