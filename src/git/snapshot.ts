import { copyFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { DgovError } from "../errors.ts";
import { commitTree } from "./objects.ts";
import { type CommittedChange, changedPaths, parseNameStatusZ } from "./status.ts";
import { type GitIdentity, git, gitEnv, writeEnv } from "./run.ts";
import { addAll, markOutsideCone } from "./sparse.ts";
import { scratchDir } from "../scratch.ts";

/*
 * Settlement reads what a task's work tree IS, never what its git says: the worker may have
 * committed, staged, moved HEAD or rewritten the index (without a sandbox it can). Both the
 * review and dgov's commit therefore use a private index, built from the task's base and the
 * work tree's files, and name the repository explicitly (`--git-dir`, found when dgov made the
 * worktree) instead of following the worktree's `.git` file.
 */

/** A task's work tree and the git dir dgov made for it. */
export interface WorkTree {
  worktree: string;
  gitDir: string;
}

/** What a commit dgov made holds besides its tree: its author (name, email, ISO date) and message, as a replay of it keeps them. */
export interface CommitMade {
  name: string;
  email: string;
  date: string;
  message: string;
}

/** The whole change of a work tree against a base, held in a private index until disposed. */
export interface Change {
  changes: CommittedChange[];
  /** Reads the work tree's files again (after a fixer changed them). */
  refresh(): Promise<CommittedChange[]>;
  /**
   * dgov's own commit of exactly `paths` of the change on top of the base, with the task's
   * message and dgov's identity: every other path stays as the base has it. `changed` is what
   * the commit changes against the base when that is known without asking git (the whole
   * change was committed), else null.
   */
  commit(paths: readonly string[], message: string, identity: GitIdentity): Promise<{ sha: string; changed: CommittedChange[] | null; made: CommitMade }>;
  dispose(): void;
}

/**
 * Copies an index for its stat data. The copy keeps the original's modification time (a
 * millisecond earlier): git trusts an entry's stat data only when the entry is older than the
 * index file, and a copy made now would make a file edited in the same second as the entry
 * look unchanged ("racy git"). False when there is no index to copy.
 */
export function copyIndex(from: string, to: string): boolean {
  try {
    copyFileSync(from, to);
  } catch {
    return false;
  }
  const { atimeMs, mtimeMs } = statSync(from);
  utimesSync(to, atimeMs / 1000, (mtimeMs - 1) / 1000);
  return true;
}

function gitError(what: string, where: string, r: { stderr: string; stdout: string }): DgovError {
  return new DgovError({ code: "E_GIT", message: `git ${what} failed in ${where}: ${(r.stderr || r.stdout).trim()}`, exitCode: 1 });
}

/** An index file's identity: any rewrite changes its inode, size or change time (which no process can set). */
function indexIdentity(path: string): string | null {
  const s = statSync(path, { throwIfNoEntry: false, bigint: true });
  return s ? `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}` : null;
}

/** Worktree git dir → the commit its index was written at by dgov's checkout, and the index file's identity then. */
const seededAt = new Map<string, { commit: string; identity: string }>();

/** Records that dgov's checkout just wrote the index of `gitDir` at `commit` (openChange then needs no `read-tree`). */
export function noteIndexAt(gitDir: string, commit: string): void {
  const identity = indexIdentity(join(gitDir, "index"));
  if (identity) seededAt.set(gitDir, { commit, identity });
  else seededAt.delete(gitDir);
}

/**
 * Opens the change of `t` against `base`. The private index starts as a copy of the work tree's
 * own when its stat data can be trusted (in the sandbox only dgov writes it; it saves hashing
 * every file), else empty; `read-tree -m <base>` makes its entries the base's, then every file
 * of the work tree is added (ignored files aside). Null when git cannot read the work tree.
 */
export async function openChange(t: WorkTree, base: string, opts: { trustIndex: boolean }): Promise<Change | null> {
  const dir = scratchDir("index");
  const index = join(dir, "index");
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  // No index yet: start empty.
  const source = join(t.gitDir, "index");
  const before = opts.trustIndex ? indexIdentity(source) : null;
  const copied = opts.trustIndex && copyIndex(source, index);
  const run = (args: string[], env: Record<string, string | undefined> = gitEnv(), stdin?: string) =>
    git(["--git-dir", t.gitDir, "--work-tree", t.worktree, ...args], t.worktree, { env: { ...env, GIT_INDEX_FILE: index }, ...(stdin === undefined ? {} : { stdin }) });
  const read = async (): Promise<CommittedChange[] | null> => {
    if ((await run(addAll(t.gitDir))).code !== 0) return null;
    const diff = await run(["diff", "--cached", "--name-status", "-z", "-M", base]);
    return diff.code === 0 ? parseNameStatusZ(diff.stdout) : null;
  };
  // An index dgov's checkout of the base wrote, untouched since (and while copied), already is the base's.
  const seed = seededAt.get(t.gitDir);
  const atBase = copied && seed?.commit === base && seed.identity === before && indexIdentity(source) === before;
  const seeded = atBase || ((await run(["read-tree", "-m", base])).code === 0 && (await markOutsideCone(t.gitDir, (args, stdin) => run(args, gitEnv(), stdin))));
  const first = seeded ? await read() : null;
  if (!first) return dispose(), null;
  const change: Change = {
    changes: first,
    async refresh() {
      const again = await read();
      if (!again) throw new DgovError({ code: "E_GIT", message: `git failed reading ${t.worktree} again`, exitCode: 1 });
      change.changes = again;
      return again;
    },
    async commit(paths, message, identity) {
      // Dated here, so a replay of the commit keeps its author without reading it back.
      const date = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(".000Z", "Z");
      const env = { ...writeEnv(identity), GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
      const keep = new Set(paths);
      const others = changedPaths(change.changes).filter((p) => !keep.has(p));
      if (others.length) {
        const reset = await run(["reset", "-q", base, "--pathspec-from-file=-", "--pathspec-file-nul"], env, others.join("\0"));
        if (reset.code !== 0) throw gitError("reset", t.worktree, reset);
      }
      const tree = await run(["write-tree"], env);
      if (tree.code !== 0) throw gitError("write-tree", t.worktree, tree);
      const made = { name: identity.name, email: identity.email, date, message };
      const sha = await commitTree(t.worktree, ["--git-dir", t.gitDir], { tree: tree.stdout.trim(), parents: [base], author: made, committer: made, message }, env);
      // The index is the whole change: the commit's diff against the base is the change itself.
      return { sha, changed: others.length ? null : change.changes, made };
    },
    dispose,
  };
  return change;
}

/**
 * Points a task's branch, HEAD and index at `sha` (and with `files`, its files too), by
 * name: the branch ref is moved without following a symbolic ref, HEAD is attached to the
 * branch again, so no ref the worker might have aimed HEAD or the branch at can move.
 */
export async function pointWorkTree(root: string, t: WorkTree & { branch: string }, sha: string, opts: { files: boolean }, identity: GitIdentity): Promise<void> {
  const env = writeEnv(identity);
  const explicit = ["--git-dir", t.gitDir, "--work-tree", t.worktree];
  const steps: [string[], string][] = [
    [["update-ref", "--no-deref", "-m", "dgov: reset for a retry", `refs/heads/${t.branch}`, sha], root],
    [[...explicit, "symbolic-ref", "HEAD", `refs/heads/${t.branch}`], t.worktree],
    [[...explicit, "read-tree", ...(opts.files ? ["-u", "--reset"] : []), sha], t.worktree],
  ];
  for (const [args, cwd] of steps) {
    const result = await git(args, cwd, { env });
    if (result.code !== 0) throw gitError(args.filter((a) => !explicit.includes(a)).join(" "), cwd, result);
  }
}
