/** Landing onto a checkout the user is editing: the merge lands, the user's edits stay, nothing is staged, and dgov says what to do. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dgovAsync } from "../fakes/dgov.ts";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

let current: RunRepo | undefined;
afterEach(() => current?.remove());

/** A worker that waits for the test's go, then changes the first line of shared.txt. */
const WAITING = "touch started.flag; while [ ! -e go.flag ]; do sleep 0.05; done; sed -i 's/^one$/ONE/' shared.txt";

interface Summary {
  tasks: { state: string }[];
  checkout: { task: string; files: string[]; command: string }[];
}

/** The run (the worker waiting until `edit` has run in the checkout), and what it said; with `crashAt`, killed there. */
async function editDuringRun(edit: (r: RunRepo) => void, crashAt?: string) {
  const r = (current = runRepo([{ slug: "edit", script: WAITING, edit: ["shared.txt"] }], {
    files: { "shared.txt": "one\ntwo\nthree\n", "other.txt": "o\n", ".gitignore": "*.flag\n" },
  }));
  const running = dgovAsync(["run", "p", "--json"], { cwd: r.repo.dir, env: crashAt ? { DGOV_CRASH_AT: crashAt } : {} });
  const worktree = r.worktree("edit");
  for (let i = 0; i < 600 && !existsSync(join(worktree, "started.flag")); i++) await Bun.sleep(50);
  edit(r);
  writeFileSync(join(worktree, "go.flag"), "");
  return { r, run: await running };
}

async function landWhileEditing(edit: (r: RunRepo) => void) {
  const { r, run } = await editDuringRun(edit);
  return { r, run, out: run.json<Summary>() };
}

const read = (r: RunRepo, path: string) => readFileSync(join(r.repo.dir, path), "utf8");

describe("landing onto a checkout with uncommitted edits", () => {
  test("edits to files the task does not change: the checkout is brought along around them", async () => {
    const { r, run, out } = await landWhileEditing((r) => r.repo.write("other.txt", "o mine\n"));
    expect(run.code).toBe(0);
    expect(out.checkout).toEqual([]);
    expect(read(r, "shared.txt")).toBe("ONE\ntwo\nthree\n");
    expect(read(r, "other.txt")).toBe("o mine\n");
    expect(r.repo.git("status", "--porcelain")).toBe(" M other.txt\n");
  }, 60_000);

  test("an edit to a file the task changes: it lands, the edit is untouched, nothing staged; the run, the summary and status say how to merge", async () => {
    const { r, run, out } = await landWhileEditing((r) => r.repo.write("shared.txt", "one\ntwo\nthree mine\n"));
    expect(run.code).toBe(0);
    expect(out.tasks[0]!.state).toBe("merged");
    expect(r.repo.git("show", "main:shared.txt")).toBe("ONE\ntwo\nthree\n");
    expect(read(r, "shared.txt")).toBe("one\ntwo\nthree mine\n");
    // Nothing staged: the index holds what landed; the file shows as the user's modification.
    expect(r.repo.git("diff", "--cached", "--name-only")).toBe("");
    expect(r.repo.git("status", "--porcelain")).toBe(" M shared.txt\n");
    expect(run.stderr).toContain("but your checkout has uncommitted edits to shared.txt");
    const [note] = out.checkout;
    expect(note!.files).toEqual(["shared.txt"]);
    expect(note!.command).toMatch(/^git checkout [0-9a-f]{12} -- shared\.txt && git stash apply [0-9a-f]{12}$/);
    const status = r.dgov(["status", "--json"]).json<{ checkout: { files: string[]; command: string } | null }>();
    expect(status.checkout).toMatchObject({ files: ["shared.txt"], command: note!.command });
    expect(r.dgov(["status"]).stdout).toContain(`to bring them up to date, keeping your edits: ${note!.command}`);
    // The command does what it says: the landed change and the user's edit, both.
    const merged = Bun.spawnSync(["sh", "-c", note!.command], { cwd: r.repo.dir, stderr: "pipe" });
    expect(merged.exitCode).toBe(0);
    expect(read(r, "shared.txt")).toBe("ONE\ntwo\nthree mine\n");
    expect(r.dgov(["status", "--json"]).json<{ checkout: unknown }>().checkout).toBeNull();
  }, 60_000);

  test("killed between moving the branch and the checkout, with an edit to a file the task changes: the next command keeps the edit, and its command merges it", async () => {
    const { r, run } = await editDuringRun((r) => r.repo.write("shared.txt", "one\ntwo\nthree mine\n"), "land:before-checkout-sync");
    expect(run.code).toBe(137);
    expect(r.repo.git("show", "main:shared.txt")).toBe("ONE\ntwo\nthree\n");
    const status = r.dgov(["status"]);
    expect(status.code).toBe(0);
    const said = /left your edits to shared\.txt as they were; to bring them up to date, keeping your edits: (.+)$/m.exec(status.stderr);
    expect(said?.[1]).toMatch(/^git checkout [0-9a-f]{12} -- shared\.txt && git stash apply [0-9a-f]{12}$/);
    expect(read(r, "shared.txt")).toBe("one\ntwo\nthree mine\n");
    expect(r.repo.git("diff", "--cached", "--name-only")).toBe("");
    // The stash is the edit on the tree before the landing: applied, both changes are there.
    const merged = Bun.spawnSync(["sh", "-c", said![1]!], { cwd: r.repo.dir, stderr: "pipe" });
    expect(merged.exitCode).toBe(0);
    expect(read(r, "shared.txt")).toBe("ONE\ntwo\nthree mine\n");
  }, 60_000);

  test("a file of the user's where the task adds one: kept, and the command moves it aside first", async () => {
    const r = (current = runRepo([{ slug: "add", script: "touch started.flag; while [ ! -e go.flag ]; do sleep 0.05; done; echo task > new.txt", create: ["new.txt"] }], { files: { ".gitignore": "*.flag\n" } }));
    const running = r.runAsync("p", ["--json"]);
    const worktree = r.worktree("add");
    for (let i = 0; i < 600 && !existsSync(join(worktree, "started.flag")); i++) await Bun.sleep(50);
    r.repo.write("new.txt", "mine\n");
    writeFileSync(join(worktree, "go.flag"), "");
    const out = (await running).json<Summary>();
    expect(r.repo.git("show", "main:new.txt")).toBe("task\n");
    expect(read(r, "new.txt")).toBe("mine\n");
    expect(r.repo.git("diff", "--cached", "--name-only")).toBe("");
    expect(out.checkout[0]!.command).toMatch(/^mv new\.txt new\.txt\.mine && git checkout [0-9a-f]{12} -- new\.txt$/);
  }, 60_000);
});
