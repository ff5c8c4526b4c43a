/**
 * Worktrees for the code-intelligence tool tests: real files (and real git where asked), a
 * prefix-sibling folder `<worktree>_evil` and a secret file outside, for containment checks.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { ExecFn, TaskScope, ToolDef, ToolResult, ToolSession, PlannerCapability } from "dgov/plugin";
import { defaultConfig, runTool } from "dgov/testing";
import { DEFAULT_IGNORE_FILES } from "../../../src/config/ignore.ts";
import type { ResolvedConfig } from "../../../src/config/resolve.ts";
import { createContext } from "../../../src/plugin/context.ts";
import { createToolEnv } from "../../../src/plugin/tool-env.ts";
import { type FixtureRepo, makeRepo } from "../../fakes/repo.ts";

export interface CodeTree extends FixtureRepo {
  /** `../<name>_evil/secret.py` seen from the worktree: a sibling whose name starts with the worktree's. */
  evilRel: string;
  /** An absolute path outside the worktree (in the sibling folder), holding `outside_secret`. */
  outside: string;
  link(rel: string, target: string): void;
}

/** A worktree (test/fakes/repo.ts) with `files`; `git: true` commits them as the base. */
export function makeTree(files: Record<string, string> = {}, opts: { git?: boolean } = {}): CodeTree {
  const repo = makeRepo(files, { git: opts.git ?? false, commit: opts.git ?? false });
  const evil = `${repo.dir}_evil`;
  mkdirSync(evil, { recursive: true });
  writeFileSync(join(evil, "secret.py"), "outside_secret = 1\n");
  const outside = join(evil, "outside.py");
  writeFileSync(outside, "def outside_secret():\n    pass\n");
  return {
    ...repo,
    evilRel: `../${basename(repo.dir)}_evil/secret.py`,
    outside,
    link(rel, target) {
      mkdirSync(dirname(join(repo.dir, rel)), { recursive: true });
      symlinkSync(target, join(repo.dir, rel));
    },
    remove() {
      repo.remove();
      rmSync(evil, { recursive: true, force: true });
    },
  };
}

/** A task scope as the runner builds it, with dgov's default ignore entries. */
export function scopeOf(claims: Partial<TaskScope["claims"]>, extra: Partial<TaskScope> = {}): TaskScope {
  return {
    taskId: "tasks/main.fix",
    claims: { create: [], edit: [], delete: [], touch: [], read: [], ...claims },
    verifyTestTargets: [],
    ignoreFiles: [...DEFAULT_IGNORE_FILES],
    allowFiles: [],
    denyFiles: [],
    ...extra,
  };
}

export interface CallOptions {
  scope?: TaskScope | null;
  session?: ToolSession;
  planner?: PlannerCapability;
  config?: ResolvedConfig;
  /** Run commands through this instead of the real sandbox (a fakeExec, or `execWithPath`). */
  exec?: ExecFn;
}

/** One tool call as the host makes it, commands run for real unless `exec` is given. */
export function call(tool: ToolDef<any, any>, args: unknown, tree: CodeTree, opts: CallOptions = {}): Promise<ToolResult> {
  return runTool(tool, args, { worktree: tree.dir, real: !opts.exec, ...opts, config: opts.config ?? defaultConfig() });
}

/** A real exec in the tool sandbox, with `dirs` in front of PATH (e.g. node_modules/.bin). */
export function execWithPath(worktree: string, dirs: string[], basePath = process.env.PATH ?? ""): { exec: ExecFn; dispose(): void } {
  const sandbox = createToolEnv(worktree, defaultConfig(), { ...process.env, PATH: [...dirs, basePath].filter(Boolean).join(":") });
  const ctx = createContext({ root: worktree, cwd: worktree, tag: "test", options: undefined, env: sandbox.env, signal: new AbortController().signal, timeoutMs: 60_000 });
  return { exec: ctx.exec, dispose: sandbox.dispose };
}

/** A config with `[project]` keys replaced. */
export function configWith(project: Partial<ResolvedConfig["project"]>): ResolvedConfig {
  const base = defaultConfig();
  return { ...base, project: { ...base.project, ...project } };
}
