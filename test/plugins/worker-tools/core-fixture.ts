/**
 * A worktree for the core tool tests, with what containment tests need around it: a
 * prefix-sibling folder `repo_evil` and a secret file outside, both next to the worktree.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ToolDef, ToolResult } from "dgov/plugin";
import { runTool } from "dgov/testing";

export interface Worktree {
  /** The worktree: `<parent>/repo`. */
  dir: string;
  /** `<parent>/repo_evil`, a folder whose name starts with the worktree's. */
  evil: string;
  /** `<parent>/outside.txt`, holding `outside_secret`. */
  outside: string;
  write(rel: string, content: string | Uint8Array): void;
  read(rel: string): string;
  link(rel: string, target: string): void;
  git(...args: string[]): string;
  remove(): void;
}

const GIT_ENV = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: tmpdir(),
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
};

/** Files written into a fresh worktree; `git: true` also inits a repo and commits them. */
export function makeWorktree(files: Record<string, string> = {}, opts: { git?: boolean } = {}): Worktree {
  const parent = mkdtempSync(join(tmpdir(), "dgov-core-"));
  const dir = join(parent, "repo");
  const tree: Worktree = {
    dir,
    evil: join(parent, "repo_evil"),
    outside: join(parent, "outside.txt"),
    write(rel, content) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    },
    read: (rel) => readFileSync(join(dir, rel), "utf8"),
    link(rel, target) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      symlinkSync(target, join(dir, rel));
    },
    git(...args) {
      const proc = Bun.spawnSync(["git", ...args], { cwd: dir, env: GIT_ENV, stdout: "pipe", stderr: "pipe" });
      if (proc.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${proc.stderr.toString()}`);
      return proc.stdout.toString();
    },
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
  mkdirSync(dir);
  mkdirSync(tree.evil);
  writeFileSync(join(tree.evil, "secret.txt"), "evil_secret\n");
  writeFileSync(tree.outside, "outside_secret\n");
  for (const [rel, content] of Object.entries(files)) tree.write(rel, content);
  if (opts.git) {
    tree.git("init", "-q", "-b", "main");
    tree.git("add", "-A");
    tree.git("commit", "-q", "--allow-empty", "-m", "initial");
  }
  return tree;
}

/** Runs a tool in the worktree as the host would, commands for real in the sandbox. */
export function call(tool: ToolDef<any, any>, args: unknown, tree: Worktree): Promise<ToolResult> {
  return runTool(tool, args, { worktree: tree.dir, real: true });
}

/** The output of a call that must succeed. */
export async function output(tool: ToolDef<any, any>, args: unknown, tree: Worktree): Promise<string> {
  const result = await call(tool, args, tree);
  if (!result.ok) throw new Error(`${tool.name} failed: ${result.error}`);
  return result.output;
}

/** The error of a call that must fail. */
export async function failure(tool: ToolDef<any, any>, args: unknown, tree: Worktree): Promise<string> {
  const result = await call(tool, args, tree);
  if (result.ok) throw new Error(`${tool.name} succeeded: ${result.output}`);
  return result.error;
}
