import { DgovError } from "../errors.ts";
import { exec, type ExecResult } from "../exec/exec.ts";
import { neutralConfig } from "./neutral.ts";

/**
 * What dgov's git gets of the caller's environment: where programs and the user's own git
 * config are, and who and where the user is. An allowlist: no API key or other secret, no
 * `GIT_*` variable (which could point git at another repository, an external diff, a pager).
 */
const PASSED = ["PATH", "HOME", "USER", "LOGNAME", "TZ", "TMPDIR", "XDG_CONFIG_HOME"];

/** The environment git runs with: the allowlist, never prompting, C locale. */
export function gitEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const name of PASSED) if (process.env[name] !== undefined) env[name] = process.env[name];
  return { ...env, GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", LC_ALL: "C", ...extra };
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

/**
 * Runs `git <args>` in `cwd` and returns the raw result (exit codes decide, not messages).
 * Every program the repository's config could make git run is switched off (neutral.ts).
 */
export async function git(args: readonly string[], cwd: string, opts: GitOptions = {}): Promise<ExecResult> {
  const env = opts.env ?? gitEnv();
  const gitDir = args[0] === "--git-dir" ? args.slice(0, 2) : [];
  return exec(["git", ...args], {
    cwd,
    env: { ...env, ...(await neutralConfig(cwd, env, gitDir)) },
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
