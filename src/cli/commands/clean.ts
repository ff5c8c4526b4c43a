import { existsSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { git, writeEnv } from "../../git/run.ts";
import { listWorktrees, pruneWorktrees, removeWorktreeAt, unflattenId, worktreesDir } from "../../git/worktree.ts";
import { openStore } from "../../store/db.ts";
import { artifacts, deleteArtifact, liveRuns } from "../../store/runtime.ts";
import { defineCommand } from "../define.ts";
import { columns, printJson, printText } from "../output.ts";
import { openProject } from "../project.ts";

interface Action {
  what: "worktree" | "branch" | "folder" | "output";
  path: string;
  reason: string;
}

/** A folder dgov makes next to the project: a task worktree (`…-<8 hex>`) or a settlement checkout (`….candidate`, `….base-<sha>`). */
const PARKED = /^pool-[0-9a-f]{8}$/;
const OURS = /^[A-Za-z0-9._-]+-[0-9a-f]{8}(\.(candidate|base-[0-9a-f]{12}))?$|^preflight-\d+$/;

async function uncommitted(dir: string): Promise<string[]> {
  const status = await git(["status", "--porcelain", "--untracked-files=all"], dir);
  return status.code === 0 ? status.stdout.split("\n").filter(Boolean) : ["(git status failed)"];
}

export default defineCommand({
  args: {
    "dry-run": { type: "boolean", description: "Only list what would be removed" },
    force: { type: "boolean", description: "Also remove worktrees holding uncommitted work, and worktrees and folders dgov did not make (dgov-py's)" },
  },
  details:
    "Removes task worktrees left by failed, rejected or interrupted tasks (with their dgov/ branches),\n" +
    "settlement checkouts, parked checkouts (pool-…, kept for reuse), folders git no longer tracks, merged\n" +
    "dgov/ branches and .dgov/out/ folders.\n" +
    "Never touches the work of a plan that is running now. A worktree holding uncommitted work, and a\n" +
    "worktree or folder dgov did not make (a dgov-py worktree), are kept and listed unless --force.",
  async run({ args, globals }) {
    const project = await openProject(globals);
    const root = project.root;
    const identity = { name: project.loaded.config.git.name, email: project.loaded.config.git.email };
    const store = openStore(root);
    const running = new Set(liveRuns(store).map((r) => r.plan));
    const busyTasks = new Set(artifacts(store).filter((a) => running.has(a.plan)).map((a) => a.task));
    const busyPaths = new Set(artifacts(store).filter((a) => running.has(a.plan)).map((a) => a.worktree));
    const actions: Action[] = [];
    const kept: Action[] = [];
    const dir = worktreesDir(root);
    const known = (await listWorktrees(root)).filter((w) => w.path.startsWith(`${dir}/`));
    const busy = (path: string) => [...busyPaths].some((b) => path === b || path.startsWith(`${b}.`));
    for (const w of known) {
      const name = relative(dir, w.path);
      if (busy(w.path)) continue;
      const ours = OURS.test(name);
      // A parked checkout is dgov's to reuse and to throw away: what it holds landed or was judged.
      const parked = PARKED.test(name);
      const dirty = existsSync(w.path) && !parked ? await uncommitted(w.path) : [];
      const reason = parked ? "parked checkout (kept for reuse)" : ours ? (w.branch ? `task worktree (${w.branch}), not running` : "settlement checkout, not running") : "a worktree dgov did not make (dgov-py's?)";
      if (!args.force && (dirty.length || !ours)) {
        kept.push({ what: "worktree", path: w.path, reason: dirty.length ? `${reason}; ${dirty.length} uncommitted change(s)` : reason });
      } else actions.push({ what: "worktree", path: w.path, reason });
    }
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const path = join(dir, name);
      if (busy(path) || known.some((w) => w.path === path || w.path.startsWith(`${path}/`))) continue;
      const folder = { what: "folder" as const, path, reason: "git no longer tracks it" };
      if (OURS.test(name) || args.force) actions.push(folder);
      else kept.push({ ...folder, reason: "not a folder dgov made, and git does not track it" });
    }
    const checkedOut = new Set(known.map((w) => w.branch).filter(Boolean));
    const branches = (await git(["branch", "--format=%(refname:short)", "--merged", "HEAD", "--list", "dgov/*"], root)).stdout.split("\n").filter(Boolean);
    for (const branch of branches) {
      if (!busyTasks.has(branch.slice("dgov/".length)) && !checkedOut.has(branch)) actions.push({ what: "branch", path: branch, reason: "merged, no worktree" });
    }
    const out = join(root, ".dgov", "out");
    for (const name of existsSync(out) ? readdirSync(out) : []) {
      if (!busyTasks.has(unflattenId(name))) actions.push({ what: "output", path: join(out, name), reason: "worker prompts and output" });
    }
    if (!args["dry-run"]) {
      for (const a of actions) {
        if (a.what === "worktree") await removeWorktreeAt(root, a.path, known.find((w) => w.path === a.path)?.branch ?? null, identity);
        else if (a.what === "branch") await git(["branch", "-d", a.path], root, { env: writeEnv(identity) });
        else rmSync(a.path, { recursive: true, force: true });
      }
      await pruneWorktrees(root, identity);
      // The folder next to the project holds nothing any more: it goes too.
      if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
      for (const a of artifacts(store)) if (!busyTasks.has(a.task) && !existsSync(a.worktree)) deleteArtifact(store, a.plan, a.task);
    }
    store.close();
    if (globals.json) {
      await printJson({ dry_run: Boolean(args["dry-run"]), removed: actions, kept, kept_running: [...busyTasks].sort() });
      return 0;
    }
    const verb = args["dry-run"] ? "would remove" : "removed";
    const lines = [...actions.map((a) => [`  ${verb} ${a.what}`, project.display(a.path), a.reason]), ...kept.map((a) => [`  kept ${a.what}`, project.display(a.path), `${a.reason} (--force removes it)`])];
    const body = lines.length ? columns(lines) : "  nothing to clean";
    await printText(`${body}${busyTasks.size ? `\n  kept (running): ${[...busyTasks].sort().join(", ")}` : ""}`);
    return 0;
  },
});
