/**
 * The model's ripgrep `flags` string, made safe to pass as argv (B4: dgov-py pasted it into a
 * shell line). Every word must be an option, so none can become the pattern or a path; options
 * that run programs (`--pre`, `--hostname-bin`), read files named by the model (`--file`,
 * `--ignore-file`), list files instead of searching (`--files`) or follow links out of the
 * worktree (`-L`) are refused.
 */
import { shellSplit } from "./quote.ts";

const DENIED_LONG = new Set(["--pre", "--pre-glob", "--hostname-bin", "--file", "--ignore-file", "--files", "--follow", "--"]);
const DENIED_SHORT = new Set(["f", "L"]);
/** Short options that take a value: the rest of their word is that value. */
const SHORT_WITH_VALUE = new Set([..."ABCdEefgjMmrTt"]);

export type RgFlags = { ok: true; flags: string[] } | { ok: false; error: string };

function deniedShort(word: string): boolean {
  for (const letter of word.slice(1)) {
    if (DENIED_SHORT.has(letter)) return true;
    if (SHORT_WITH_VALUE.has(letter)) return false;
  }
  return false;
}

/** The flags as argv words, or why they are refused. */
export function checkRgFlags(flags: string): RgFlags {
  const split = shellSplit(flags);
  if (!split.ok) return { ok: false, error: `Invalid ripgrep flags: ${split.error}` };
  for (const word of split.words) {
    if (!word.startsWith("-") || word === "-") {
      return {
        ok: false,
        error: `Invalid ripgrep flag '${word}': every flag must start with '-' (attach values with '=', e.g. --glob=*.py --context=2).`,
      };
    }
    const denied = word.startsWith("--") ? DENIED_LONG.has(word.split("=")[0]!) : deniedShort(word);
    if (denied) {
      return {
        ok: false,
        error: `ripgrep flag '${word}' is not allowed: it runs programs, reads files outside the search or follows links out of the worktree.`,
      };
    }
  }
  return { ok: true, flags: split.words };
}
