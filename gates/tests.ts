import { defineGate, type ExecResult, type GateInput, type GateResult } from "dgov/plugin";
import { clip, configured, fillPaths, hasPlaceholder, notFound, outputOf, runLine, settlementMs } from "./command-line.ts";
import { testTargets } from "./test-targets.ts";

/** Exit 0 passes; 5 is pytest's "no tests collected", a pass only for a pytest command (the configured one, not its targets). */
export function testsPassed(cmd: string, result: ExecResult): boolean {
  return result.code === 0 || (result.code === 5 && /\bpytest\b/.test(cmd));
}

/**
 * The failure the worker reads. Its first line is exactly ``Test failure from `<command>`:``:
 * a settlement retry requires a passing run of that command (src/runner/scope.ts).
 */
export function testFailure(line: string, result: ExecResult, timeoutS: number): string {
  const why = result.timedOut ? `(timed out after ${timeoutS}s)\n` : "";
  return `Test failure from \`${line}\`:\n${why}${clip(outputOf(result)).trimEnd()}`;
}

const testCommands = (input: GateInput) => [...new Set([input.task?.testCmd, input.config.project.test_cmd].filter(configured).map((c) => c.trim()))];

/**
 * The task's `test_cmd`, then `[project] test_cmd` (spec settlement-git §2.4.2 step 4): each
 * with `{test_dir}` → the targets (no targets: that command is skipped), or run literally
 * without the placeholder. The first failing command fails the gate.
 */
export const testsGate = defineGate({
  name: "tests",
  description: "The task's and the project's test commands pass on the tests the change concerns",
  phase: ["isolated", "candidate"],
  skip: (input) => (testCommands(input).length ? null : "no test_cmd configured"),
  async check(input, ctx): Promise<GateResult> {
    const commands = testCommands(input);
    let targets: string[] | null = null;
    let ran = 0;
    for (const cmd of commands) {
      if (hasPlaceholder(cmd, "test_dir")) targets ??= await testTargets(ctx, input);
      if (hasPlaceholder(cmd, "test_dir") && targets!.length === 0) continue;
      const line = targets ? fillPaths(cmd, ["test_dir"], targets) : cmd;
      const result = await runLine(ctx, line, settlementMs(input), input.dir);
      ran++;
      if (result.code === 127 && !result.timedOut) return { status: "fail", findings: [notFound("test_cmd", "tests", line, result)] };
      if (!testsPassed(cmd, result)) {
        return { status: "fail", findings: [{ rule: "tests", message: testFailure(line, result, input.config.project.settlement_timeout), hint: `Make \`${line}\` pass.` }] };
      }
    }
    return ran ? { status: "pass" } : { status: "skip", reason: "no test targets: no changed or claimed tests, none related to the changed files" };
  },
});
