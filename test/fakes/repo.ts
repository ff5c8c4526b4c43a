/** Builds throw-away repositories for tests: real directories, real git. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";

export interface FixtureRepo {
  dir: string;
  write(path: string, content: string): void;
  git(...args: string[]): string;
  remove(): void;
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
};

/** The fixture folders not removed yet: test/preload.ts removes what the tests left once they all ran. */
const made = new Set<string>();
function removeFixture(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  // dgov's worktrees live in a folder beside the project (parked checkouts outlive a run).
  rmSync(join(dirname(dir), `.dgov-worktrees-${basename(dir)}`), { recursive: true, force: true });
  made.delete(dir);
}

/** Has `dir` (a fixture folder made elsewhere) removed with the fixture repositories, if nothing removed it before. */
export function removedAtEnd(dir: string): void {
  made.add(dir);
}

/** Removes every fixture repository still there (and its worktree folder). */
export function removeFixtures(): void {
  [...made].forEach(removeFixture);
}

/** A temp dir with `files` written; `git: true` runs `git init`, `commit: true` also commits. */
export function makeRepo(files: Record<string, string> = {}, opts: { git?: boolean; commit?: boolean } = {}): FixtureRepo {
  const dir = mkdtempSync(join(tmpdir(), "dgov-test-"));
  made.add(dir);
  const repo: FixtureRepo = {
    dir,
    write(path, content) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    git(...args) {
      const proc = Bun.spawnSync(["git", ...args], { cwd: dir, env: GIT_ENV, stdout: "pipe", stderr: "pipe" });
      if (proc.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${proc.stderr.toString()}`);
      return proc.stdout.toString();
    },
    remove: () => removeFixture(dir),
  };
  for (const [path, content] of Object.entries(files)) repo.write(path, content);
  if (opts.git ?? true) {
    repo.git("init", "-q", "-b", "main");
    if (opts.commit) {
      repo.git("add", "-A");
      repo.git("commit", "-q", "--allow-empty", "-m", "initial");
    }
  }
  return repo;
}

/**
 * The folders next to a project where dgov makes worktrees: task worktrees and settlement
 * checkouts (what a run must not leave behind), and parked checkouts kept for reuse (`pool-…`).
 */
export function worktreeFolders(worktreeRoot: string): { tasks: string[]; parked: string[] } {
  const names = existsSync(worktreeRoot) ? readdirSync(worktreeRoot) : [];
  const parked = names.filter((n) => /^pool-[0-9a-f]{8}$/.test(n));
  return { tasks: names.filter((n) => !parked.includes(n)), parked };
}
