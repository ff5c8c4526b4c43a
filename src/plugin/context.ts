import { resolve } from "node:path";
import { log } from "../log.ts";
import { exec } from "../exec/exec.ts";
import { createWorktreeFiles } from "./files.ts";
import type { ExecFn, PluginContext, ProjectConfig, TaskScope, ToolContext, ToolSession } from "./types.ts";

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
}

/** Builds the capabilities a contribution receives; `exec` goes through exec/exec.ts. */
export function createContext<O>(init: ContextInit<O>): PluginContext<O> {
  const tagged = log.withTag(init.tag);
  const run: ExecFn = (argv, options = {}) =>
    exec(argv, {
      cwd: options.cwd ? resolve(init.cwd, options.cwd) : init.cwd,
      env: { ...init.env, ...options.env },
      timeoutMs: options.timeoutMs ?? init.timeoutMs,
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
      signal: init.signal,
    });
  return {
    root: init.root,
    exec: run,
    log: { debug: (m) => tagged.debug(m), info: (m) => tagged.info(m), warn: (m) => tagged.warn(m) },
    now: () => Date.now(),
    signal: init.signal,
    options: init.options,
  };
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
  /** The sandbox environment (see sandbox.ts): the only environment tool commands get. */
  env: Record<string, string>;
  signal: AbortSignal;
  session: ToolSession;
}

/** A tool's capabilities: `exec` and `shell` confined to the worktree and the sandbox env. */
export function createToolContext<O>(init: ToolContextInit<O>): ToolContext<O> {
  const base = createContext({ ...init, cwd: init.worktree, timeoutMs: TOOL_TIMEOUT_MS });
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
  };
}
