let closed = false;

/** True once stdout's reader went away (`dgov watch | head -1`): a follower stops, quietly. */
export function outputClosed(): boolean {
  return closed;
}

const isBrokenPipe = (error: unknown) => (error as { code?: unknown } | null)?.code === "EPIPE";

/**
 * The one writer of command data: stdout only, awaited so nothing is lost at exit. A reader
 * that stopped reading (a closed pipe) is not an error of the command: what it would have
 * read is dropped, and the command ends with the exit code it would have had.
 */
export async function printText(text: string): Promise<void> {
  if (text === "" || closed) return;
  try {
    await Bun.write(Bun.stdout, text.endsWith("\n") ? text : `${text}\n`);
  } catch (error) {
    if (!isBrokenPipe(error)) throw error;
    closed = true;
  }
}

/** JSON for scripts: pretty-printed, one document, newline-terminated. */
export async function printJson(data: unknown): Promise<void> {
  await printText(JSON.stringify(data, null, 2));
}

/** Left-aligned columns, two spaces apart (the last column is not padded). */
export function columns(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd())
    .join("\n");
}
