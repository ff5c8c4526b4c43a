import { lineOpcodes } from "dgov/plugin";

/** A text's lines, each with its own line ending (the last may have none): joining gives the text back. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Keeps a fixer's output only where it touches the worker's lines (spec settlement-git §2.3,
 * "Existing files"); everywhere else the file keeps its old text, old style included.
 * `changed` holds 0-based indexes into `worker`. Per opcode of worker → fixed:
 * - equal: the worker's text;
 * - insert before worker line i: kept when line i or i-1 was changed;
 * - delete: dropped when any deleted line was changed, else the worker's lines stay;
 * - replace: the fixed text when any replaced line was changed, else the worker's. A replace
 *   of as many lines as it removes is decided line by line (a formatter that restyles every
 *   line is one long replace; only the worker's lines of it are taken).
 */
export function keepFixesOnChangedLines(worker: readonly string[], fixed: readonly string[], changed: ReadonlySet<number>): string[] {
  const out: string[] = [];
  const touched = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (changed.has(i)) return true;
    return false;
  };
  for (const op of lineOpcodes(worker, fixed)) {
    const mine = worker.slice(op.i1, op.i2);
    const theirs = fixed.slice(op.j1, op.j2);
    if (op.tag === "equal") out.push(...mine);
    else if (op.tag === "insert") out.push(...(changed.has(op.i1) || changed.has(op.i1 - 1) ? theirs : []));
    else if (op.tag === "delete") out.push(...(touched(op.i1, op.i2) ? [] : mine));
    else if (mine.length === theirs.length) out.push(...mine.map((line, k) => (changed.has(op.i1 + k) ? theirs[k]! : line)));
    else out.push(...(touched(op.i1, op.i2) ? theirs : mine));
  }
  return out;
}

/** The worker's text with the fixer's changes kept on the changed lines only (0-based). */
export function mergeFixedText(worker: string, fixed: string, changed: ReadonlySet<number>): string {
  return keepFixesOnChangedLines(splitLines(worker), splitLines(fixed), changed).join("");
}
