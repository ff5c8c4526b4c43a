/**
 * Repositories for end-to-end runs with `command` workers: every task gets its own shell
 * script as `[agents.<slug>] command`, run in the task worktree with the prompt on stdin.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { dgov, dgovAsync, type DgovRun } from "./dgov.ts";
import { taskFolder } from "../../src/git/worktree.ts";
import { type FixtureRepo, makeRepo, worktreeFolders } from "./repo.ts";

export interface RunTask {
  slug: string;
  /** Shell run in the worktree; `$DGOV_TASK`, `$DGOV_ATTEMPT` are set, the prompt is on stdin. */
  script: string;
  deps?: string[];
  create?: string[];
  edit?: string[];
  read?: string[];
  timeout?: number;
  prompt?: string;
}

export interface RunRepo {
  repo: FixtureRepo;
  /** `dgov run <plan> …` through the compiled binary. */
  run(args?: string[], env?: Record<string, string>): DgovRun;
  dgov(args: string[], env?: Record<string, string>): DgovRun;
  /** `dgov run <plan> …` without blocking: for runs of several plans at once. */
  runAsync(plan: string, args?: string[]): Promise<DgovRun>;
  log(): string[];
  deployed(): { plan: string; unit: string; sha: string }[];
  /** Task worktrees and settlement checkouts left next to the project (parked ones aside). */
  worktrees(): string[];
  /** Parked checkouts, kept for the next tasks (see src/git/worktree.ts). */
  parked(): string[];
  /** The worktree folder of task `t/m.<slug>` of plan p. */
  worktree(slug: string): string;
  branches(): string[];
  remove(): void;
}

const quote = (s: string) => JSON.stringify(s);

function taskToml(t: RunTask): string {
  const lines = [
    `[tasks.${t.slug}]`,
    `summary = ${quote(`task ${t.slug}`)}`,
    `prompt = ${quote(t.prompt ?? `Orient:\nLook around.\nEdit:\nDo ${t.slug}.\nVerify:\nCheck it.`)}`,
    `commit_message = ${quote(`Task ${t.slug}`)}`,
    `agent = ${quote(t.slug)}`,
  ];
  if (t.deps?.length) lines.push(`depends_on = ${JSON.stringify(t.deps)}`);
  if (t.create?.length) lines.push(`files.create = ${JSON.stringify(t.create)}`);
  if (t.edit?.length) lines.push(`files.edit = ${JSON.stringify(t.edit)}`);
  if (t.read?.length) lines.push(`files.read = ${JSON.stringify(t.read)}`);
  if (t.timeout) lines.push(`timeout_s = ${t.timeout}`);
  return lines.join("\n");
}

function planFiles(name: string, tasks: RunTask[], extra = ""): Record<string, string> {
  return {
    [`.dgov/plans/${name}/_root.toml`]: `[plan]\nname = "${name}"\nsections = ["t"]\n${extra}\n`,
    [`.dgov/plans/${name}/t/m.toml`]: tasks.map(taskToml).join("\n\n"),
  };
}

/**
 * A committed repo holding plan `p` (section `t`, file `m`: ids are `t/m.<slug>`), and the
 * `plans` given besides (same layout; slugs must be unique across plans: they name agents).
 */
export function runRepo(
  tasks: RunTask[],
  opts: { files?: Record<string, string>; project?: string; plan?: string; plans?: Record<string, RunTask[]>; extra?: string } = {},
): RunRepo {
  const others = Object.entries(opts.plans ?? {});
  const agents = [...tasks, ...others.flatMap(([, t]) => t)].map((t) => `[agents.${t.slug}]\ncommand = ["sh", "-c", ${quote(t.script)}]`).join("\n\n");
  const repo = makeRepo({
    "README.md": "# fixture\n",
    ".dgov/.gitignore": "state.db*\nruns.log\nout/\nruntime/\nplans/deployed.jsonl\nplans/*/_compiled.toml\nplans/archive/*/_compiled.toml\n",
    ".dgov/project.toml": `[project]\nlanguage = "unknown"\narchive_completed = false\n${opts.project ?? ""}\n\n${agents}\n${opts.extra ?? ""}\n`,
    ...planFiles("p", tasks, opts.plan),
    ...Object.assign({}, ...others.map(([name, t]) => planFiles(name, t, opts.plan))),
    ...opts.files,
  }, { commit: true });
  const worktreeRoot = join(dirname(repo.dir), `.dgov-worktrees-${basename(repo.dir)}`);
  const call = (args: string[], env?: Record<string, string>) => dgov(args, { cwd: repo.dir, ...(env ? { env } : {}) });
  return {
    repo,
    run: (args = [], env) => call(["run", "p", ...args], env),
    dgov: call,
    runAsync: (plan, args = []) => dgovAsync(["run", plan, ...args], { cwd: repo.dir }),
    log: () => repo.git("log", "--format=%s", "main").trim().split("\n"),
    deployed: () =>
      existsSync(join(repo.dir, ".dgov/plans/deployed.jsonl"))
        ? readFileSync(join(repo.dir, ".dgov/plans/deployed.jsonl"), "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l))
        : [],
    worktrees: () => worktreeFolders(worktreeRoot).tasks,
    parked: () => worktreeFolders(worktreeRoot).parked,
    worktree: (slug) => join(worktreeRoot, taskFolder(`t/m.${slug}`)),
    branches: () => repo.git("branch", "--format=%(refname:short)").trim().split("\n").filter((b) => b.startsWith("dgov/")),
    remove() {
      repo.remove();
      rmSync(worktreeRoot, { recursive: true, force: true });
    },
  };
}
