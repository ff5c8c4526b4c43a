import * as v from "valibot";
import { errorMessage } from "../errors.ts";
import { droppedKeys, formatKeyPath, isTopLevelUnknownKey, type Problem, problemsFromIssues } from "../problems.ts";
import type { GateContext, GateDef, GateInput, GateResult, ToolContext, ToolDef, ToolResult } from "./types.ts";

/** A gate's verdict as the host records it: the gate's own result, or an error (which blocks). */
export type GateOutcome = GateResult | { status: "error"; error: string };

const findingShape = v.strictObject({
  rule: v.pipe(v.string(), v.nonEmpty()),
  message: v.string(),
  file: v.optional(v.string()),
  line: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  files: v.optional(v.array(v.string())),
  hint: v.optional(v.string()),
});

const details = v.optional(v.record(v.string(), v.unknown()));
const gateResultShape = v.variant("status", [
  v.strictObject({ status: v.literal("pass"), details }),
  v.strictObject({ status: v.literal("fail"), findings: v.pipe(v.array(findingShape), v.minLength(1)), details }),
  v.strictObject({ status: v.literal("skip"), reason: v.string(), details }),
]);

const toolResultShape = v.variant("ok", [
  v.strictObject({ ok: v.literal(true), output: v.string(), writes: v.optional(v.array(v.string())) }),
  v.strictObject({ ok: v.literal(false), error: v.string() }),
]);

function describeIssues(issues: readonly v.BaseIssue<unknown>[], schema: v.GenericSchema): string {
  return problemsFromIssues(issues, schema)
    .map((p) => (p.path.length ? `${formatKeyPath(p.path).replace(/^\[([^\]]*)\]/, "$1")}: ${p.message}` : p.message))
    .join("; ");
}

/**
 * Validates options against a contribution's schema (none means: takes no options).
 * `hostKeys` are keys of the same table the host itself reads (`level`), for hints only.
 */
export function parseOptions(
  schema: v.GenericSchema | undefined,
  raw: unknown,
  hostKeys: readonly string[] = [],
): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  const effective = schema ?? v.strictObject({});
  const given = raw ?? {};
  const result = v.safeParse(effective, given);
  // Undeclared top-level keys are reported once, by droppedKeys, with the host's keys as hints.
  const issues = result.success ? [] : result.issues.filter((i) => !isTopLevelUnknownKey(i));
  const problems = [...problemsFromIssues(issues, effective), ...droppedKeys(effective, given, hostKeys)];
  return problems.length === 0 && result.success ? { ok: true, value: result.output } : { ok: false, problems };
}

/**
 * Does the gate get past `appliesTo` and `skip` for this input, i.e. will `check` run? A hook
 * that throws counts as yes: running it records the error.
 */
export function gateWillCheck<O>(gate: GateDef<O>, input: GateInput): boolean {
  try {
    return (!gate.appliesTo || gate.appliesTo(input)) && !gate.skip?.(input);
  } catch {
    return true;
  }
}

/**
 * Runs one gate. An exception, or a result of the wrong shape, becomes an `error` outcome
 * naming the gate: never a silent pass.
 */
export async function runGateCheck<O>(gate: GateDef<O>, input: GateInput, ctx: GateContext<O>): Promise<GateOutcome> {
  try {
    if (gate.appliesTo && !gate.appliesTo(input)) return { status: "skip", reason: "does not apply to this change" };
    const reason = gate.skip?.(input);
    if (reason) return { status: "skip", reason };
    const result = await gate.check(input, ctx);
    const checked = v.safeParse(gateResultShape, result);
    if (!checked.success) {
      return { status: "error", error: `gate '${gate.name}' returned an invalid result: ${describeIssues(checked.issues, gateResultShape)}` };
    }
    return result;
  } catch (error) {
    return { status: "error", error: `gate '${gate.name}' threw: ${errorMessage(error)}` };
  }
}

/**
 * Runs one tool call as the model made it: arguments are validated first, and any failure
 * (bad arguments, an exception, a malformed result) comes back as `{ ok: false }`.
 */
export async function runToolCall<O>(tool: ToolDef<v.GenericSchema, O>, rawArgs: unknown, ctx: ToolContext<O>): Promise<ToolResult> {
  const parsed = v.safeParse(tool.args, rawArgs);
  if (!parsed.success) {
    return { ok: false, error: `invalid arguments for ${tool.name}: ${describeIssues(parsed.issues, tool.args)}` };
  }
  try {
    const result = await tool.run(parsed.output, ctx);
    const checked = v.safeParse(toolResultShape, result);
    if (!checked.success) {
      return { ok: false, error: `tool ${tool.name} returned an invalid result: ${describeIssues(checked.issues, toolResultShape)}` };
    }
    return result;
  } catch (error) {
    return { ok: false, error: `${tool.name} failed: ${errorMessage(error)}` };
  }
}
