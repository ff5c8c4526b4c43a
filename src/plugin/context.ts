import { resolve } from "node:path";
import { log } from "../log.ts";
import { exec } from "../runner/exec.ts";
import type { ExecFn, PluginContext } from "./types.ts";

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

/** Builds the capabilities a contribution receives; `exec` goes through runner/exec.ts. */
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
