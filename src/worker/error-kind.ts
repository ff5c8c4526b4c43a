/**
 * The kind of a failed tool call, for `dgov tools audit` (spec workers-llm §4.6). Policy
 * rejections are classified first, whatever else their text says (dgov-py counted most of
 * them as `unknown` or `validation_failed`, B17).
 */
const KINDS: [kind: string, pattern: RegExp][] = [
  ["policy_blocked", /not allowed|policy|traversal attempt blocked|may not change|outside this task's/],
  ["not_found", /not found|no such file|does not exist/],
  ["ambiguous_match", /multiple|ambiguous|matches \d+ locations/],
  ["timeout", /timed out|timeout/],
  ["command_failed", /exit code|command failed|failed:/],
  ["validation_failed", /requires|invalid|malformed|must|expected/],
];

export function errorKind(error: string): string {
  const text = error.toLowerCase();
  return KINDS.find(([, pattern]) => pattern.test(text))?.[0] ?? "unknown";
}
