import { DgovError } from "../../errors.ts";
import { dirtyPaths, ensureHead } from "../../git/bootstrap.ts";
import { gitTopLevel } from "../../git/run.ts";
import { workingChanges } from "../../git/status.ts";
import type { KernelState, RunStatus } from "../../kernel/types.ts";
import { log } from "../../log.ts";
import { compileTree } from "../../plan/compile.ts";
import { startRunner } from "../../runner/run.ts";
import { writeFileAtomic } from "../../write-file.ts";
import { defineCommand } from "../define.ts";
import { columns, printJson, printText } from "../output.ts";
import { createProgress } from "../progress.ts";
import { compileContext, openProject, planDirArg } from "../project.ts";
import { onInterrupt } from "../signals.ts";

const EXIT: Record<RunStatus, 0 | 1 | 130> = { complete: 0, partial: 1, failed: 1, interrupted: 130 };
/** How long a graceful stop may take before the remaining work is killed. */
const STOP_DEADLINE_MS = 30_000;

/** Worktrees branch from the target head: uncommitted files would diverge from what tasks see. */
async function requireClean(root: string, json: boolean): Promise<void> {
  const dirty = dirtyPaths((await workingChanges(root)) ?? []);
  if (dirty.length === 0) return;
  const shown = dirty.slice(0, 10);
  throw new DgovError({
    code: "E_DIRTY",
    message: `working tree has uncommitted changes (${dirty.length} path${dirty.length === 1 ? "" : "s"}); worktrees branch from HEAD, so they would not see them`,
    details: [...shown, ...(dirty.length > shown.length ? [`… and ${dirty.length - shown.length} more`] : [])],
    hint: "Commit or stash your changes, then retry.",
    exitCode: 2,
  });
}

function summarize(state: KernelState, status: RunStatus) {
  const tasks = state.order.map((id) => {
    const t = state.tasks[id]!;
    return { id, state: t.state, attempts: t.attempt, sha: t.sha, error: t.state === "merged" ? null : t.lastError };
  });
  const counts: Record<string, number> = {};
  for (const t of tasks) counts[t.state] = (counts[t.state] ?? 0) + 1;
  return { status, counts, tasks };
}

export default defineCommand({
  args: {
    plan: { type: "positional", required: true, description: "The plan directory, or a plan name under .dgov/plans/" },
    continue: { type: "boolean", description: "Retry the tasks that failed, were abandoned, timed out or were skipped" },
    restart: { type: "boolean", description: "Forget this plan's events first (the deploy log stays: landed tasks stay landed)" },
    only: { type: "string", valueHint: "task", description: "Run only this task and its dependencies" },
    "max-parallel": { type: "string", valueHint: "n", description: "Workers at once (default: [project] max_parallel)" },
    yes: { type: "boolean", alias: "y", description: "Accepted for compatibility: the bootstrap commit never asks" },
  },
  details:
    "Compiles the plan, then runs it: each ready task gets a worktree and a worker; finished work is\n" +
    "settled (gates, commit, replay onto the target) and landed one task at a time. Exit 0 when every\n" +
    "task merged, 1 when some did not, 130 when interrupted (Ctrl-C stops; a second Ctrl-C kills).",
  async run({ args, globals }) {
    const dir = planDirArg(args.plan, globals);
    const project = await openProject(globals, dir);
    if ((await gitTopLevel(project.root)) === null) {
      throw new DgovError({ code: "E_NOT_GIT", message: "dgov run requires a git repository", hint: "Run `git init` and commit the project first." });
    }
    const snapshot = await ensureHead(project.root);
    if (snapshot) log.info(`Created bootstrap commit from current working tree (${snapshot} file(s)).`);
    await requireClean(project.root, globals.json);
    const compiled = compileTree(dir, compileContext(project, false));
    writeFileAtomic(compiled.output, compiled.text);
    for (const w of compiled.warnings) log.warn(w.unit ? `[${w.unit}] ${w.message}` : w.message);
    const maxParallel = args["max-parallel"] === undefined ? project.loaded.config.project.max_parallel : Number(args["max-parallel"]);
    if (!Number.isInteger(maxParallel) || maxParallel < 1) throw new DgovError({ code: "E_USAGE", message: `--max-parallel must be a positive integer, got '${args["max-parallel"]}'` });
    const progress = createProgress();
    const started = performance.now();
    const handle = await startRunner({
      root: project.root, planDir: dir, plan: compiled.plan, config: project.loaded.config, registry: project.registry,
      maxParallel, resume: Boolean(args.continue), restart: Boolean(args.restart), ...(args.only ? { only: args.only } : {}),
      onTransition: progress.onTransition,
    });
    let deadline: Timer | undefined;
    const stopped = new Promise<never>((_, reject) => {
      onInterrupt({
        first: () => {
          log.warn("interrupt: stopping (running work is stopped; Ctrl-C again to kill at once)");
          handle.stop();
          deadline = setTimeout(() => {
            handle.forceStop();
            reject(new DgovError({ code: "E_INTERRUPTED", message: `the run did not stop within ${STOP_DEADLINE_MS / 1000}s; its remaining processes were killed`, hint: "`dgov run --continue` resumes it.", exitCode: 130 }));
          }, STOP_DEADLINE_MS);
        },
        second: () => handle.forceStop(),
      });
    });
    const { status, state } = await Promise.race([handle.done, stopped]).finally(() => {
      clearTimeout(deadline);
      onInterrupt(null);
      progress.end();
    });
    const summary = { run: handle.run, plan: handle.plan, duration_s: Math.round(performance.now() - started) / 1000, ...summarize(state, status) };
    if (globals.json) await printJson(summary);
    else {
      const head = `Run ${summary.run} of plan '${summary.plan}': ${status} in ${summary.duration_s.toFixed(1)}s`;
      const rows = summary.tasks.map((t) => [`  ${t.id}`, t.state, String(t.attempts), t.sha?.slice(0, 7) ?? (t.error?.split("\n")[0] ?? "")]);
      await printText([head, columns([["  task", "state", "attempts", "sha / last error"], ...rows])].join("\n"));
    }
    return EXIT[status];
  },
});
