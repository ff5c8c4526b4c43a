import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { branchHead, currentBranch } from "./repo.ts";
import { scratchDir } from "../scratch.ts";
import { type GitIdentity, git, writeEnv } from "./run.ts";

/*
 * The user's checkout of the target, brought along when dgov lands on it — crash-safe and
 * never at the cost of the user's own edits. Before the target ref moves, a marker records
 * the move (from and to); the checkout is then synced and the marker removed. A crash in
 * between leaves the marker, and the next dgov command finishes the sync first. A file the landing changes that the user had edited keeps
 * the user's version (its index entry follows the target, so nothing is a staged revert), and
 * the exact command to merge the edits onto the landed version is reported.
 */

export interface Marker {
  branch: string;
  from: string;
  to: string;
  /**
   * The user's uncommitted edits as a stash commit on `from`, made (and recorded here) only when
   * the checkout cannot simply follow the landing; null until then, or when there were none.
   */
  stash: string | null;
}

/** The checkout kept the user's versions of these files; `command` brings them up to date, merging the user's edits. */
export interface CheckoutLeft {
  files: string[];
  command: string;
  /** What each kept file held (blob ids, "" for none): while a file still holds it, the user has not acted on it. */
  held: string[];
}

export type SyncResult = { state: "updated" } | ({ state: "left" } & CheckoutLeft);

export function markerPath(root: string): string {
  return join(root, ".dgov", "runtime", "checkout-sync.json");
}

function writeMarker(root: string, marker: Marker): void {
  const path = markerPath(root);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, JSON.stringify(marker));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function readMarker(root: string): Marker | null {
  try {
    return JSON.parse(readFileSync(markerPath(root), "utf8")) as Marker;
  } catch {
    return null;
  }
}

const removeMarker = (root: string) => rmSync(markerPath(root), { force: true });

