import { defineGate, type Finding, type GateContext, type GateInput, type GateResult } from "dgov/plugin";
import { changedLines, sourcePaths, splitByBase } from "./changed-files.ts";
import { configured, fillPaths, notFound, outputOf, runLine, settlementMs, timedOut } from "./command-line.ts";
import { type Diagnostic, parseDiagnostics, relativePath } from "./diagnostics.ts";

/** Does `path` name a file in the judged tree? (A parsed "location" in prose names none.) */
async function isFile(ctx: GateContext, input: GateInput, path: string): Promise<boolean> {
  return (await ctx.exec(["test", "-f", path], { cwd: input.dir })).code === 0;
}

/**
 * The diagnostics that are the worker's: all of a new file's, and a pre-existing file's on
 * lines the change touched. `counted` is how many diagnostics named a real file at all.
 */
async function workersDiagnostics(ctx: GateContext, input: GateInput, found: Diagnostic[], linted: string[]) {
  const inChanged = found.filter((d) => linted.includes(d.file));
  let counted = inChanged.length;
  for (const file of new Set(found.filter((d) => !linted.includes(d.file)).map((d) => d.file))) {
    if (await isFile(ctx, input, file)) counted += found.filter((d) => d.file === file).length;
  }
  const { fresh, existing } = await splitByBase(ctx, input, [...new Set(inChanged.map((d) => d.file))]);
  const kept = inChanged.filter((d) => fresh.includes(d.file));
  for (const file of existing) {
    const lines = await changedLines(ctx, input, file);
    kept.push(...inChanged.filter((d) => d.file === file && lines.has(d.line)));
  }
  return { kept, counted, scoped: kept.some((d) => existing.includes(d.file)) };
}

function lintFindings(kept: Diagnostic[], scoped: boolean, line: string): Finding[] {
  const header = scoped ? "Lint failure (worker-changed lines):" : "Lint failure:";
  const summary: Finding = { rule: "lint", message: `${header} ${kept.length} diagnostic(s) from \`${line}\`` };
  return [summary, ...kept.map((d) => ({ rule: "lint", file: d.file, line: d.line, message: [d.code, d.message].filter(Boolean).join(" ") }))];
}

/**
 * `lint_cmd` on the changed source files (spec settlement-git §2.4.2 step 2), scoped for any
 * linter: diagnostics are read from its output, and in a file the base already had only those
 * on lines the change touched count. Output no diagnostic can be read from fails whole.
 */
export const lintGate = defineGate({
  name: "lint",
  description: "lint_cmd finds nothing on the lines the task changed",
  phase: ["isolated", "candidate"],
  skip: (input) => (!configured(input.config.project.lint_cmd) ? "no lint_cmd configured" : sourcePaths(input).length === 0 ? "no changed source files" : null),
  async check(input, ctx): Promise<GateResult> {
    const cmd = input.config.project.lint_cmd;
    const files = sourcePaths(input);
    const line = fillPaths(cmd, ["file"], files);
    const result = await runLine(ctx, line, settlementMs(input), input.dir);
    if (result.timedOut) return { status: "fail", findings: [timedOut("lint_cmd", "lint", line, settlementMs(input))] };
    if (result.code === 0) return { status: "pass" };
    if (result.code === 127) return { status: "fail", findings: [notFound("lint_cmd", "lint", line, result)] };
    const output = outputOf(result);
    const found = parseDiagnostics(output).map((d) => ({ ...d, file: relativePath(d.file, input.dir) }));
    const { kept, counted, scoped } = await workersDiagnostics(ctx, input, found, files);
    if (counted === 0) return { status: "fail", findings: [{ rule: "lint", message: `Lint failure:\n${output.trimEnd()}` }] };
    if (kept.length === 0) {
      ctx.log.info(`lint: ${counted} diagnostic(s), none on the task's lines (pre-existing)`);
      return { status: "pass" };
    }
    return { status: "fail", findings: lintFindings(kept, scoped, line) };
  },
});
