/*
 * What a line may look like where it is written: colours only on a terminal and never with
 * NO_COLOR (any value, https://no-color.org), and lines cut to the terminal's width by what
 * they show (Bun.stringWidth: wide and combining characters, escapes of no width), never wrapped.
 */

/** A colour or emphasis a view asks for; the writer decides whether it is shown. */
export type Tone = "dim" | "bold" | "red" | "green" | "yellow" | "cyan";

/** Paints text in a tone, or returns it as it is. */
export type Painter = (tone: Tone, text: string) => string;

const SGR: Record<Tone, number> = { dim: 2, bold: 1, red: 31, green: 32, yellow: 33, cyan: 36 };

/** Whether a stream gets colours: a terminal, NO_COLOR unset, and a terminal that can show them. */
export function colorsOn(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true && process.env.NO_COLOR === undefined && process.env.TERM !== "dumb";
}

/** The painter for a stream: SGR escapes when it gets colours, plain text otherwise. */
export function painterFor(stream: { isTTY?: boolean }): Painter {
  return colorsOn(stream) ? (tone, text) => (text ? `\u001b[${SGR[tone]}m${text}\u001b[0m` : text) : (_, text) => text;
}

// Escape sequences (CSI, e.g. a colour): kept, of no width.
const ESCAPES = /(\u001b\[[0-9;?]*[A-Za-z])/;
/** Made on first use: building a segmenter costs every process that loads this module a few ms. */
let graphemes: Intl.Segmenter | undefined;

/**
 * The text cut to at most `width` columns, an ellipsis marking the cut; escapes are kept (and
 * reset after a cut) so a coloured line stays well-formed.
 */
export function fit(text: string, width: number): string {
  if (width <= 0) return "";
  if (Bun.stringWidth(text) <= width) return text;
  let out = "";
  let used = 0;
  let escaped = false;
  const parts = text.split(ESCAPES);
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 1) {
      out += parts[i];
      escaped = true;
      continue;
    }
    for (const { segment } of (graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" })).segment(parts[i]!)) {
      const w = Bun.stringWidth(segment);
      if (used + w > width - 1) return `${out}…${escaped ? "\u001b[0m" : ""}`;
      out += segment;
      used += w;
    }
  }
  return out;
}

/** The columns of a terminal stream; null when it is not one (nothing is cut to fit). */
export function columnsOf(stream: { isTTY?: boolean; columns?: number }): number | null {
  return stream.isTTY === true && typeof stream.columns === "number" && stream.columns > 0 ? stream.columns : null;
}
