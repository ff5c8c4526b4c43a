/**
 * Reads a unified diff into hunks. Line counts in `@@` headers are not trusted (models get
 * them wrong); a hunk's extent is its body, as `git apply --recount` reads it.
 */

export interface HunkLine {
  op: " " | "-" | "+";
  text: string;
  /** Followed by `\ No newline at end of file`. */
  noEol: boolean;
}

export interface Hunk {
  /** 1-based position in the patch. */
  number: number;
  header: string;
  /** The old-file line number of the header (`-N`). */
  oldStart: number;
  lines: HunkLine[];
}

export type Parsed = { ok: true; hunks: Hunk[] } | { ok: false; error: string };

const HUNK_HEADER = /^@@\s*-(\d+)(?:,\d+)?\s+\+\d+(?:,\d+)?\s*@@/;
/** Lines of git's extended headers: they end a hunk without being part of it. */
const GIT_HEADER = /^(diff |index |Index: |old mode |new mode |deleted file mode |new file mode |similarity index |rename (from|to) |copy (from|to) |Binary files |=+$)/;

/** A `---` line is a file header only when a `+++` line follows; otherwise it removes a line starting with `--`. */
function isFileHeader(lines: readonly string[], i: number): boolean {
  return lines[i]!.startsWith("--- ") && (lines[i + 1]?.startsWith("+++ ") ?? false);
}

function hunkLine(hunk: Hunk, line: string, lineNo: number): string | null {
  if (line === "") {
    // An empty context line whose leading space an editor or a model trimmed.
    hunk.lines.push({ op: " ", text: "", noEol: false });
    return null;
  }
  const op = line[0];
  if (op === " " || op === "-" || op === "+") {
    hunk.lines.push({ op, text: line.slice(1), noEol: false });
    return null;
  }
  if (op === "\\") {
    const last = hunk.lines.at(-1);
    if (last) last.noEol = true;
    return null;
  }
  return `Hunk ${hunk.number}: patch line ${lineNo} does not start with ' ', '-' or '+': ${JSON.stringify(line)}. Prefix every context line with a space.`;
}

/** Parses `patch`; every problem is reported with the hunk and patch line it is in. */
export function parsePatch(patch: string): Parsed {
  const lines = patch.replace(/\r\n/g, "\n").split("\n");
  const hunks: Hunk[] = [];
  let current: Hunk | null = null;
  let fileHeaders = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isFileHeader(lines, i)) {
      if (++fileHeaders > 1) return { ok: false, error: "The patch changes more than one file; apply_patch patches one file (its path argument)." };
      current = null;
      i++;
    } else if (line.startsWith("@@")) {
      const header = HUNK_HEADER.exec(line);
      if (!header) {
        return { ok: false, error: `Malformed hunk header: ${line} (hunk ${hunks.length + 1}). Hunk headers need line numbers: @@ -<line>,<count> +<line>,<count> @@` };
      }
      current = { number: hunks.length + 1, header: header[0], oldStart: Number(header[1]), lines: [] };
      hunks.push(current);
    } else if (current && GIT_HEADER.test(line)) {
      current = null;
    } else if (current) {
      const problem = hunkLine(current, line, i + 1);
      if (problem) return { ok: false, error: problem };
    }
    // Before the first hunk: `diff`, `index` lines or prose, none of which change anything.
  }
  return finish(hunks);
}

function finish(hunks: Hunk[]): Parsed {
  if (hunks.length === 0) return { ok: false, error: "The patch has no hunks: expected unified-diff hunks starting with @@ -<line>,<count> +<line>,<count> @@." };
  for (const hunk of hunks) {
    // Trailing empty lines are the patch's own final newlines: as context they add nothing.
    while (hunk.lines.at(-1)?.op === " " && hunk.lines.at(-1)?.text === "") hunk.lines.pop();
    if (!hunk.lines.some((line) => line.op !== " ")) return { ok: false, error: `Hunk ${hunk.number} (${hunk.header}) changes nothing: it has no '-' or '+' lines.` };
  }
  return { ok: true, hunks };
}
