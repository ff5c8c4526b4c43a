/** `<file>:<line>: message`, or `<file>: message` when the problem has no single line. */
export function located(file: string, line: number | undefined, message: string): string {
  return line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`;
}
