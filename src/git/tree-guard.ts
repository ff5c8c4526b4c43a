import { rmdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { DgovError } from "../errors.ts";
import { git, gitEnv } from "./run.ts";
import { copyIndex } from "./snapshot.ts";
import { addAll } from "./sparse.ts";
import { scratchDir } from "../scratch.ts";

/*
 * Checks must not write the tree they judge: a lint check that fixes what it finds passes on
 * code that is not what gets committed, and preflight would rewrite the user's files. A guard
 * snapshots every file of a tree that git does not ignore (a tree object, through a private
 * index, so neither the tree's own index nor its HEAD is touched), and after each check says
 * what changed and puts it back: modified and deleted files restored, new files removed.
 */

export interface Drift {
  /** Files the check modified or deleted (restored). */
  changed: string[];
  /** Files the check created (removed). */
  created: string[];
}

export interface TreeGuard {
  /** Compares the tree with the snapshot, restores it, and returns what had drifted (null: nothing). */
  check(): Promise<Drift | null>;
  dispose(): void;
}

const paths = (out: string) => out.split("\0").filter(Boolean);

/** Removes a file a check created, and the folders it created for it (those left empty). */
function removeCreated(dir: string, path: string): void {
  rmSync(join(dir, path), { force: true });
  for (let parent = dirname(path); parent !== "."; parent = dirname(parent)) {
    try {
      rmdirSync(join(dir, parent));
    } catch {
      return;
    }
  }
}

/**
 * Guards `dir`, whose git dir is `gitDir` (named, so a `.git` file in the tree is not
 * followed). The private index starts as a copy of the tree's own for its stat data (a file
 * whose stat data is unchanged is not hashed again); the tree's index is only read.
 */
export async function guardTree(dir: string, gitDir: string): Promise<TreeGuard> {
  const tmp = scratchDir("guard");
  const index = join(tmp, "index");
  // A tree without an index yet: every file is hashed once.
  copyIndex(join(gitDir, "index"), index);
  const run = async (args: string[], stdin?: string) => {
    const result = await git(["--git-dir", gitDir, "--work-tree", dir, ...args], dir, { env: gitEnv({ GIT_INDEX_FILE: index }), ...(stdin === undefined ? {} : { stdin }) });
    if (result.code !== 0) throw new DgovError({ code: "E_GIT", message: `git ${args[0]} failed guarding ${dir}: ${(result.stderr || result.stdout).trim()}`, exitCode: 1 });
    return result.stdout;
  };
  const snapshot = async () => {
    await run([...addAll(gitDir), "--ignore-errors", "--", "."]);
    return (await run(["write-tree"])).trim();
  };
  const before = await snapshot().catch((error: unknown) => {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  });
  return {
    async check() {
      const after = await snapshot();
      if (after === before) return null;
      const entries = paths(await run(["diff-tree", "-r", "-z", "--no-renames", "--name-status", before, after]));
      const drift: Drift = { changed: [], created: [] };
      for (let i = 0; i + 1 < entries.length; i += 2) (entries[i] === "A" ? drift.created : drift.changed).push(entries[i + 1]!);
      for (const path of drift.created) removeCreated(dir, path);
      // Restores files and their entries in the private index; the next check compares with `before` again.
      if (drift.changed.length) await run(["checkout", before, "--pathspec-from-file=-", "--pathspec-file-nul"], drift.changed.join("\0"));
      return drift;
    },
    dispose: () => rmSync(tmp, { recursive: true, force: true }),
  };
}
