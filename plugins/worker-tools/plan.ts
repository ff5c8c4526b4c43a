import { defineTool } from "dgov/plugin";
import * as v from "valibot";
import { planProblem } from "./plan-check.ts";

const text = (description: string) => v.pipe(v.string(), v.description(description));
const paths = (description: string) => v.optional(v.pipe(v.array(v.string()), v.description(description)), []);

const taskSchema = v.object({
  slug: text("Task id: letters, digits, '-' and '_' only."),
  summary: text("One line: what the task achieves."),
  prompt: text("The worker's full instructions, self-contained, with Orient / Edit / Verify steps."),
  commit_message: text("Imperative commit message."),
  files: v.optional(
    v.pipe(
      v.strictObject({
        create: paths("Files the task creates (must not exist yet)."),
        edit: paths("Existing files the task changes."),
        touch: paths("Files the task may create or change."),
        read: paths("Files the task only reads (e.g. tests to run)."),
      }),
      v.description("File claims: a worker may change only what it claims."),
    ),
  ),
  // Any JSON here: a wrong shape gets the planner's own message, not a schema error.
  depends_on: v.optional(v.pipe(v.unknown(), v.description("Slugs of tasks that must land first (a list of strings)."))),
  role: v.optional(v.pipe(v.picklist(["worker", "researcher", "reviewer"]), v.description("Who runs the task; default worker."))),
});

/**
 * emit_plan (spec §6.1): the planner's only output. Checked first as the spec's planner does
 * (its messages), then by dgov's real compiler (cycles, unknown references, claim conflicts,
 * with file, key and line); an error goes back to the planner to fix and emit again.
 */
export const emitPlan = defineTool({
  name: "emit_plan",
  description: "Emit the finished plan (1–5 self-contained tasks with exact file claims). This ends planning.",
  args: v.strictObject({
    name: text("Plan name, kebab-case."),
    summary: text("What the plan achieves, and any assumptions made."),
    tasks: v.pipe(v.array(taskSchema), v.description("The tasks, in order.")),
    config_overrides: v.optional(
      v.pipe(v.record(v.string(), v.string()), v.description("Project config corrections backed by evidence: src_dir, test_dir, test_cmd, lint_cmd, lint_fix_cmd, format_cmd, language.")),
    ),
  }),
  roles: ["planner"],
  effect: "read",
  run(args, ctx) {
    const problem = planProblem(args);
    if (problem) return { ok: false, error: problem };
    if (!ctx.planner) return { ok: false, error: "emit_plan is only available in a planning session (dgov plan create)." };
    const compiled = ctx.planner.check(args);
    if (compiled) return { ok: false, error: `The plan does not compile:\n${compiled}\nFix these problems and call emit_plan again with the whole plan.` };
    ctx.planner.accept(args);
    return { ok: true, output: args.summary || "Plan emitted." };
  },
});