const quote = (s: string) => (/^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const paths = (out: string) => out.split("\0").filter(Boolean);

/**
 * Before moving `branch` from `from` to `to`: when the project checkout is on it, the move is
 * recorded. Returns the marker when the checkout needs a sync. No git process: the user's
 * edits are only read (and kept as a stash) when a sync cannot simply take the checkout along.
 */
export async function beforeMove(root: string, branch: string, from: string, to: string): Promise<Marker | null> {
  if ((await currentBranch(root)) !== branch) return null;
  const marker = { branch, from, to, stash: null };
  writeMarker(root, marker);
  return marker;
}

/** The move did not happen (another process moved the branch first): nothing to sync. */
export function moveFailed(root: string): void {
  removeMarker(root);
}

/**
 * Finishes a recorded move in the checkout, if one is pending. Call with the landing lock held.
 * Null when nothing was pending (or the marker no longer applies: the user switched branches or
 * moved the branch since). `moved`: the move this process just made under the lock, whose
 * marker it wrote — it still applies.
 */
export async function syncCheckout(root: string, identity: GitIdentity, moved?: Marker): Promise<SyncResult | null> {
  if (!moved && !existsSync(markerPath(root))) return null;
  const m = moved ?? readMarker(root);
  if (!m || (!moved && ((await currentBranch(root)) !== m.branch || (await branchHead(root, m.branch)) !== m.to))) {
    removeMarker(root);
    return null;
  }
  const env = writeEnv(identity);
  // Nothing of the user's in the way: one two-tree merge brings index and files along.
  if ((await git(["read-tree", "-m", "-u", m.from, m.to], root, { env })).code === 0) {
    removeMarker(root);
    return { state: "updated" };
  }
  const left = await syncAroundEdits(root, m, env);
  removeMarker(root);
  return { state: "left", ...left };
}

/**
 * File by file: what the landing changed and the user did not touch takes the landed version;
 * what the user touched (staged, edited, or a file where the landing adds one) keeps the user's
 * file, its index entry set to the landed version. Safe to repeat after a crash.
 */
async function syncAroundEdits(root: string, m: Marker, env: Record<string, string | undefined>): Promise<CheckoutLeft> {
  const entries = paths((await git(["diff", "--name-status", "-z", "--no-renames", m.from, m.to], root)).stdout);
  const changed: string[] = [];
  const deleted = new Set<string>();
  const added: string[] = [];
  for (let i = 0; i + 1 < entries.length; i += 2) {
    const [code, path] = [entries[i]!, entries[i + 1]!];
    changed.push(path);
    if (code === "D") deleted.add(path);
    if (code === "A") added.push(path);
  }
  const staged = paths((await git(["diff-index", "--cached", "--name-only", "-z", m.from], root)).stdout);
  const edited = paths((await git(["diff-files", "--name-only", "-z"], root)).stdout);
  // The edits kept as a stash on `from` (what `git stash create` makes on it) before anything
  // here changes, and recorded: a repeat after a crash uses the same one.
  if (!m.stash && (staged.length || edited.length)) {
    const stash = await stashOnFrom(root, m, edited, env);
    if (stash) writeMarker(root, (m = { ...m, stash }));
  }
  const touched = new Set([...staged, ...edited, ...added.filter((p) => existsSync(join(root, p)))]);
  const safe = changed.filter((p) => !touched.has(p));
  const fromFile = ["--pathspec-from-file=-", "--pathspec-file-nul"];
  const run = async (args: string[], list: string[]) => {
    if (list.length) await git([...args, ...fromFile], root, { env, stdin: list.join("\0") });
  };
  await run(["checkout", m.to], safe.filter((p) => !deleted.has(p)));
  const gone = safe.filter((p) => deleted.has(p));
  await run(["rm", "-q", "--cached", "--ignore-unmatch"], gone);
  for (const p of gone) rmSync(join(root, p), { force: true });
  await run(["reset", "-q", m.to], changed.filter((p) => touched.has(p)));
  // What still differs from the landed version now that the index holds it: the user's files.
  const differing = new Set(paths((await git(["diff-files", "--name-only", "-z"], root)).stdout));
  const kept = changed.filter((p) => differing.has(p) || (touched.has(p) && deleted.has(p) && existsSync(join(root, p))));
  const mine = new Set(added.filter((p) => touched.has(p) && !staged.includes(p) && !edited.includes(p)));
  return { files: kept, command: bringUpToDate(m, kept, mine, deleted), held: await heldBlobs(root, kept) };
}

/**
 * The checkout's uncommitted edits as a stash commit whose base is `m.from` (the branch has
 * moved, so `git stash create` would take the landed commit for its base): the index's tree
 * committed on `from`, and the work tree's tracked files over it committed on both, as git
 * lays a stash out. Null when the index cannot be written (a merge in progress).
 */
async function stashOnFrom(root: string, m: Marker, edited: readonly string[], env: Record<string, string | undefined>): Promise<string | null> {
  const out = async (args: string[], opts: { env?: Record<string, string | undefined>; stdin?: string } = {}) => {
    const r = await git(args, root, { env: opts.env ?? env, ...(opts.stdin === undefined ? {} : { stdin: opts.stdin }) });
    return r.code === 0 ? r.stdout.trim() : null;
  };
  const indexTree = await out(["write-tree"]);
  if (!indexTree) return null;
  const scratch = scratchDir("stash");
  try {
    const aside = { ...env, GIT_INDEX_FILE: join(scratch, "index") };
    if ((await out(["read-tree", indexTree], { env: aside })) === null) return null;
    if (edited.length && (await out(["update-index", "--add", "--remove", "-z", "--stdin"], { env: aside, stdin: edited.join("\0") })) === null) return null;
    const workTree = await out(["write-tree"], { env: aside });
    const on = `${m.branch}: ${m.from.slice(0, 7)}`;
    const index = await out(["commit-tree", indexTree, "-p", m.from, "-m", `index on ${on}`]);
    return workTree && index ? await out(["commit-tree", workTree, "-p", m.from, "-p", index, "-m", `WIP on ${on}`]) : null;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The blob id of each file's content now ("" for a missing file): `git hash-object`, nothing written. */
export async function heldBlobs(root: string, files: readonly string[]): Promise<string[]> {
  const present = files.filter((f) => existsSync(join(root, f)));
  const ids = present.length ? (await git(["hash-object", "--no-filters", "--", ...present], root)).stdout.trim().split("\n") : [];
  return files.map((f) => (present.includes(f) ? (ids[present.indexOf(f)] ?? "") : ""));
}

/**
 * The landed versions back (`git checkout <to> -- …`, `rm` for what the landing deleted), then
 * the user's edits merged onto them (`git stash apply <stash>`); a file of the user's that git
 * never had (where the landing adds one) is moved aside first, as `<file>.mine`.
 */
function bringUpToDate(m: Marker, files: string[], untracked: ReadonlySet<string>, deleted: ReadonlySet<string>): string {
  const steps = files.filter((f) => untracked.has(f)).map((f) => `mv ${quote(f)} ${quote(`${f}.mine`)}`);
  const restore = files.filter((f) => !deleted.has(f));
  const remove = files.filter((f) => deleted.has(f));
  if (restore.length) steps.push(`git checkout ${m.to.slice(0, 12)} -- ${restore.map(quote).join(" ")}`);
  if (remove.length) steps.push(`rm ${remove.map(quote).join(" ")}`);
  if (m.stash) steps.push(`git stash apply ${m.stash.slice(0, 12)}`);
  return steps.join(" && ");
}
