import { COVERAGE_BASELINE_PATH, type CoverageReport, coverageDrops, defineGate, dropMessage, type Finding, type GateContext, type GateInput, type GateResult, isTestFile, readCoverageBaseline, stripAnsi } from "dgov/plugin";
import { hasExtension, sourcePaths } from "./changed-files.ts";
import { clip, configured, hasPlaceholder, notFound, outputOf } from "./command-line.ts";
import { type Measured, measure } from "./coverage-run.ts";

const KEY = "coverage_cmd";
const MAKE_BASELINE = "run `dgov coverage-baseline` in the project root (and commit .coverage-baseline/coverage.json) to record one";

/** Does the change touch a test (a test file, or anything under `[project] test_dir`)? */
function touchesTests(input: GateInput): boolean {
  const testDir = input.config.project.test_dir.replace(/^\.\/?/, "").replace(/\/?$/, "/");
  const paths = input.changed.flatMap((c) => [c.path, ...(c.oldPath ? [c.oldPath] : [])]);
  return paths.some((p) => isTestFile(p, null) || p.endsWith("_test.go") || (testDir !== "/" && p.startsWith(testDir)));
}

/**
 * The files judged: the changed source files; and when the change touches tests, every file
 * the baseline measured that is still there, since a removed or weakened test lowers the
 * coverage of files the change never opened.
 */
function judged(input: GateInput, baseline: CoverageReport): string[] {
  const sources = sourcePaths(input);
  if (!touchesTests(input)) return sources;
  const gone = new Set(input.changed.filter((c) => c.status === "deleted" || c.status === "renamed").map((c) => c.oldPath ?? c.path));
  const measured = Object.keys(baseline.files).filter((p) => !gone.has(p) && hasExtension(p, input.config.project.source_extensions));
  return [...new Set([...sources, ...measured])];
}

/** The baseline, read from the project root (never the judged tree, which the worker wrote); null when there is none. */
async function baselineOf(ctx: GateContext, input: GateInput): Promise<CoverageReport | null> {
  // By absolute path from the judged tree: a sandboxed command is confined to its cwd, and the root is no tree to write in.
  const read = await ctx.exec(["cat", "--", `${ctx.root}/${COVERAGE_BASELINE_PATH}`], { cwd: input.dir, quiet: true });
  if (read.code !== 0) return null;
  try {
    return readCoverageBaseline(read.stdout);
  } catch (error) {
    throw new Error(`${COVERAGE_BASELINE_PATH} in ${ctx.root} is not a coverage baseline (${(error as Error).message}); run \`dgov coverage-baseline\` again`);
  }
}

function unmeasured(m: Extract<Measured, { ok: false }>): Finding {
  if (m.result?.code === 127 && !m.result.timedOut) return notFound(KEY, "coverage", m.line, m.result);
  const output = m.result ? clip(stripAnsi(outputOf(m.result))).trimEnd() : "";
  return {
    rule: "coverage",
    message: `Coverage could not be measured: \`${m.line}\` ${m.problem}${output ? `:\n${output}` : ""}`,
    hint: `Make \`${m.line}\` succeed (its tests must pass); coverage is judged on its report.`,
  };
}

function dropFindings(input: GateInput, baseline: CoverageReport, current: CoverageReport, paths: string[]): Finding[] {
  const threshold = input.config.project.coverage_threshold;
  return coverageDrops(baseline, current, paths, threshold).map((drop) => ({
    rule: "coverage",
    file: drop.file,
    message: dropMessage(drop, threshold),
    hint: `Keep (or add) tests that run ${drop.file}: its line coverage may fall by at most ${threshold} points from the baseline.`,
  }));
}

/**
 * The coverage ratchet (spec settlement-git §2.4.2 step 5): `coverage_cmd` on the task commit,
 * its report compared per file with `.coverage-baseline/coverage.json` of the project root; a
 * judged file whose line coverage fell by more than `coverage_threshold` points fails. Unlike
 * dgov-py a command that fails or writes no report fails the gate (not a silent pass), and a
 * change that only deletes tests is judged on the files those tests ran.
 */
export const coverageGate = defineGate({
  name: "coverage",
  description: "Line coverage of the changed files does not fall below the baseline by more than coverage_threshold points",
  phase: "isolated",
  skip(input) {
    const cmd = input.config.project.coverage_cmd;
    if (!configured(cmd)) return "no coverage_cmd configured ([project] coverage_cmd, with {output} where the report goes)";
    if (!hasPlaceholder(cmd, "output")) return "coverage_cmd has no {output} placeholder: dgov cannot tell where the report goes";
    return sourcePaths(input).length || touchesTests(input) ? null : "no changed source or test file";
  },
  async check(input, ctx): Promise<GateResult> {
    const baseline = await baselineOf(ctx, input);
    if (!baseline) return { status: "skip", reason: `no coverage baseline at ${COVERAGE_BASELINE_PATH}: ${MAKE_BASELINE}` };
    const paths = judged(input, baseline).filter((p) => baseline.files[p]);
    if (!paths.length) return { status: "skip", reason: "no changed file the baseline measured" };
    const measured = await measure(ctx, input, input.config.project.coverage_cmd!);
    if (!measured.ok) return { status: "fail", findings: [unmeasured(measured)] };
    const details = { format: measured.report.format, judged: paths };
    const findings = dropFindings(input, baseline, measured.report, paths);
    return findings.length ? { status: "fail", findings, details } : { status: "pass", details };
  },
});
