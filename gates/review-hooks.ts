import { defineGate, type GateInput, type GateResult } from "dgov/plugin";
import * as v from "valibot";
import { presentPaths } from "./changed-files.ts";
import { fillPaths, outputOf, runLine } from "./command-line.ts";

/** `[gates.review-hooks] timeout_s`: each hook's wall-clock limit (spec settlement-git §2.10: 30 s). */
const options = v.object({ timeout_s: v.optional(v.pipe(v.number(), v.minValue(0.1)), 30) });

const hooks = (input: GateInput) => input.config.project.review_hooks.filter((h) => h.trim());

/**
 * `[project] review_hooks` (spec settlement-git §2.1 step 6): each a shell line run in the
 * worktree before the commit; `{file}` and `{files}` become the changed paths that still exist
 * (dgov-py also passed rename sources that were gone, §8.11). The first non-zero exit fails.
 */
export const reviewHooksGate = defineGate({
  name: "review-hooks",
  description: "The project's review hooks ([project] review_hooks) pass on the changed files",
  phase: "review",
  options,
  // Known up front: with no hooks nothing runs, and settlement guards no tree for it.
  skip: (input) => (hooks(input).length === 0 ? "no [project] review_hooks configured" : null),
  async check(input, ctx): Promise<GateResult> {
    const paths = presentPaths(input);
    const timeoutMs = ctx.options.timeout_s * 1000;
    let ran = 0;
    for (const hook of hooks(input)) {
      // With no files, `grep … {files}` would read stdin: such a hook has nothing to judge.
      if (/\{files?\}/.test(hook) && paths.length === 0) continue;
      ran++;
      const result = await runLine(ctx, fillPaths(hook, ["files", "file"], paths), timeoutMs, input.dir);
      if (result.timedOut) {
        return { status: "fail", findings: [{ rule: "review-hooks/timeout", message: `Review hook timed out after ${ctx.options.timeout_s}s: ${hook}` }] };
      }
      if (result.code !== 0) {
        return { status: "fail", findings: [{ rule: "review-hooks/failed", message: `Review hook failed: ${hook}\n${outputOf(result)}`.trimEnd() }] };
      }
    }
    return ran ? { status: "pass" } : { status: "skip", reason: "only deletions changed: no file for the review hooks" };
  },
});
