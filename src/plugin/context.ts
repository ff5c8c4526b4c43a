import { resolve } from "node:path";
import { git } from "../git/run.ts";
import { log } from "../log.ts";
import { exec, type Wrapper } from "../exec/exec.ts";
import { createWorktreeFiles } from "./files.ts";
import type { ExecFn, GateContext, PluginContext, PlannerCapability, ProjectConfig, TaskScope, ToolContext, ToolSession } from "./types.ts";

export interface ContextInit<O> {
  root: string;
  /** Default working directory of `exec` (the tree a gate judges, a tool's worktree). */
  cwd: string;
  /** Plugin and contribution, for log tags: `acme/no-todo`. */
  tag: string;
  options: O;
  /** The environment processes get; already scrubbed of secrets by the caller. */
  env: Record<string, string>;
  signal: AbortSignal;
  /** Default timeout of each command. */
  timeoutMs?: number;
  /** The OS sandbox of a command run in `cwd` (see exec/confine.ts); absent or null: unconfined. */
  confine?: (cwd: string) => Wrapper | null;
}

/** Builds the capabilities a contribution receives; `exec` goes through exec/exec.ts. */
export function createContext<O>(init: ContextInit<O>): PluginContext<O> {
  // Tagged on first use: most contexts never log, and a tagged logger is a new consola instance.
  let tagged: ReturnType<typeof log.withTag> | undefined;
  const logger = () => (tagged ??= log.withTag(init.tag));
  const run: ExecFn = (argv, options = {}) => {
    const cwd = options.cwd ? resolve(init.cwd, options.cwd) : init.cwd;
    return exec(argv, {
      cwd,
      env: { ...init.env, ...options.env },
      timeoutMs: options.timeoutMs ?? init.timeoutMs,
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
      signal: init.signal,
      sandbox: init.confine?.(cwd) ?? null,
    });
  };
  return {
    root: init.root,
    exec: run,
    log: { debug: (m) => logger().debug(m), info: (m) => logger().info(m), warn: (m) => logger().warn(m) },
    now: () => Date.now(),
    signal: init.signal,
    options: init.options,
  };
}

/** A gate's `ctx.git`: dgov's neutralized git (git/run.ts) in the judged tree `dir`, or a `cwd` relative to it. */
export function gitCapability(dir: string): GateContext["git"] {
  return (args, opts = {}) =>
    git(args, opts.cwd ? resolve(dir, opts.cwd) : dir, { timeoutMs: opts.timeoutMs ?? 60_000, ...(opts.stdin === undefined ? {} : { stdin: opts.stdin }) });
}

/** Default wall-clock limit of a tool's commands (dgov-py's 60 s). */
export const TOOL_TIMEOUT_MS = 60_000;

export interface ToolContextInit<O> {
  root: string;
  worktree: string;
  tag: string;
  options: O;
  scope: TaskScope | null;
  config: ProjectConfig;
  /** The tool environment (see tool-env.ts): the only environment tool commands get. */
  env: Record<string, string>;
  signal: AbortSignal;
  session: ToolSession;
  /** The OS sandbox of the worker's commands (null: unconfined). */
  sandbox?: Wrapper | null;
  planner?: PlannerCapability;
}

/** A tool's capabilities: `exec` and `shell` confined to the worktree and the sandbox env. */
export function createToolContext<O>(init: ToolContextInit<O>): ToolContext<O> {
  const sandbox = init.sandbox ?? null;
  const base = createContext({ ...init, cwd: init.worktree, timeoutMs: TOOL_TIMEOUT_MS, confine: () => sandbox });
  return withTools(base, init);
}

/** Adds the tool-only capabilities to a plugin context (shared with the test kit). */
export function withTools<O>(base: PluginContext<O>, init: Omit<ToolContextInit<O>, "root" | "tag" | "options" | "signal">): ToolContext<O> {
  return {
    ...base,
    worktree: init.worktree,
    scope: init.scope,
    config: init.config,
    files: createWorktreeFiles(init.worktree),
    shell: (command, opts = {}) => base.exec(["/bin/sh", "-c", command], { timeoutMs: opts.timeoutMs ?? TOOL_TIMEOUT_MS }),
    env: init.env,
    session: init.session,
    ...(init.planner ? { planner: init.planner } : {}),
    git: gitCapability(init.worktree),
  };
}
