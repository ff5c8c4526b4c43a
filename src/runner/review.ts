import * as v from "valibot";
import { git } from "../git/run.ts";
import type { Unit } from "../plan/types.ts";

const DIFF_CHARS = 20_000;

/**
 * A reviewer's verdict. Only an explicit, well-formed approval approves: anything else — prose,
 * an empty answer, JSON without `approved: true|false` — is a rejection whose `reason` says why
 * the verdict could not be read (fail closed; dgov-py passed "Not approved: …" as approved).
 */
export interface Verdict {
  approved: boolean;
  issues: string[];
  /** Set when no well-formed verdict was given: why this counts as a rejection. */
  unreadable?: string;
}

const issue = v.union([v.string(), v.looseObject({ file: v.optional(v.string()), line: v.optional(v.number()), message: v.optional(v.string()) })]);
const verdictShape = v.strictObject({ approved: v.boolean(), issues: v.optional(v.array(issue), []) });

/** The verdict text: the whole summary, or the one fenced block that is the whole summary. */
function verdictText(summary: string): string {
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(summary);
  return fenced ? fenced[1]!.trim() : summary;
}

const issueText = (i: v.InferOutput<typeof issue>) =>
  typeof i === "string" ? i : `${i.file ?? ""}${i.line ? `:${i.line}` : ""}${i.file ? ": " : ""}${i.message ?? JSON.stringify(i)}`;

const unreadable = (why: string, summary: string): Verdict => ({ approved: false, issues: [summary.trim() || "(empty verdict)"], unreadable: why });

/** Reads a reviewer's `done` summary: strict JSON `{"approved": bool, "issues": [...]}`, else a rejection. */
export function parseVerdict(summary: string | null): Verdict {
  const text = verdictText((summary ?? "").trim());
  if (!text) return unreadable("the reviewer gave an empty verdict", "");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return unreadable('the verdict is not JSON: a review must end with done(summary={"approved": true|false, "issues": [...]})', text);
  }
  const parsed = v.safeParse(verdictShape, value);
  if (!parsed.success) return unreadable(`the verdict JSON is malformed (${parsed.issues.map((i) => `${v.getDotPath(i) ?? "verdict"}: ${i.message}`).join("; ")})`, text);
  return { approved: parsed.output.approved, issues: parsed.output.issues.map(issueText) };
}

export async function commitDiff(root: string, sha: string): Promise<string> {
  const shown = await git(["show", "--stat", "--patch", "--no-color", "--no-ext-diff", "--no-textconv", sha], root, { timeoutMs: 10_000 });
  const text = shown.code === 0 ? shown.stdout : `(git show ${sha.slice(0, 8)} failed)`;
  return text.length > DIFF_CHARS ? `${text.slice(0, DIFF_CHARS)}\n... [diff truncated]` : text;
}

/**
 * The prompt of a reviewer task: the landed commits of its dependencies, the task's own
 * prompt as guidance, and the verdict format.
 */
export async function reviewerPrompt(root: string, unit: Unit, landed: (id: string) => string | null): Promise<string> {
  const parts: string[] = [];
  for (const dep of unit.dependsOn) {
    const sha = landed(dep);
    parts.push(sha ? `### ${dep} (${sha.slice(0, 8)})\n\`\`\`diff\n${await commitDiff(root, sha)}\n\`\`\`` : `### ${dep}\n(not landed: nothing to review)`);
  }
  return `Review the changes below, which other tasks of this plan landed. Judge correctness, tests and scope; cite files and lines.

${parts.length ? parts.join("\n\n") : "(this task has no dependencies: review the repository as the guidance says)"}

Additional review guidance:
${unit.prompt}

Finish by calling done with summary set to a JSON verdict and nothing else:
{"approved": true, "issues": []}   or   {"approved": false, "issues": ["<file>:<line>: <problem>", "..."]}`;
}
