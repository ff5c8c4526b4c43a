import { globMatch } from "../config/glob.ts";
import { outputTail, runSteps, shellLine, VERIFY_TIMEOUT_MS } from "../verify/steps.ts";
import type { Registered, RegisteredPlugin } from "./registry.ts";
import type { GateDef, GateInput, VerifyDef } from "./types.ts";

/** Does the change touch a path the recipe verifies? Rename sources count (they disappear). */
function touches(recipe: VerifyDef, input: GateInput): boolean {
  return input.changed.some((c) => recipe.match.some((m) => globMatch(m, c.path) || (c.oldPath !== undefined && globMatch(m, c.oldPath))));
}

/**
 * The settlement gate of one plugin recipe (dgov-py never ran recipes in settlement, §8.22):
 * `verify-<name>`, on the task branch and on the candidate, when the change touches one of
 * its `match` globs. A step that fails rejects the task with the tail of its output; a step
 * whose program is missing is the gate's own error.
 */
export function verifyGate(recipe: VerifyDef): GateDef {
  return {
    name: `verify-${recipe.name}`,
    description: recipe.description ? `Verify recipe: ${recipe.description}` : `Runs verify recipe '${recipe.name}' on changes matching ${recipe.match.join(" ")}`,
    phase: ["isolated", "candidate"],
    appliesTo: (input) => touches(recipe, input),
    async check(input, ctx) {
      const outcome = await runSteps(recipe.steps, (argv, timeoutMs) => ctx.exec(argv, { cwd: input.dir, timeoutMs }), { headers: false });
      const step = outcome.failedStep;
      if (!step) return { status: "pass" };
      if (outcome.exitCode === 127) throw new Error(`step '${step.id}': cannot run ${shellLine(step.argv)}: ${outcome.output.trim() || "program not found"}`);
      const why = outcome.timedOut ? `timed out after ${(step.timeoutMs ?? VERIFY_TIMEOUT_MS) / 1000}s` : `exit ${outcome.exitCode}`;
      const tail = outputTail(outcome.output);
      return {
        status: "fail",
        findings: [{
          rule: `verify/${recipe.name}`,
          message: `Verify recipe '${recipe.name}' step '${step.id}' failed (${why}):${tail ? `\n${tail}` : ""}`,
          hint: `Fix what \`${shellLine(step.argv)}\` reports; \`dgov verify run ${recipe.name}\` runs the recipe locally.`,
        }],
      };
    },
  };
}

/**
 * One gate per plugin recipe, owned by the recipe's plugin (so `[gates.verify-<name>] level`
 * applies and `dgov plugins list` shows it). A clash with a gate of the same name is a problem.
 */
export function verifyGates(recipes: Registered<VerifyDef>[], gates: Registered<GateDef>[], where: (p: RegisteredPlugin) => string, problems: string[]): Registered<GateDef>[] {
  const out: Registered<GateDef>[] = [];
  for (const { def, plugin } of recipes) {
    const gate = verifyGate(def);
    const clash = gates.find((g) => g.def.name === gate.name);
    if (clash) {
      problems.push(
        `duplicate gate '${gate.name}': defined by plugin '${clash.plugin.def.name}' (${where(clash.plugin)}) and derived from verify recipe '${def.name}' of plugin '${plugin.def.name}' (${where(plugin)})`,
      );
      continue;
    }
    out.push({ def: gate, plugin });
  }
  return out;
}
