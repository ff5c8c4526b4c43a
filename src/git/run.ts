import { DgovError } from "../errors.ts";
import { exec, type ExecResult } from "../exec/exec.ts";

/** Variables that would point git at another repository (set when dgov runs inside a hook). */
const REPO_OVERRIDES = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_PREFIX"];

/** The environment git runs with: the caller's, minus repository overrides, never prompting. */
export function gitEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", ...extra };
  for (const name of REPO_OVERRIDES) delete env[name];
  return env;
}

/** Who dgov's own commits are by (`[git] name/email`, default dgov-worker <agent@dgov.local>). */
export interface GitIdentity {
  name: string;
  email: string;
}

/**
 * The environment of git commands that write (worktrees, commits, refs): a fixed identity,
 * and no user or system config, so global hooks, commit signing or aliases cannot interfere.
 */
export function writeEnv(identity: GitIdentity): Record<string, string | undefined> {
  return gitEnv({
    GIT_AUTHOR_NAME: identity.name,
    GIT_AUTHOR_EMAIL: identity.email,
    GIT_COMMITTER_NAME: identity.name,
    GIT_COMMITTER_EMAIL: identity.email,
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
  });
}

export interface GitOptions {
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  stdin?: string;
}

/** Runs `git <args>` in `cwd` and returns the raw result (exit codes decide, not messages). */
export function git(args: readonly string[], cwd: string, opts: GitOptions = {}): Promise<ExecResult> {
  return exec(["git", ...args], {
    cwd,
    env: opts.env ?? gitEnv(),
    timeoutMs: opts.timeoutMs ?? 60_000,
    ...(opts.stdin === undefined ? {} : { stdin: opts.stdin }),
  });
}

/** Runs git and returns stdout; a non-zero exit is a DgovError with git's own message. */
export async function gitOut(args: readonly string[], cwd: string, opts: GitOptions = {}): Promise<string> {
  const result = await git(args, cwd, opts);
  if (result.code !== 0) {
    throw new DgovError({
      code: "E_GIT",
      message: `git ${args.join(" ")} failed in ${cwd}: ${result.stderr.trim() || `exit ${result.code}`}`,
      exitCode: 1,
    });
  }
  return result.stdout;
}

/** The top level of the git work tree containing `dir`, or null when it is not in one. */
export async function gitTopLevel(dir: string): Promise<string | null> {
  const result = await git(["rev-parse", "--show-toplevel"], dir);
  return result.code === 0 ? result.stdout.trim() : null;
}
