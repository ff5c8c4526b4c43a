import type { SyntaxProblem } from "./script-syntax.ts";

/*
 * JSON.parse says what is wrong but (in Bun) not where. This strict scanner walks the text
 * the way a JSON parser does and stops at the first character it would reject, for the line.
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;

/** Offset of the first invalid character of `text` as JSON, or -1 when it is valid. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const skip = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const sticky = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  const eat = (ch: string): boolean => {
    skip();
    if (text[i] !== ch) return false;
    i++;
    return true;
  };
  const value = (): boolean => {
    skip();
    if (text[i] === "{") return container("}");
    if (text[i] === "[") return container("]");
    return sticky(STRING) || sticky(LITERAL) || sticky(NUMBER);
  };
  const key = (): boolean => {
    skip();
    return sticky(STRING) && eat(":");
  };
  const member = (close: string): boolean => (close === "]" || key()) && value();
  const container = (close: string): boolean => {
    i++;
    if (eat(close)) return true;
    do if (!member(close)) return false;
    while (eat(","));
    return eat(close);
  };
  if (!value()) return i;
  skip();
  return i < text.length ? i : -1;
}

/** JSON.parse's complaint with the line it applies to, or null when the text is valid JSON. */
export function jsonSyntaxError(text: string): SyntaxProblem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const line = text.slice(0, offset < 0 ? text.length : offset).split("\n").length;
    return { line, message: (error as Error).message.replace(/^JSON Parse error: /, "") };
  }
}
