import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { providerKeyEnvs } from "../../config/resolve.ts";
import { join } from "node:path";
import { fillPaths, hasPlaceholder } from "../../../gates/command-line.ts";
import { BASELINE_PATH, baselineJson, type CoverageReport, goModule, readCoverage } from "../../code/coverage/index.ts";
import { DgovError, errorMessage } from "../../errors.ts";
import { scrubbedEnv } from "../../exec/env.ts";
import { exec } from "../../exec/exec.ts";
import { revParse } from "../../git/repo.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject } from "../project.ts";

const HINT = "Set [project] coverage_cmd in .dgov/project.toml, with {output} where the report goes, e.g. 'bun test --coverage --coverage-reporter=lcov --coverage-dir {output}' or 'python3 -m pytest --cov=src --cov-report=json:{output} -q'.";

function configuredCommand(cmd: string | null): string {
  if (!cmd?.trim()) throw new DgovError({ code: "E_COVERAGE_CONFIG", message: "coverage_cmd is not configured in .dgov/project.toml.", hint: HINT });
  if (!hasPlaceholder(cmd, "output")) throw new DgovError({ code: "E_COVERAGE_CONFIG", message: `coverage_cmd must include an {output} placeholder: \`${cmd}\``, hint: HINT });
  return cmd.trim();
}

/** The file the tool wrote at `output`, or in the folder it made there (its lcov.info, else its first file). */
function reportFile(output: string): string | null {
  try {
    if (statSync(output).isFile()) return output;
    const files = readdirSync(output, { recursive: true, encoding: "utf8" }).map((f) => join(output, f)).filter((f) => statSync(f).isFile()).sort();
    return files.find((f) => f.endsWith("/lcov.info")) ?? files[0] ?? null;
  } catch {
    return null;
  }
}

/** Runs the command (the whole suite) in the root with `{output}` inside `.coverage-baseline/`, and reads its report. */
async function measureRoot(root: string, cmd: string, timeoutMs: number, env: Record<string, string | undefined>): Promise<CoverageReport> {
  const owned = join(root, ".coverage-baseline");
  const made = mkdirSync(owned, { recursive: true });
  const folder = mkdtempSync(join(owned, "run-"));
  try {
    const line = fillPaths(cmd, ["output"], [join(folder, "report")]);
    const result = await exec(["sh", "-c", line], { cwd: root, env, timeoutMs });
    if (result.code !== 0 || result.timedOut) {
      const said = `${result.stdout}${result.stderr}`.slice(-1000).trimEnd();
      const why = result.timedOut ? `timed out after ${timeoutMs / 1000}s` : `exited ${result.code}`;
      throw new DgovError({ code: "E_COVERAGE_RUN", exitCode: 1, message: `coverage baseline failed: \`${line}\` ${why}:\n${said}`, hint: "Make coverage_cmd pass in the project root (its tests must pass), then run `dgov coverage-baseline` again." });
    }
    const file = reportFile(join(folder, "report"));
    if (!file) throw new DgovError({ code: "E_COVERAGE_RUN", exitCode: 1, message: `coverage_cmd wrote no report at {output}: \`${line}\``, hint: HINT });
    let goMod = "";
    try {
      goMod = readFileSync(join(root, "go.mod"), "utf8");
    } catch {}
    try {
      return readCoverage(readFileSync(file, "utf8"), { dir: root, goModule: goModule(goMod) });
    } catch (error) {
      throw new DgovError({ code: "E_COVERAGE_RUN", exitCode: 1, message: `coverage command did not write a report dgov reads: ${errorMessage(error)}`, hint: HINT });
    }
  } catch (error) {
    // A failed first measurement leaves no folder behind.
    if (made) rmSync(owned, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function totals(report: CoverageReport): { files: number; covered: number; total: number; percent: number } {
  const files = Object.values(report.files);
  const covered = files.reduce((n, f) => n + f.covered, 0);
  const total = files.reduce((n, f) => n + f.total, 0);
  return { files: files.length, covered, total, percent: total ? Math.round((covered / total) * 1000) / 10 : 100 };
}

export default defineCommand({
  args: {},
  details:
    "Runs [project] coverage_cmd (the whole suite: {output} becomes a path under .coverage-baseline/)\n" +
    "in the project root and writes the per-file line coverage to .coverage-baseline/coverage.json,\n" +
    "the baseline the coverage gate compares every task with. Reads coverage.py JSON, lcov and Go\n" +
    "cover profiles. Commit the file; tasks may not change it.",
  async run({ globals }) {
    const project = await openProject(globals);
    const config = project.loaded.config;
    const cmd = configuredCommand(config.project.coverage_cmd);
    const env = scrubbedEnv(process.env, providerKeyEnvs(config));
    const report = await measureRoot(project.root, cmd, config.project.settlement_timeout * 1000, env);
    const meta = { tool: report.format, command: cmd, created_at: new Date().toISOString(), commit: await revParse(project.root, "HEAD") };
    const path = join(project.root, BASELINE_PATH);
    writeFileSync(`${path}.tmp`, baselineJson(report, meta));
    renameSync(`${path}.tmp`, path);
    const sum = totals(report);
    if (globals.json) await printJson({ path: BASELINE_PATH, ...meta, ...sum });
    else await printText(`Coverage baseline saved at ${BASELINE_PATH}: ${sum.files} file(s), ${sum.percent.toFixed(1)}% of ${sum.total} lines covered (${report.format}).`);
    return 0;
  },
});
