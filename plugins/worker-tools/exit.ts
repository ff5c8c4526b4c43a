import { defineTool } from "dgov/plugin";
import * as v from "valibot";
import { TESTS_PASSED } from "./verify.ts";

/** done (spec §2.8/§2.9): the worker's last call. A settlement retry must first pass its tests. */
export const done = defineTool({
  name: "done",
  description: "Finish the task: call this once the work is complete and verified, with a short summary of what changed.",
  args: v.strictObject({
    summary: v.pipe(v.string(), v.description("What was done, in a few sentences.")),
  }),
  roles: ["worker", "researcher", "reviewer"],
  effect: "read",
  run({ summary }, ctx) {
    const scope = ctx.scope;
    if (scope?.requireTestVerification && ctx.session.get(TESTS_PASSED) !== true) {
      const command = scope.requiredVerificationCommand?.trim();
      const failing = command ? ` Failing settlement command: \`${command}\`.` : "";
      return { ok: false, error: `Settlement retry after a test failure requires a successful run_tests() call before done.${failing}` };
    }
    return { ok: true, output: summary };
  },
});

/** ask_user (spec §6.1): the interactive planner's one question at a time to the user. */
export const askUser = defineTool({
  name: "ask_user",
  description: "Ask the user one question (interactive planning only) and wait for the answer. Include your recommended answer.",
  args: v.strictObject({
    question: v.pipe(v.string(), v.description("One question, with a recommended answer.")),
  }),
  roles: ["planner"],
  effect: "read",
  async run({ question }, ctx) {
    const ask = ctx.planner?.ask;
    if (!ask) return { ok: false, error: "ask_user is not available in autonomous mode." };
    try {
      const answer = await ask(question);
      return { ok: true, output: String(answer ?? "").trim() === "" ? "(no answer provided)" : String(answer) };
    } catch (error) {
      return { ok: false, error: `ask_user could not get an answer: ${(error as Error).message ?? String(error)}` };
    }
  },
});
