import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { git, writeEnv } from "../../git/run.ts";
import { listWorktrees, removeWorktree, unflattenId, worktreesDir } from "../../git/worktree.ts";
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

export default defineCommand({
  args: {
    "dry-run": { type: "boolean", description: "Only list what would be removed" },
  },
  details:
    "Removes task worktrees left by failed, rejected or interrupted tasks (with their dgov/ branches),\n" +
    "folders git no longer tracks, merged dgov/ branches and .dgov/out/ folders. Never touches the\n" +
    "work of a plan that is running now; unmerged branches without a worktree are kept.",
  async run({ args, globals }) {
    const project = await openProject(globals);
    const root = project.root;
    const identity = { name: project.loaded.config.git.name, email: project.loaded.config.git.email };
    const store = openStore(root);
    const running = new Set(liveRuns(store).map((r) => r.plan));
    const busy = new Set(artifacts(store).filter((a) => running.has(a.plan)).map((a) => a.task));
    const actions: Action[] = [];
    const known = await listWorktrees(root);
    const dir = worktreesDir(root);
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const id = unflattenId(name);
      const path = join(dir, name);
      if (busy.has(id)) continue;
      const tracked = known.some((w) => w.path === path);
      actions.push(tracked ? { what: "worktree", path, reason: `task ${id}, not running` } : { what: "folder", path, reason: "git no longer tracks it" });
    }
    const branches = (await git(["branch", "--format=%(refname:short)", "--merged", "HEAD", "--list", "dgov/*"], root)).stdout.split("\n").filter(Boolean);
    for (const branch of branches) {
      const id = branch.slice("dgov/".length);
      if (!busy.has(id) && !known.some((w) => w.branch === branch)) actions.push({ what: "branch", path: branch, reason: "merged, no worktree" });
    }
    const out = join(root, ".dgov", "out");
    for (const name of existsSync(out) ? readdirSync(out) : []) {
      if (!busy.has(unflattenId(name))) actions.push({ what: "output", path: join(out, name), reason: "worker prompts and output" });
    }
    if (!args["dry-run"]) {
      for (const a of actions) {
        if (a.what === "worktree") await removeWorktree(root, unflattenId(a.path.slice(dir.length + 1)), identity);
        else if (a.what === "branch") await git(["branch", "-d", a.path], root, { env: writeEnv(identity) });
        else rmSync(a.path, { recursive: true, force: true });
      }
      await git(["worktree", "prune"], root, { env: writeEnv(identity) });
      for (const a of artifacts(store)) if (!busy.has(a.task) && !existsSync(a.worktree)) deleteArtifact(store, a.plan, a.task);
    }
    store.close();
    if (globals.json) {
      await printJson({ dry_run: Boolean(args["dry-run"]), removed: actions, kept_running: [...busy].sort() });
      return 0;
    }
    const verb = args["dry-run"] ? "would remove" : "removed";
    const body = actions.length ? columns(actions.map((a) => [`  ${verb} ${a.what}`, project.display(a.path), a.reason])) : "  nothing to clean";
    await printText(`${body}${busy.size ? `\n  kept (running): ${[...busy].sort().join(", ")}` : ""}`);
    return 0;
  },
});
