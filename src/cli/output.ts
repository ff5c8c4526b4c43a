/** The one writer of command data: stdout only, awaited so nothing is lost at exit. */
export async function printText(text: string): Promise<void> {
  if (text === "") return;
  await Bun.write(Bun.stdout, text.endsWith("\n") ? text : `${text}\n`);
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
