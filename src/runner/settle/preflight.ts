import { rmdirSync } from "node:fs";
import type { ResolvedConfig } from "../../config/resolve.ts";
import { DgovError } from "../../errors.ts";
import { absoluteGitDir, revParse } from "../../git/repo.ts";
import { asChanges, type CommittedChange, workingChanges } from "../../git/status.ts";
import { createCheckout, removeCheckout, worktreesDir } from "../../git/worktree.ts";
import type { Registry } from "../../plugin/registry.ts";
import type { GateInput, GatePhase } from "../../plugin/types.ts";
import { type Confinement, sandboxedEnv, treeSandbox } from "../../exec/confine.ts";
import { setUpTree } from "../setup.ts";
import { type GateRun, type PhaseResult, runPhase } from "./gates.ts";

/** The phases preflight runs: review and isolated. Never autofix. */
const PHASES: GatePhase[] = ["review", "isolated"];
/** git's empty tree: what a repository without a commit is measured against. */
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

export interface PreflightResult {
  changed: CommittedChange[];
  runs: GateRun[];
  blocking: PhaseResult["blocking"];
}

export interface PreflightOptions {
  root: string;
  config: ResolvedConfig;
  registry: Registry;
  env: Record<string, string>;
  signal: AbortSignal;
  confinement: Confinement;
}

/** No task: gates that judge claims (scope) skip, the others judge the changes as a task's. */
function input(root: string, config: ResolvedConfig, phase: GatePhase, base: string, changed: CommittedChange[]): GateInput {
  return { phase, dir: root, task: null, baseSha: base, headSha: null, targetSha: null, changed, transientWrites: [], config };
}

/** A detached checkout of HEAD with setup_cmd run, made on first use; `dispose` removes it. */
function baseline(opts: PreflightOptions, head: string | null) {
  const identity = { name: opts.config.git.name, email: opts.config.git.email };
  let made: Promise<string> | null = null;
  const create = async () => {
    if (!head) throw new Error("the repository has no commit yet: there is no baseline to compare with");
    const dir = await createCheckout(opts.root, "", `preflight-${process.pid}`, head, identity);
    await setUpTree(dir, opts.root, opts.config, opts.env, opts.confinement, opts.signal, "the baseline checkout");
    return dir;
  };
  return {
    dir: () => (made ??= create()),
    async dispose() {
      if (!made) return;
      const dir = await made.catch(() => null);
      if (dir) await removeCheckout(opts.root, dir, identity);
      // The sibling folder of worktrees exists only for this checkout when no run made it.
      try {
        rmdirSync(worktreesDir(opts.root));
      } catch {
        // Not empty (task worktrees live there) or already gone.
      }
    },
  };
}

/**
 * Settlement's gates on the uncommitted changes of the project root (spec §4.2): the review
 * phase without the claim check, then the isolated phase measured against HEAD. Nothing is
 * committed, merged or rewritten; the baseline checkout is removed before returning.
 */
export async function runPreflight(opts: PreflightOptions): Promise<PreflightResult> {
  const status = await workingChanges(opts.root);
  if (status === null) {
    throw new DgovError({ code: "E_GIT", message: `git status failed in ${opts.root}`, hint: "dgov preflight judges the uncommitted changes of a git work tree." });
  }
  const changed = asChanges(status);
  const result: PreflightResult = { changed, runs: [], blocking: [] };
  if (changed.length === 0) return result;
  const head = await revParse(opts.root, "HEAD");
  const base = baseline(opts, head);
  const env = {
    root: opts.root, env: { ...opts.env, ...sandboxedEnv(opts.confinement) }, signal: opts.signal, timeoutMs: opts.config.project.settlement_timeout * 1000,
    record: (run: GateRun) => result.runs.push(run), baselineDir: base.dir, confine: treeSandbox(opts.confinement), gitDir: absoluteGitDir,
  };
  try {
    for (const phase of PHASES) {
      if (opts.signal.aborted) break;
      const ran = await runPhase(opts.registry, phase, input(opts.root, opts.config, phase, head ?? EMPTY_TREE, changed), env);
      result.blocking.push(...ran.blocking);
    }
  } finally {
    await base.dispose();
  }
  return result;
}
