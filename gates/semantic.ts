/**
 * The semantic gate: what a clean text merge can still get wrong, read with the syntax layer
 * for TypeScript, TSX, JavaScript, Python, Go and Rust. On the integration candidate it judges
 * the task's change against the target's movement since the task's base: the merged file does
 * not parse, a symbol is defined twice, both sides edited one symbol, or one side changed a
 * function's arity while the other added calls of the old one. Before the candidate (the task
 * commit, `dgov preflight`) only parsing and duplicates apply: nothing else moved.
 */
import { type ChangedFile, defineGate, type GateContext, type GateInput, type GateResult, grammarOf } from "dgov/plugin";
import { git } from "./git.ts";
import { analyze, type FileVersions } from "./semantic-checks.ts";
import { scoreRisk } from "./semantic-risk.ts";

/** The most files one check reads (each in up to five versions): past it, the rest are not judged. */
export const MAX_SEMANTIC_FILES = 300;

const paths = (changes: readonly ChangedFile[]) => [...new Set(changes.filter((c) => c.status !== "deleted").map((c) => c.path))];
const supported = (list: readonly string[]) => list.filter((p) => grammarOf(p) !== null);

/** A file's text at a commit, or null when the commit does not have it. */
async function show(ctx: GateContext, dir: string, sha: string, path: string): Promise<string | null> {
  const result = await ctx.git(["show", `${sha}:${path}`], { cwd: dir });
  return result.code === 0 ? result.stdout : null;
}

/** A file of the judged tree: at its commit (no checkout needed), or the working tree's before one (preflight). */
async function current(ctx: GateContext, input: GateInput, path: string): Promise<string | null> {
  if (input.headSha) return show(ctx, input.dir, input.headSha, path);
  const result = await ctx.exec(["cat", "--", path], { cwd: input.dir, quiet: true });
  return result.code === 0 ? result.stdout : null;
}

/** The target's commits since the task's base, per file they touched (short shas, newest first). */
async function targetCommits(ctx: GateContext, input: GateInput, from: string): Promise<Map<string, string[]>> {
  const out = await git(ctx, input.dir, ["log", "--no-renames", "--name-only", "--format=>%h", `${from}..${input.targetSha}`]);
  const byFile = new Map<string, string[]>();
  let sha = "";
  for (const line of out.split("\n")) {
    if (line.startsWith(">")) sha = line.slice(1);
    else if (line) byFile.set(line, [...(byFile.get(line) ?? []), sha]);
  }
  return byFile;
}

interface Sides {
  /** The task's base, and its commit (null before one exists). */
  base: string;
  task: string | null;
  taskPaths: string[];
  targetPaths: string[];
  moved: boolean;
}

/** What each side changed: on the candidate from the task's own commits, else the change judged. */
async function sides(ctx: GateContext, input: GateInput): Promise<Sides> {
  if (input.phase !== "candidate" || !input.taskBaseSha || !input.taskSha) {
    return { base: input.baseSha, task: input.headSha, taskPaths: paths(input.changed), targetPaths: [], moved: false };
  }
  const names = await git(ctx, input.dir, ["diff", "--no-renames", "--name-only", "-z", input.taskBaseSha, input.taskSha]);
  const targetPaths = paths(input.targetChanges ?? []);
  return { base: input.taskBaseSha, task: input.taskSha, taskPaths: names.split("\0").filter(Boolean), targetPaths, moved: targetPaths.length > 0 };
}

async function versions(ctx: GateContext, input: GateInput, s: Sides, path: string): Promise<FileVersions> {
  const [taskChanged, targetChanged] = [s.taskPaths.includes(path), s.targetPaths.includes(path)];
  const full = s.moved;
  const at = (sha: string | null) => (sha ? show(ctx, input.dir, sha, path) : Promise.resolve(null));
  const [integrated, baseline, base, task, target] = await Promise.all([
    current(ctx, input, path),
    at(input.baseSha),
    full ? at(s.base) : null,
    full && taskChanged ? at(s.task) : null,
    full && targetChanged ? at(input.targetSha) : null,
  ]);
  return { path, grammar: grammarOf(path)!, base, task: taskChanged ? task : base, target: targetChanged ? target : base, integrated, baseline, taskChanged, targetChanged };
}

export const semanticGate = defineGate({
  name: "semantic",
  description: "The merged files parse, define nothing twice, and the task's and the target's edits do not collide on one symbol or signature",
  phase: ["isolated", "candidate"],
  tree: false,
  // What only the target changed cannot collide with a change that touches no source file.
  skip: (input) => (supported(paths(input.changed)).length ? null : "no changed TypeScript, JavaScript, Python, Go or Rust file"),
  async check(input, ctx): Promise<GateResult> {
    const s = await sides(ctx, input);
    const all = supported([...new Set([...s.taskPaths, ...s.targetPaths])]);
    const judged = all.slice(0, MAX_SEMANTIC_FILES);
    if (all.length > judged.length) ctx.log.warn(`judging the first ${judged.length} of ${all.length} changed source files`);
    const files = await Promise.all(judged.map((p) => versions(ctx, input, s, p)));
    const commits = s.moved ? await targetCommits(ctx, input, s.base) : new Map<string, string[]>();
    const { findings, overlaps } = await analyze(files, { task: s.task?.slice(0, 8) ?? null, target: (p) => (commits.get(p) ?? []).slice(0, 5) }, s.moved);
    const risk = scoreRisk(findings, overlaps, files.filter((f) => f.taskChanged && f.targetChanged).map((f) => f.path));
    const details = { risk, files: judged.length, moved: s.moved };
    return findings.length ? { status: "fail", findings, details } : { status: "pass", details };
  },
});
