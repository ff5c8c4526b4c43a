import type { ResolvedConfig } from "../config/resolve.ts";
import type { Confinement } from "../exec/confine.ts";
import type { GitIdentity } from "../git/run.ts";
import type { KernelEvent } from "../kernel/types.ts";
import type { Execution } from "../plan/checks.ts";
import type { Unit } from "../plan/types.ts";
import type { Registry } from "../plugin/registry.ts";
import type { Store } from "../store/db.ts";
import type { RunningWorker } from "./backends/types.ts";
import type { PortLeases } from "./ports.ts";
import type { RepoMaps } from "./repo-maps.ts";

/** A task's runtime: its worktree and, while one runs, its worker. */
export interface LiveTask {
  worktree: string;
  branch: string;
  /** The worktree's own git dir, as dgov made it (settlement names it; it never follows the worktree's `.git`). */
  gitDir: string;
  /** The target commit the worktree was created from. */
  base: string;
  /** The folders a sparse worktree holds (`[git] sparse`, git/sparse.ts); null: every file. */
  cone: string[] | null;
  pane: string;
  attempt: number;
  worker: RunningWorker | null;
  /** Aborts the task's current effect (launch, settlement) on shutdown. */
  abort: AbortController;
  /** Set when the worker was stopped by a shutdown (its exit is an abandon, not a failure). */
  killed: boolean;
  /** Why it was stopped when not by a shutdown (a hard budget reached): the abandon's reason. */
  stopReason?: string;
  /** Files the workers' tools touched in this worktree (transient writes, for scope checks). */
  writes: Set<string>;
  /** The last worker's `done` summary (a reviewer's verdict). */
  summary: string | null;
  /**
   * Set when the candidate's gates rejected a clean replay: the in-place retry then works on
   * the candidate (the target, with the task's change uncommitted), so it can see what broke.
   */
  rebase: { target: string; candidate: string } | null;
  /** While its settlement waits for the integration slot: gives it the slot (the `integrate` action). */
  turn: (() => void) | null;
}

/** What every effect of one run shares. */
export interface RunContext {
  root: string;
  plan: string;
  run: string;
  /** The branch tasks land on. */
  target: string;
  /** The target's commit when the run started: every later commit on it must be a dgov landing (see target-watch.ts). */
  targetAtStart: string | null;
  /** The latest target commit known to hold nothing but the start and dgov's landings. */
  targetChecked: string | null;
  /**
   * Commits known to be `targetChecked` or its ancestors without asking git: the head it was
   * checked at, and each landing of this run on top of it since (see target-watch.ts).
   */
  lineage: Set<string>;
  /** Commits this run landed. */
  landedHere: Set<string>;
  identity: GitIdentity;
  config: ResolvedConfig;
  registry: Registry;
  store: Store;
  /** Set once a shutdown began: no effect starts new work. */
  stopping: boolean;
  units: ReadonlyMap<string, Unit>;
  executions: ReadonlyMap<string, Execution>;
  live: Map<string, LiveTask>;
  /** The environment of gate and hook commands: secrets removed. */
  toolEnv: Record<string, string>;
  /** How the worker's processes and the commands run on its code are confined. */
  confinement: Confinement;
  /** Sends a kernel event; resolves once it is recorded. */
  post(event: KernelEvent): Promise<void>;
  /** Records an event the kernel does not consume (worker output, gate runs, phases). */
  record(event: string, task: string | null, data: Record<string, unknown>, pane?: string): void;
  /** Where a test may kill the runner (`DGOV_CRASH_AT`), to prove recovery. */
  crashPoint(name: string): void;
  /** The commit a task landed as, once merged. */
  landedSha(task: string): string | null;
  /** The repo maps of the run's base commits, for fresh workers. */
  repoMaps: RepoMaps;
  /** Each live task's port block (DGOV_PORT), for its worker and gates. */
  ports: PortLeases;
  /** Reports a worker's provider request outcome (usage, retries) to the run's budgets and pools. */
  observe: Observer;
}

export interface Observer {
  /** One LLM request's tokens; `details` (model, latency, retries) are recorded with them. */
  usage(task: string, provider: string, tokens: { prompt: number; completion: number; details?: Record<string, unknown> }): void;
  rateLimited(provider: string): void;
}
