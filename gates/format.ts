import { defineGate, type GateResult } from "dgov/plugin";
import { sourcePaths, splitByBase } from "./changed-files.ts";
import { clip, configured, fillPaths, notFound, outputOf, runLine, settlementMs, timedOut } from "./command-line.ts";

/**
 * `format_check_cmd` on the task's new source files (spec settlement-git §2.4.2 step 2). A file
 * the base already had gets no check: autofix formatted the worker's lines of it, and a check
 * of the whole file would fail on old code the worker never touched.
 */
const NO_NEW_FILES = "no new source files (files the base had get no format check)";

export const formatGate = defineGate({
  name: "format",
  description: "format_check_cmd passes on the source files the task added",
  phase: ["isolated", "candidate"],
  skip: (input) => (!configured(input.config.project.format_check_cmd) ? "no format_check_cmd configured" : sourcePaths(input).length === 0 ? NO_NEW_FILES : null),
  async check(input, ctx): Promise<GateResult> {
    const cmd = input.config.project.format_check_cmd;
    const { fresh } = await splitByBase(ctx, input, sourcePaths(input));
    if (fresh.length === 0) return { status: "skip", reason: NO_NEW_FILES };
    const line = fillPaths(cmd, ["file"], fresh);
    const result = await runLine(ctx, line, settlementMs(input), input.dir);
    if (result.timedOut) return { status: "fail", findings: [timedOut("format_check_cmd", "format", line, settlementMs(input))] };
    if (result.code === 0) return { status: "pass" };
    if (result.code === 127) return { status: "fail", findings: [notFound("format_check_cmd", "format", line, result)] };
    return {
      status: "fail",
      findings: [{ rule: "format", message: `Format failure:\n${clip(outputOf(result)).trimEnd()}`, hint: `Format the new files (\`${line}\` checks them).` }],
    };
  },
});
