import { defineGate, type ExecResult, type Finding, type GateContext, type GateInput, type GateResult, stripAnsi, type TestRunner, testRunnerOf } from "dgov/plugin";
import * as v from "valibot";
import { clip, configured, fillPaths, hasPlaceholder, notFound, outputOf, runLine, settlementMs } from "./command-line.ts";
import { baseSuite, type TestPlan, testPlan } from "./test-targets.ts";

/** Exit 0 passes; 5 is pytest's "no tests collected", a pass only for a pytest command (the configured one, not its targets). */
export function testsPassed(cmd: string, result: ExecResult): boolean {
  return result.code === 0 || (result.code === 5 && /\bpytest\b/.test(cmd));
}

/**
 * The failure the worker reads. Its first line is exactly ``Test failure from `<command>`:``:
 * a settlement retry requires a passing run of that command (src/runner/scope.ts). When the
 * whole suite ran because the import graph could not choose, the second line says why.
 */
export function testFailure(line: string, result: ExecResult, timeoutS: number, whole: string | null = null): string {
  const why = `${whole ? `(the whole suite ran: ${whole})\n` : ""}${result.timedOut ? `(timed out after ${timeoutS}s)\n` : ""}`;
  return `Test failure from \`${line}\`:\n${why}${clip(stripAnsi(outputOf(result))).trimEnd()}`;
}

const testCommands = (input: GateInput) => [...new Set([input.task?.testCmd, input.config.project.test_cmd].filter(configured).map((c) => c.trim()))];

/** The import graph's bound, in files, unless `[gates.tests] max_graph_files` says otherwise. */
export const MAX_GRAPH_FILES = 5000;

const options = v.strictObject({
  max_graph_files: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.description("The most files the import graph of test selection visits; beyond it the whole suite runs.")),
    MAX_GRAPH_FILES,
  ),
});
type Options = v.InferOutput<typeof options>;

/** The plan for each runner, made once per check. */
function planner(ctx: GateContext<Options>, input: GateInput): (runner: TestRunner | null) => Promise<TestPlan> {
  const plans = new Map<TestRunner | null, Promise<TestPlan>>();
  return (runner) => {
    if (!plans.has(runner)) plans.set(runner, testPlan(ctx, input, runner, ctx.options?.max_graph_files ?? MAX_GRAPH_FILES));
    return plans.get(runner)!;
  };
}

/** One command's verdict: it ran and passed, it failed (the finding), or it was not judged (why). */
type Verdict = { status: "pass" } | { status: "fail"; finding: Finding } | { status: "skip"; reason: string };

/** What a command was given, for the run's record: its targets, or why the whole suite ran. */
interface Selection {
  command: string;
  targets: string[] | null;
  whole?: string;
}

const selectionOf = (cmd: string, plan: TestPlan | null): Selection => ({
  command: cmd,
  targets: plan && plan.kind !== "none" ? plan.targets : null,
  ...(plan?.kind === "whole" ? { whole: plan.reason } : {}),
});

/**
 * Does the base fail its own whole suite too? Then a failing whole suite (run because the
 * graph could not choose) does not tell whether this change broke anything: a red target
 * branch would otherwise block every such change, whatever it touched.
 */
async function failsAtBase(ctx: GateContext<Options>, input: GateInput, cmd: string): Promise<boolean> {
  const base = await baseSuite(ctx, input, testRunnerOf(cmd));
  if (!base) return false;
  return !testsPassed(cmd, await runLine(ctx, fillPaths(cmd, ["test_dir"], base.targets), settlementMs(input), base.dir));
}

/** Runs one configured command with what `{test_dir}` became (`plan`, null without the placeholder). */
async function judge(ctx: GateContext<Options>, input: GateInput, cmd: string, plan: TestPlan | null): Promise<Verdict> {
  if (plan?.kind === "none") return { status: "skip", reason: `no test targets: ${plan.reason}` };
  const line = plan ? fillPaths(cmd, ["test_dir"], plan.targets) : cmd;
  const whole = plan?.kind === "whole" ? plan.reason : null;
  if (whole) ctx.log.info(`running the whole suite: ${whole}`);
  const result = await runLine(ctx, line, settlementMs(input), input.dir);
  if (result.code === 127 && !result.timedOut) return { status: "fail", finding: notFound("test_cmd", "tests", line, result) };
  if (testsPassed(cmd, result)) return { status: "pass" };
  if (whole && (await failsAtBase(ctx, input, cmd))) {
    return { status: "skip", reason: `the whole suite (${whole}) fails at the base too, so \`${line}\` cannot tell whether this change broke it` };
  }
  return { status: "fail", finding: { rule: "tests", message: testFailure(line, result, input.config.project.settlement_timeout, whole), hint: `Make \`${line}\` pass.` } };
}

/**
 * The task's `test_cmd`, then `[project] test_cmd` (spec settlement-git §2.4.2 step 4): each
 * with `{test_dir}` → the tests the change concerns, in the form its runner takes (nothing to
 * run: that command is skipped; the import graph cannot choose: the whole suite), or run
 * literally without the placeholder. The first failing command fails the gate.
 */
export const testsGate = defineGate({
  name: "tests",
  description: "The task's and the project's test commands pass on the tests the change concerns",
  phase: ["isolated", "candidate"],
  options,
  skip: (input) => (testCommands(input).length ? null : "no test_cmd configured"),
  async check(input, ctx): Promise<GateResult> {
    const plan = planner(ctx, input);
    const skipped: string[] = [];
    const selections: Selection[] = [];
    let ran = 0;
    for (const cmd of testCommands(input)) {
      const chosen = hasPlaceholder(cmd, "test_dir") ? await plan(testRunnerOf(cmd)) : null;
      selections.push(selectionOf(cmd, chosen));
      const verdict = await judge(ctx, input, cmd, chosen);
      if (verdict.status === "fail") return { status: "fail", findings: [verdict.finding], details: { selections } };
      if (verdict.status === "pass") ran++;
      else skipped.push(verdict.reason);
    }
    if (ran && skipped.length) ctx.log.warn(`not judged: ${skipped.join("; ")}`);
    return ran ? { status: "pass", details: { selections } } : { status: "skip", reason: [...new Set(skipped)].join("; "), details: { selections } };
  },
});
