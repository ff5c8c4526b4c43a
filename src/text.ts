/** Text kept within a size: its head and tail, and how much was cut between them said. */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor(max * 0.7);
  const tail = max - head;
  return `${text.slice(0, head)}\n… [${text.length - head - tail} characters cut] …\n${text.slice(text.length - tail)}`;
}

/**
 * An integer with commas between groups of three digits (12,345), as en-US writes it:
 * `toLocaleString` would load ICU's number formatting, a millisecond in every process using it.
 */
export function thousands(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  return `${n < 0 ? "-" : ""}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;
}
