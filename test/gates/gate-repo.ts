/** Real git repositories for gate tests: a base commit, then a task commit or working-tree edits. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ExecFn, GateInput } from "dgov/plugin";
import { gateInput } from "dgov/testing";
import { resolveConfig } from "../../src/config/resolve.ts";
import type { ConfigInput } from "../../src/config/schema.ts";
import { asChanges, committedChanges, workingChanges } from "../../src/git/status.ts";
import { exec } from "../../src/exec/exec.ts";
import { type FixtureRepo, makeRepo, removedAtEnd } from "../fakes/repo.ts";

export interface GateRepo extends FixtureRepo {
  base: string;
  read(path: string): string;
  /** Writes (or with null removes) files and commits them; returns the new head. */
  commit(files: Record<string, string | null>, message?: string): string;
  /** Writes (or removes) files without committing. */
  edit(files: Record<string, string | null>): void;
  exec: ExecFn;
}

/** Runs commands for real in `dir` (stdin passed on: autofix writes files through it). */
export function realExec(dir: string): ExecFn {
  return (argv, o) => exec(argv, { cwd: o?.cwd ?? dir, env: process.env, timeoutMs: o?.timeoutMs, stdin: o?.stdin });
}

/** A repository whose first commit holds `files`: the task's base. */
export function gateRepo(files: Record<string, string>): GateRepo {
  const repo = makeRepo(files, { commit: true });
  const edit = (changes: Record<string, string | null>) => {
    for (const [path, text] of Object.entries(changes)) {
      if (text === null) rmSync(join(repo.dir, path));
      else repo.write(path, text);
    }
  };
  return Object.assign(repo, {
    base: repo.git("rev-parse", "HEAD").trim(),
    read: (path: string) => readFileSync(join(repo.dir, path), "utf8"),
    edit,
    commit(changes: Record<string, string | null>, message = "task") {
      edit(changes);
      repo.git("add", "-A");
      repo.git("commit", "-q", "-m", message);
      return repo.git("rev-parse", "HEAD").trim();
    },
    exec: realExec(repo.dir),
  });
}

type Overrides = Partial<Omit<GateInput, "task" | "config">> & { task?: Partial<GateInput["task"]> };

/** The input of an isolated-phase gate: base → head, as settlement computes it. */
export async function isolatedInput(repo: GateRepo, head: string, project: ConfigInput["project"], more: Overrides = {}): Promise<GateInput> {
  const changed = (await committedChanges(repo.dir, repo.base, head))!;
  return gateInput({ phase: "isolated", dir: repo.dir, baseSha: repo.base, headSha: head, changed, config: resolveConfig({ project }), ...more });
}

/** The input of a review or autofix gate: the uncommitted working tree against the base. */
export async function workingInput(repo: GateRepo, project: ConfigInput["project"], more: Overrides = {}): Promise<GateInput> {
  const changed = asChanges((await workingChanges(repo.dir))!);
  return gateInput({ phase: "review", dir: repo.dir, baseSha: repo.base, changed, config: resolveConfig({ project }), ...more });
}

/** A second checkout of `sha` (the base checkout settlement would make). */
export function checkoutOf(repo: GateRepo, sha: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "dgov-base-")), "base");
  removedAtEnd(dirname(dir));
  repo.git("worktree", "add", "-q", "--detach", dir, sha);
  return dir;
}

/** Claims giving write access to every path. */
export const editClaims = (...paths: string[]) => ({ create: [], edit: paths, delete: [], touch: [], read: [] });
