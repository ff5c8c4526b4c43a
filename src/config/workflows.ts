/**
 * The shell lines a repository's CI runs, read from GitHub Actions workflows. Detection
 * trusts them over declarations: a tool CI runs is a tool the project uses, with the flags
 * (`tsc -p tsconfig.check.json`) it uses. No YAML library: only `run:` keys are read, inline
 * or as a block scalar, which is all a step's command can be.
 */

const RUN_KEY = /^(\s*)(-\s+)?run:\s*(.*)$/;
const BLOCK = /^[|>][-+0-9]*\s*(#.*)?$/;

/** `"npm test"` → `npm test`; a trailing `# comment` dropped. */
function inlineValue(raw: string): string {
  const value = raw.trim();
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length > 1) return value.slice(1, -1);
  return value.replace(/\s+#.*$/, "");
}

/** Lines of a block scalar: those indented deeper than its key, backslash continuations joined. */
function blockLines(lines: string[], start: number, keyIndent: number): { commands: string[]; next: number } {
  const commands: string[] = [];
  let i = start;
  let pending = "";
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() !== "" && line.length - line.trimStart().length <= keyIndent) break;
    const text = line.trim();
    if (text === "" || text.startsWith("#")) continue;
    pending += text.endsWith("\\") ? `${text.slice(0, -1).trimEnd()} ` : text;
    if (!text.endsWith("\\")) {
      commands.push(pending);
      pending = "";
    }
  }
  if (pending) commands.push(pending.trim());
  return { commands, next: i };
}

/** The `run:` command lines of one workflow file, in order. */
export function workflowRunLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const commands: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = RUN_KEY.exec(lines[i]!);
    if (!m) continue;
    const keyIndent = m[1]!.length + (m[2]?.length ?? 0);
    if (BLOCK.test(m[3]!)) {
      const block = blockLines(lines, i + 1, keyIndent);
      commands.push(...block.commands);
      i = block.next - 1;
    } else if (m[3]!.trim()) {
      commands.push(inlineValue(m[3]!));
    }
  }
  return commands;
}

/** Workflow files among the repository's files. */
export function isWorkflow(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}
