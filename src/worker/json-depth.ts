/**
 * How deeply a JSON text nests arrays and objects, found without parsing it (so without
 * recursion): a model's tool arguments or a worker's protocol line nested tens of thousands
 * deep would overflow the stack of any code that walks the parsed value. Strings are skipped,
 * escapes included. Counting stops once `limit` is passed.
 */
export const MAX_JSON_DEPTH = 64;

export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (ch === 93 || ch === 125) depth--;
  }
  return max;
}
