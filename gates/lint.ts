import { defineGate, type Finding, type GateContext, type GateInput, type GateResult, type KeyedDiagnostic, newDiagnostics } from "dgov/plugin";
import { changedLines, sourcePaths, splitByBase } from "./changed-files.ts";
import { configured, fillPaths, runLine, settlementMs, timedOut } from "./command-line.ts";
import { checkedRun, findingText } from "./diagnostics.ts";

const KEY = "lint_cmd";

/** `lint_cmd` on `files` in the base checkout: what those files already had before the change. */
async function baseDiagnostics(ctx: GateContext, input: GateInput, files: string[]): Promise<KeyedDiagnostic[]> {
  const dir = await ctx.baselineDir();
  const line = fillPaths(input.config.project.lint_cmd, ["file"], files);
  const result = await runLine(ctx, line, settlementMs(input), dir);
  if (result.timedOut) throw new Error(`${KEY} timed out after ${settlementMs(input) / 1000}s in the base checkout: \`${line}\``);
  return checkedRun(ctx, dir, KEY, line, result, "in the base checkout");
}

/** In files the base had: the diagnostics on lines the change touched (or about the whole file). */
async function onChangedLines(ctx: GateContext, input: GateInput, found: KeyedDiagnostic[], existing: string[]): Promise<Set<KeyedDiagnostic>> {
  const on = new Set<KeyedDiagnostic>();
  for (const file of existing) {
    const lines = await changedLines(ctx, input, file);
    for (const d of found) if (d.file === file && (d.line === 0 || lines.has(d.line))) on.add(d);
  }
  return on;
}

/**
 * The diagnostics that are the worker's: all of a new file's; in a file the base had, those
 * on lines the change touched that the base does not account for (same identity, counted).
 */
async function workersDiagnostics(ctx: GateContext, input: GateInput, found: KeyedDiagnostic[]) {
  const { fresh, existing } = await splitByBase(ctx, input, [...new Set(found.map((d) => d.file))]);
  const kept = new Set(found.filter((d) => fresh.includes(d.file)));
  const on = await onChangedLines(ctx, input, found, existing);
  if (on.size) {
    const files = [...new Set([...on].map((d) => d.file))];
    const base = await baseDiagnostics(ctx, input, files);
    const inFiles = found.filter((d) => files.includes(d.file));
    for (const d of newDiagnostics(inFiles, base.filter((b) => files.includes(b.file)), { eligible: (d) => on.has(d) })) kept.add(d);
  }
  const list = found.filter((d) => kept.has(d));
  return { kept: list, scoped: list.some((d) => existing.includes(d.file)) };
}

function lintFindings(kept: KeyedDiagnostic[], scoped: boolean, line: string): Finding[] {
  const header = scoped ? "Lint failure (worker-changed lines):" : "Lint failure:";
  const summary: Finding = { rule: "lint", message: `${header} ${kept.length} diagnostic(s) from \`${line}\`` };
  return [summary, ...kept.map((d) => ({ rule: "lint", file: d.file, ...(d.line > 0 ? { line: d.line } : {}), message: findingText(d) }))];
}

/**
 * `lint_cmd` on the changed source files (spec settlement-git §2.4.2 step 2), scoped for any
 * linter: diagnostics are read from its output (JSON or human), only those in the changed
 * files count, and in a file the base already had only those on lines the change touched
 * that the base did not have on the same text. A linter that fails without one diagnostic
 * naming a file could not run: the gate's error, never a pass.
 */
export const lintGate = defineGate({
  name: "lint",
  description: "lint_cmd finds nothing on the lines the task changed",
  phase: ["isolated", "candidate"],
  skip: (input) => (!configured(input.config.project.lint_cmd) ? "no lint_cmd configured" : sourcePaths(input).length === 0 ? "no changed source files" : null),
  async check(input, ctx): Promise<GateResult> {
    const files = sourcePaths(input);
    const line = fillPaths(input.config.project.lint_cmd, ["file"], files);
    const result = await runLine(ctx, line, settlementMs(input), input.dir);
    if (result.timedOut) return { status: "fail", findings: [timedOut(KEY, "lint", line, settlementMs(input))] };
    const found = await checkedRun(ctx, input.dir, KEY, line, result, "in the task's tree");
    const inChanged = found.filter((d) => files.includes(d.file));
    const { kept, scoped } = await workersDiagnostics(ctx, input, inChanged);
    if (kept.length === 0) {
      if (found.length) ctx.log.info(`lint: ${found.length} diagnostic(s), none the task's (on lines it left alone, in files it did not change, or already in the base)`);
      return { status: "pass" };
    }
    return { status: "fail", findings: lintFindings(kept, scoped, line) };
  },
});
