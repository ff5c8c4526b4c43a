import { defineGate, type ExecResult, type Finding, type GateContext, type GateInput, type GateResult, stripAnsi } from "dgov/plugin";
import { sourcePaths, splitByBase } from "./changed-files.ts";
import { clip, configured, fillPaths, hasPlaceholder, outputOf, runLine, settlementMs } from "./command-line.ts";
import { cannotRun, outputTail } from "./diagnostics.ts";

const KEY = "format_check_cmd";
/** How much of a check's output a finding quotes (its head and tail when longer). */
const OUTPUT_CHARS = 4_000;
const quoted = (check: Check) => clip(stripAnsi(outputOf(check.result)).trimEnd(), OUTPUT_CHARS);
// A checker that is not there prints these whatever its exit status: no file was judged.
const MISSING = /Cannot find (?:module|package)|ERR_MODULE_NOT_FOUND|No module named|ModuleNotFoundError|no such command|is not installed|command not found/i;

interface Check {
  line: string;
  result: ExecResult;
}

interface Failed {
  file: string;
  check: Check;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Which of `paths` the output of a check run in `dir` names (relative, `./`-prefixed, or under `dir`). */
function mentionedPaths(result: ExecResult, dir: string, paths: readonly string[]): string[] {
  const text = stripAnsi(outputOf(result)).split(`${dir.replace(/\/+$/, "")}/`).join("");
  return paths.filter((p) => new RegExp(`(?:^|[\\s'"\`([]|\\./)${escaped(p)}(?=$|[\\s:'"\`),\\]])`, "m").test(text));
}

/** `format_check_cmd` on `files` in `dir`. A checker that cannot run, or runs out of time, is the gate's error. */
async function run(ctx: GateContext, input: GateInput, dir: string, files: readonly string[], where: string): Promise<Check> {
  const line = fillPaths(input.config.project.format_check_cmd, ["file"], files);
  const result = await runLine(ctx, line, settlementMs(input), dir);
  if (result.timedOut) throw new Error(`${KEY} timed out after ${settlementMs(input) / 1000}s ${where}: \`${line}\``);
  if (result.code === 127 || result.code === 126 || (result.code !== 0 && MISSING.test(outputTail(result)))) throw cannotRun(KEY, line, result, where);
  return { line, result };
}

/** Which of `files` fail the check in `dir`: all at once first (`together`, if already run), then one by one. */
async function failing(ctx: GateContext, input: GateInput, dir: string, files: readonly string[], where: string, together?: Check): Promise<Failed[]> {
  const all = together ?? (await run(ctx, input, dir, files, where));
  if (all.result.code === 0) return [];
  if (files.length === 1) return [{ file: files[0]!, check: all }];
  const failed: Failed[] = [];
  for (const file of files) {
    const one = await run(ctx, input, dir, [file], where);
    if (one.result.code !== 0) failed.push({ file, check: one });
  }
  return failed;
}

/**
 * The findings: a summary naming the command, then one per file not formatted. The checker's
 * output is quoted once when one run judged them all (`whole`: a whole-tree check that named
 * none of the changed files), else under each file.
 */
function failure(input: GateInput, line: string, failed: readonly Failed[], fresh: readonly string[], whole?: Check): GateResult {
  const files = failed.map((f) => f.file);
  const shared = whole ?? (new Set(failed.map((f) => f.check)).size === 1 ? failed[0]!.check : undefined);
  const fix = configured(input.config.project.format_cmd) ? ` (\`${fillPaths(input.config.project.format_cmd, ["file"], files)}\` does it)` : "";
  const what = files.length ? `${files.length} file(s) not formatted` : "it fails where the base passes";
  const summary: Finding = {
    rule: "format",
    message: `Format failure from \`${line}\`: ${what}${shared ? `:\n${quoted(shared)}` : ""}`,
    hint: `Format ${files.join(", ") || "the changed files"} as \`${line}\` expects${fix}.`,
  };
  const each = failed.map((f) => ({
    rule: "format",
    file: f.file,
    message: `not formatted (${fresh.includes(f.file) ? "a new file" : "the base version was"})${shared ? "" : `:\n${quoted(f.check)}`}`,
  }));
  return { status: "fail", findings: [summary, ...each] };
}

const unattributable = (files: readonly string[], line: string) =>
  `${files.join(", ")}: already unformatted at the base (\`${line}\` fails there too), so not the task's to fix`;

/** A check of named files: new ones must pass; a file the base had fails only when its base version passes. */
async function checkFiles(ctx: GateContext, input: GateInput, paths: string[]): Promise<GateResult> {
  const first = await run(ctx, input, input.dir, paths, "in the task's tree");
  if (first.result.code === 0) return { status: "pass" };
  const { fresh, existing } = await splitByBase(ctx, input, paths);
  const failed = await failing(ctx, input, input.dir, paths, "in the task's tree", first);
  const old = failed.filter((f) => existing.includes(f.file));
  const atBase = old.length ? await failing(ctx, input, await ctx.baselineDir(), old.map((f) => f.file), "in the base checkout") : [];
  const skipped = atBase.map((f) => f.file);
  const workers = failed.filter((f) => !skipped.includes(f.file));
  if (skipped.length) ctx.log.info(`format: ${unattributable(skipped, first.line)}`);
  if (workers.length) return failure(input, first.line, workers, fresh);
  // Nothing judged but files that cannot be attributed: the gate says so instead of passing.
  return skipped.length === paths.length ? { status: "skip", reason: unattributable(skipped, first.line) } : { status: "pass" };
}

/**
 * A check of the whole tree (no `{file}`: `cargo fmt --check`): a failure is the task's when
 * the base passes, or when the output names changed files the base's output does not.
 */
async function checkTree(ctx: GateContext, input: GateInput, paths: string[]): Promise<GateResult> {
  const tree = await run(ctx, input, input.dir, [], "in the task's tree");
  if (tree.result.code === 0) return { status: "pass" };
  const baseDir = await ctx.baselineDir();
  const base = await run(ctx, input, baseDir, [], "in the base checkout");
  const named = mentionedPaths(tree.result, input.dir, paths);
  const old = base.result.code === 0 ? [] : mentionedPaths(base.result, baseDir, paths);
  const workers = named.filter((p) => !old.includes(p));
  const { fresh } = await splitByBase(ctx, input, paths);
  if (base.result.code === 0 && workers.length === 0) return failure(input, tree.line, [], fresh, tree);
  if (workers.length) return failure(input, tree.line, workers.map((file) => ({ file, check: tree })), fresh);
  const reason = `\`${tree.line}\` fails at the base too, and names no changed file the base had formatted`;
  ctx.log.info(`format: ${reason}`);
  return { status: "skip", reason };
}

/**
 * Candidate phase: formatting is judged file by file, so the isolated verdict on the task's
 * files stands when the target's movement changed none of them and nothing but source files
 * (a formatter's configuration is not one: .prettierrc, biome.json, pyproject.toml, …).
 */
function verdictStands(input: GateInput): boolean {
  const moved = input.targetChanges;
  if (input.phase !== "candidate" || !moved?.length) return false;
  const mine = new Set(input.changed.flatMap((c) => [c.path, ...(c.oldPath ? [c.oldPath] : [])]));
  const sources = input.config.project.source_extensions.filter(Boolean);
  return moved.every((c) => ![c.path, c.oldPath].some((p) => p !== undefined && (mine.has(p) || !sources.some((ext) => p.endsWith(ext)))));
}

/**
 * `format_check_cmd` on the changed source files (spec settlement-git §2.4.2 step 2, fixing
 * its "pre-existing files get no format check"): a new file must pass; a file the base had
 * fails when the base version passed the check and the task's does not (the worker
 * unformatted it). A file already unformatted at the base is not the task's: skipped, noted.
 */
export const formatGate = defineGate({
  name: "format",
  description: "format_check_cmd passes on the source files the task added or left formatted",
  phase: ["isolated", "candidate"],
  skip: (input) => {
    if (!configured(input.config.project.format_check_cmd)) return "no format_check_cmd configured";
    if (sourcePaths(input).length === 0) return "no changed source files";
    return verdictStands(input) ? "the target's changes since the task's base touch none of its files and no formatter configuration: the verdict on the task's commit stands" : null;
  },
  check(input, ctx) {
    const paths = sourcePaths(input);
    return hasPlaceholder(input.config.project.format_check_cmd, "file") ? checkFiles(ctx, input, paths) : checkTree(ctx, input, paths);
  },
});
