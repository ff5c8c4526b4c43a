import { git } from "../git/run.ts";
import type { Unit } from "../plan/types.ts";

const DIFF_CHARS = 20_000;

/** A reviewer's verdict: its `done` summary as JSON `{approved, issues}`, else its words. */
export interface Verdict {
  approved: boolean;
  issues: string[];
}

/**
 * The first JSON object in `text` with an `approved` or `issues` key. Every `{` that can open
 * an object is tried against every later `}`, so braces in the surrounding prose (`{name}`)
 * cannot hide the verdict (the words around it always say "approved", which would pass it).
 */
function verdictObject(text: string): { approved?: unknown; issues?: unknown } | null {
  const starts = [...text.matchAll(/\{\s*["}]/g)].map((m) => m.index).slice(0, 50);
  const ends = [...text.matchAll(/\}/g)].map((m) => m.index).reverse();
  for (const start of starts) {
    for (const end of ends) {
      if (end < start) break;
      try {
        const value: unknown = JSON.parse(text.slice(start, end + 1));
        if (value && typeof value === "object" && !Array.isArray(value) && ("approved" in value || "issues" in value)) return value;
      } catch {
        // Not this span: try a shorter one.
      }
    }
  }
  return null;
}

/**
 * Reads a verdict from a reviewer's summary: JSON (possibly in a code fence) with `approved`
 * (default true) and `issues`; otherwise the text heuristics of spec workers-llm §6.2.
 */
export function parseVerdict(summary: string | null): Verdict {
  if (!summary?.trim()) return { approved: true, issues: [] };
  const value = verdictObject(summary);
  if (value) {
    const issues = Array.isArray(value.issues) ? value.issues.map((i) => (typeof i === "string" ? i : JSON.stringify(i))) : [];
    return { approved: value.approved !== false, issues };
  }
  const text = summary.toLowerCase();
  if (["no issues", "looks good", "approved", "lgtm"].some((w) => text.includes(w))) return { approved: true, issues: [] };
  if (["issue", "bug", "error", "incorrect", "wrong", "missing"].some((w) => text.includes(w))) return { approved: false, issues: [summary.trim()] };
  return { approved: true, issues: [] };
}

async function commitDiff(root: string, sha: string): Promise<string> {
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
