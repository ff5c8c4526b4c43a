import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";

/** Words that are shell syntax, builtins, or dgov's own worker tools, never programs to find. */
const NOT_PROGRAMS = new Set([
  "cd", "echo", "test", "[", "export", "true", "false", "set", "exit", "source", ".", "printf", "read",
  "if", "then", "else", "fi", "for", "do", "done", "while", "env", "!",
]);
const HEADING = /^\s*(?:#{1,6}\s*|\*\*\s*)?(orient|edit|verify)\b\s*(?:\*\*)?\s*:?/i;

/** The lines of the prompt's Verify section (up to the next Orient/Edit heading). */
function verifySection(prompt: string): string {
  const lines = prompt.split("\n");
  const start = lines.findIndex((l) => HEADING.exec(l)?.[1]?.toLowerCase() === "verify");
  if (start === -1) return "";
  const rest = lines.slice(start);
  const end = rest.findIndex((l, i) => i > 0 && /^(orient|edit)$/i.test(HEADING.exec(l)?.[1] ?? ""));
  return (end === -1 ? rest : rest.slice(0, end)).join("\n");
}

/** The program a backticked snippet would run, or null when it does not look like a command. */
export function commandProgram(snippet: string): string | null {
  const tokens = snippet.trim().split(/\s+/).filter((t) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(t));
  const first = tokens[0];
  if (!first || !/^[A-Za-z0-9_./-]+$/.test(first) || first.startsWith("-") || NOT_PROGRAMS.has(first)) return null;
  // A lone `project.toml` is a file name and a lone `scope_status` a tool or identifier.
  if (tokens.length === 1 && /[._]/.test(first)) return null;
  if (/[(){}]/.test(snippet)) return null;
  return first;
}

/**
 * Programs that the Verify section tells the worker to run but that are not on this
 * machine's PATH (or, for paths, do not exist under the project root).
 */
export function missingVerifyTools(prompt: string, root: string): string[] {
  const missing = new Set<string>();
  for (const match of verifySection(prompt).matchAll(/`([^`\n]+)`/g)) {
    const program = commandProgram(match[1]!);
    if (!program) continue;
    const found = program.includes("/")
      ? existsSync(isAbsolute(program) ? program : join(root, program))
      : Bun.which(program) !== null;
    if (!found) missing.add(program);
  }
  return [...missing].map(
    (tool) => `Verify command references tool '${tool}', which is not available in the worker PATH. Configure the tool in .dgov/project.toml or use an available wrapper.`,
  );
}
