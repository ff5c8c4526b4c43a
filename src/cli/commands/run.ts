import { DgovError } from "../../errors.ts";
import { defineCommand } from "../define.ts";
import { openProject, planDirArg, projectRoot } from "../project.ts";
import { EXIT, runPlan } from "../run-plan.ts";

export default defineCommand({
  args: {
    plan: { type: "positional", required: true, description: "The plan directory, or a plan name under .dgov/plans/" },
    continue: { type: "boolean", description: "Retry the tasks that failed, were abandoned, timed out or were skipped" },
    restart: { type: "boolean", description: "Forget this plan's events first (the deploy log stays: landed tasks stay landed)" },
    only: { type: "string", valueHint: "task", description: "Run only this task and its dependencies" },
    "max-parallel": { type: "string", valueHint: "n", description: "Workers at once; none starts while this many finished tasks wait to land (default: [project] max_parallel)" },
    "max-tokens": { type: "string", valueHint: "n", description: "Start no new task once the run used this many LLM tokens (default: [project] max_tokens)" },
    "max-cost": { type: "string", valueHint: "usd", description: "Start no new task once the run cost this much, from [providers.*] prices (default: [project] max_cost)" },
    "budget-mode": { type: "string", valueHint: "hard|soft", default: "hard", description: "hard: a budget reached also stops the running workers; soft: they run to their end" },
    stream: { type: "boolean", description: "Print the workers' tool calls, gate runs (with findings) and provider retries as they happen, on stderr" },
    yes: { type: "boolean", alias: "y", description: "Accepted for compatibility: the bootstrap commit never asks" },
  },
  details:
    "Compiles the plan, then runs it: each ready task gets a worktree and a worker; finished work is\n" +
    "settled (gates, commit, replay onto the target) and landed one task at a time. Exit 0 when every\n" +
    "task merged, 1 when some did not, 130 when interrupted (Ctrl-C stops; a second Ctrl-C kills).",
  async run({ args, globals }) {
    if (args["budget-mode"] !== "hard" && args["budget-mode"] !== "soft") {
      throw new DgovError({ code: "E_USAGE", message: `--budget-mode must be hard or soft, got '${args["budget-mode"]}'` });
    }
    if (args.continue && args.restart) {
      throw new DgovError({ code: "E_USAGE", message: "--continue and --restart cannot be used together", hint: "--continue resumes the plan's history; --restart forgets it first. Pick one." });
    }
    const dir = planDirArg(args.plan, globals, await projectRoot(globals.cwd));
    const project = await openProject(globals, dir);
    const status = await runPlan(dir, project, {
      continue: args.continue, restart: args.restart, stream: args.stream, ...(args.only ? { only: args.only } : {}),
      ...(args["max-parallel"] === undefined ? {} : { maxParallel: args["max-parallel"] }),
      ...(args["max-tokens"] === undefined ? {} : { maxTokens: args["max-tokens"] }),
      ...(args["max-cost"] === undefined ? {} : { maxCost: args["max-cost"] }),
      softBudgets: args["budget-mode"] === "soft",
    }, globals);
    return EXIT[status];
  },
});
