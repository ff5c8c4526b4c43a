import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { movedPlanText } from "../config/editor-schemas.ts";
import { DgovError } from "../errors.ts";
import { land } from "../git/land.ts";
import { branchHead } from "../git/repo.ts";
import { type GitIdentity, git, writeEnv } from "../git/run.ts";
import { scratchDir } from "../scratch.ts";

/*
 * Archiving a plan (spec core-engine §3.11): its directory moves to `archive/<name>` beside it.
 * A durable plan (under .dgov/plans/) is never archived into a folder git ignores. After a
 * complete run the move is a commit landed like a task's, so the next run finds the checkout clean.
 */

/** A plan kept in the repository's history: directly under .dgov/plans/ (not a runtime fix plan, not archived). */
export const isDurablePlanDir = (root: string, dir: string): boolean => dirname(dir) === join(root, ".dgov", "plans");

/** Where a plan directory archives to, refusing an existing destination (dgov-py nested it) or an ignored durable one. */
export async function archiveTarget(root: string, dir: string): Promise<string> {
  const to = join(dirname(dir), "archive", basename(dir));
  if (existsSync(to)) {
    throw new DgovError({ code: "E_EXISTS", message: `archive destination already exists: ${relative(root, to)}`, hint: "Rename or remove the archived copy first; dgov never nests a plan inside another.", exitCode: 2 });
  }
  if (isDurablePlanDir(root, dir) && (await git(["check-ignore", "--quiet", "--", join(to, "_root.toml")], root)).code === 0) {
    throw new DgovError({ code: "E_IGNORED", message: `Refusing to archive durable plan source into ignored .dgov/plans/archive: ${relative(root, to)}`, hint: "Fix .gitignore so archived plan source is tracked, then retry.", exitCode: 2 });
  }
  return to;
}

/** Moves a plan directory into its archive folder; returns where it went. Its files' `#:schema` lines point at the schema from there. */
export async function archivePlanDir(root: string, dir: string): Promise<string> {
  const to = await archiveTarget(root, dir);
  mkdirSync(dirname(to), { recursive: true });
  renameSync(dir, to);
  for (const file of readdirSync(to, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".toml"))) {
    const moved = movedPlanText(readFileSync(join(to, file), "utf8"), relative(root, join(dir, file)), relative(root, join(to, file)));
    if (moved !== null) writeFileSync(join(to, file), moved);
  }
  return to;
}

export interface AutoArchive {
  from: string;
  to: string;
  /** The commit that records the move on the target branch, or null when none was made. */
  commit: string | null;
  /** What the user should know (the checkout was not on the target; the commit failed). */
  note: string | null;
}

/** The plan's files as they are now: tracked and untracked, not ignored (its `_compiled.toml` is). */
async function planFiles(root: string, rel: string): Promise<string[]> {
  const listed = await git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", rel], root);
  return [...new Set(listed.stdout.split("\0").filter((p) => p && existsSync(join(root, p))))];
}

/**
 * The commit that moves the plan: the target's tree with the plan's current files under the
 * archive path instead (built in a private index; the checkout and its index are untouched).
 */
async function archiveCommit(root: string, fromRel: string, toRel: string, tip: string, identity: GitIdentity): Promise<string> {
  const scratch = scratchDir("archive");
  const env = { ...writeEnv(identity), GIT_INDEX_FILE: join(scratch, "index") };
  const run = async (args: string[], stdin?: string) => {
    const r = await git(args, root, { env, ...(stdin === undefined ? {} : { stdin }) });
    if (r.code !== 0) throw new Error(`git ${args[0]} failed: ${(r.stderr || r.stdout).trim().split("\n")[0]}`);
    return r.stdout.trim();
  };
  try {
    await run(["read-tree", tip]);
    await run(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", fromRel]);
    const files = await planFiles(root, fromRel);
    // A file whose `#:schema` line must change is hashed from a copy that has it changed.
    const hashed = files.map((f, i) => {
      const moved = f.endsWith(".toml") ? movedPlanText(readFileSync(join(root, f), "utf8"), f, `${toRel}${f.slice(fromRel.length)}`) : null;
      if (moved === null) return f;
      writeFileSync(join(scratch, `file-${i}`), moved);
      return join(scratch, `file-${i}`);
    });
    const blobs = (await run(["hash-object", "-w", "--stdin-paths", "--no-filters"], `${hashed.join("\n")}\n`)).split("\n");
    const entries = files.map((f, i) => `100644 ${blobs[i]}\t${toRel}${f.slice(fromRel.length)}`);
    await run(["update-index", "--add", "--index-info"], `${entries.join("\n")}\n`);
    const tree = await run(["write-tree"]);
    return await run(["commit-tree", tree, "-p", tip, "-m", `Archive plan ${basename(fromRel)}`]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * After a complete run: the plan moved into its archive folder by a commit on the target,
 * landed like a task (compare-and-swap, under the landing lock, the checkout brought along
 * crash-safely), so the next run finds the checkout clean. Not on the target, the checkout is
 * left alone and the note says so.
 */
export async function archiveAfterRun(root: string, dir: string, branch: string, identity: GitIdentity): Promise<AutoArchive> {
  const to = await archiveTarget(root, dir);
  const report = { from: relative(root, dir), to: relative(root, to) };
  for (let attempt = 0; attempt < 3; attempt++) {
    const tip = await branchHead(root, branch);
    if (!tip) return { ...report, commit: null, note: `the branch ${branch} does not exist; the plan was left where it is` };
    const commit = await archiveCommit(root, report.from, report.to, tip, identity);
    const landed = await land(root, branch, commit, tip, identity);
    if (!landed.ok) continue;
    if (landed.checkout === "not-checked-out") return { ...report, commit, note: `the checkout is not on ${branch}: the plan is archived there, your checkout still has it at ${report.from}` };
    // What the commit holds of the plan is its files as they were; what is left at the old path is ignored output (_compiled.toml).
    rmSync(dir, { recursive: true, force: true });
    return { ...report, commit, note: landed.checkout === "left" ? `your uncommitted edits to ${landed.files.join(", ")} were kept` : null };
  }
  return { ...report, commit: null, note: `${branch} kept moving; the plan was left where it is (\`dgov archive-plan ${basename(dir)}\` archives it)` };
}
