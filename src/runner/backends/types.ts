import type { ResolvedConfig } from "../../config/resolve.ts";
import type { Confinement } from "../../exec/confine.ts";
import type { Execution } from "../../plan/checks.ts";
import type { Unit } from "../../plan/types.ts";
import type { WorkerMessage } from "../../worker/protocol.ts";

/** Everything a backend needs to start one worker process for one task attempt. */
export interface LaunchSpec {
  unit: Unit;
  plan: string;
  /** The run the worker belongs to. */
  run: string;
  attempt: number;
  pane: string;
  /** The task worktree; the worker's working directory. */
  worktree: string;
  root: string;
  prompt: string;
  /** The prompt, also written to a file outside the worktree. */
  promptFile: string;
  execution: Execution;
  config: ResolvedConfig;
  /** The runner's environment without secrets (each backend adds what its worker needs). */
  env: Record<string, string>;
  /** Files earlier workers' tools touched in this worktree. */
  priorWrites: string[];
  /** The settlement verdict an in-place retry answers (null otherwise). */
  settlementError: string | null;
  /** How the worker and what it runs are confined. */
  confinement: Confinement;
  /** The repo map of the worktree, when the runner has it (a fresh worktree at its base); else the worker makes its own. */
  repoMap: string | null;
}

/** One line from a worker: a protocol message, or plain output. */
export type WorkerLine = { kind: "message"; message: WorkerMessage } | { kind: "output"; stream: "stdout" | "stderr"; line: string };

export interface RunningWorker {
  pid: number;
  lines: AsyncIterable<WorkerLine>;
  exited: Promise<number>;
  /** Signals the worker's whole process group. */
  kill(signal?: NodeJS.Signals): void;
}

/** A way of running workers: `command` (an external program) or `llm` (dgov's own agent). */
export interface WorkerBackend {
  name: Execution["backend"];
  launch(spec: LaunchSpec): RunningWorker;
}
