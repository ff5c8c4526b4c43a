import { type CoverageReport, type ExecResult, type GateContext, type GateInput, goModule, readCoverage } from "dgov/plugin";
import { fillPaths, runLine, settlementMs } from "./command-line.ts";

/** A measurement: the report, or the run that did not give one (it failed, or wrote nothing readable). */
export type Measured = { ok: true; report: CoverageReport; line: string } | { ok: false; line: string; result: ExecResult | null; problem: string };

async function quiet(ctx: GateContext, argv: string[], cwd: string): Promise<ExecResult> {
  return ctx.exec(argv, { cwd, quiet: true });
}

/**
 * The report `{output}` became: the file the tool wrote there, or, when it made a folder
 * there (`bun test --coverage-dir`, jest's `--coverageDirectory`), its `lcov.info`, else the
 * first file in it.
 */
async function reportText(ctx: GateContext, dir: string, output: string): Promise<string | null> {
  const listed = await quiet(ctx, ["find", output, "-type", "f"], dir);
  const files = listed.code === 0 ? listed.stdout.split("\n").filter(Boolean).sort() : [];
  const file = files.includes(output) ? output : (files.find((f) => f.endsWith("/lcov.info")) ?? files[0]);
  if (!file) return null;
  const read = await quiet(ctx, ["cat", "--", file], dir);
  return read.code === 0 ? read.stdout : null;
}

/** go.mod's module path, which Go cover profiles prefix their paths with. */
async function moduleOf(ctx: GateContext, dir: string): Promise<string | null> {
  const read = await quiet(ctx, ["cat", "go.mod"], dir);
  return read.code === 0 ? goModule(read.stdout) : null;
}

/**
 * Runs `cmd` in `dir` with `{output}` a path in a fresh folder inside that tree (a sandboxed
 * command may write only there), reads the report, and removes the folder whatever happened.
 */
export async function measure(ctx: GateContext, input: GateInput, cmd: string, dir: string = input.dir): Promise<Measured> {
  const made = await quiet(ctx, ["mktemp", "-d", `${dir}/.dgov-coverage-XXXXXX`], dir);
  if (made.code !== 0) throw new Error(`cannot make a folder for the coverage report in ${dir}: ${made.stderr.trim()}`);
  const folder = made.stdout.trim();
  const line = fillPaths(cmd, ["output"], [`${folder}/report`]);
  try {
    const result = await runLine(ctx, line, settlementMs(input), dir);
    if (result.code !== 0 || result.timedOut) return { ok: false, line, result, problem: result.timedOut ? "timed out" : `exited ${result.code}` };
    const text = await reportText(ctx, dir, `${folder}/report`);
    if (text === null) return { ok: false, line, result, problem: "wrote no report at {output}" };
    try {
      return { ok: true, line, report: readCoverage(text, { dir, goModule: await moduleOf(ctx, dir) }) };
    } catch (error) {
      return { ok: false, line, result, problem: `wrote a report dgov cannot read: ${(error as Error).message}` };
    }
  } finally {
    await quiet(ctx, ["rm", "-rf", "--", folder], dir);
  }
}
