import type { Claims, TaskRole } from "../plugin/types.ts";

export type { Claims, TaskRole } from "../plugin/types.ts";

/** One task of a compiled plan (a DAG node), as `_compiled.toml` stores it. */
export interface Unit {
  /** `<section>/<file-stem>.<slug>`, e.g. `core/api.add-fn`. */
  id: string;
  summary: string;
  /** The final prompt: matched SOP blocks, then the author's prompt (or prompt_file's text). */
  prompt: string;
  /** Where the author's prompt came from, relative to the plan root (provenance only). */
  promptFile: string;
  commitMessage: string;
  agent: string;
  provider: string;
  role: TaskRole;
  /** Fully qualified ids, in the author's order, without duplicates. */
  dependsOn: string[];
  /** Wall-clock seconds per attempt; null means the default (DEFAULT_TIMEOUT_S). */
  timeoutS: number | null;
  iterationBudget: number | null;
  testCmd: string;
  /** Names of the SOPs bundled into the prompt. */
  sopMapping: string[];
  selfReview: boolean;
  maxForkDepth: number;
  files: Claims;
}

/** `[plan]` of a compiled plan. */
export interface PlanMeta {
  name: string;
  /** SHA-256 of the plan's source files (tree, prompt files); "" for files compiled by dgov-py. */
  sourceHash: string;
  /** dgov-py compiled files record the newest source mtime instead of a hash. */
  sourceMtimeMax: string;
  sopSetHash: string;
  defaultAgent: string;
  defaultProvider: string;
  /** Retries after a failed worker attempt; null means the default (DEFAULT_MAX_RETRIES). */
  maxRetries: number | null;
}

/** A plan as the runner consumes it: metadata and units sorted by id. */
export interface CompiledPlan {
  meta: PlanMeta;
  units: Unit[];
}

/** A non-fatal remark from compile, attached to a unit when it concerns one. */
export interface PlanWarning {
  unit: string | null;
  message: string;
}

/** Wall-clock limit of one worker attempt when a task sets no timeout_s (dgov-py's effective default). */
export const DEFAULT_TIMEOUT_S = 600;
/** Retries of a failed worker attempt when the plan sets no max_retries. */
export const DEFAULT_MAX_RETRIES = 3;
export const TASK_ROLES: readonly TaskRole[] = ["worker", "researcher", "reviewer"];

/** Create, edit, delete and touch claims, deduplicated in that order (read is not a write). */
export function writeClaims(files: Claims): string[] {
  return [...new Set([...files.create, ...files.edit, ...files.delete, ...files.touch])];
}

/** `a/b.c` → `a/b`: everything before the last dot of a unit id. */
export function fileScope(id: string): string {
  return id.slice(0, id.lastIndexOf("."));
}
