import type { CompileContext } from "../plan/compile.ts";
import { compileEmitted, type EmittedPlan } from "../plan/emitted.ts";
import type { PlannerCapability } from "../plugin/types.ts";
import type { WorkerEmit } from "./emit.ts";
import { answerOf, type LineReader } from "./stdin-lines.ts";

/**
 * A planning session's capabilities: the real compiler as emit_plan's check, the accepted plan
 * kept, and — interactive only — questions out as protocol lines, answers in on stdin.
 */
export function plannerSession(interactive: boolean, compile: CompileContext, emit: WorkerEmit, input: LineReader) {
  let accepted: Record<string, unknown> | null = null;
  const planner: PlannerCapability = {
    check: (plan) => compileEmitted(plan as unknown as EmittedPlan, compile),
    accept: (plan) => void (accepted = plan),
    ...(interactive
      ? {
          ask: async (question: string) => {
            emit({ type: "question", text: question });
            return answerOf(await input.next());
          },
        }
      : {}),
  };
  return { planner, accepted: () => accepted };
}

