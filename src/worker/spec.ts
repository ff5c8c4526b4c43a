import { readFileSync } from "node:fs";
import * as v from "valibot";
import { DgovError } from "../errors.ts";
import type { ResolvedConfig } from "../config/resolve.ts";
import { formatKeyPath, problemsFromIssues } from "../problems.ts";

/*
 * What the runner tells one agent process: a JSON file written next to the attempt's prompt,
 * read by `dgov __worker --spec <file>`. Everything is resolved by the runner once (provider,
 * model alias, claims), so every launch of a task — dispatch, retry, fork — sees the same.
 */

const str = v.string();
const list = v.array(v.string());
const positive = v.pipe(v.number(), v.minValue(0));

export const providerSpec = v.object({
  name: str,
  base_url: str,
  api_key_env: str,
  /** Stream replies (tool-call fragments are assembled), or one JSON reply per request. */
  stream: v.boolean(),
  /** Retries of one request on 429, 408, 409, 5xx and connection errors. */
  max_retries: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Backoff: base delay, doubled per retry, with ±20 % jitter; Retry-After is capped at max. */
  retry_base_s: positive,
  retry_max_s: positive,
  request_timeout_s: positive,
});

const claims = v.object({ create: list, edit: list, delete: list, touch: list, read: list });

/** How the agent confines its tools: the governor's decision for the run (exec/confine.ts). */
export const confinementSpec = v.object({
  sandbox: v.nullable(v.object({ kind: v.picklist(["bwrap", "seatbelt"]), program: str })),
  network: v.union([v.picklist(["off", "on"]), list]),
  hide: list,
  readable: list,
  cache: str,
  proxies: v.record(str, v.object({ socket: str, port: v.number() })),
});

export const workerSpecSchema = v.object({
  version: v.literal(1),
  role: v.picklist(["worker", "researcher", "reviewer", "planner"]),
  task: str,
  plan: str,
  /** The run that started this agent: its tools' process groups are recorded under it. */
  run: v.optional(str, ""),
  attempt: v.pipe(v.number(), v.integer(), v.minValue(1)),
  pane: str,
  /** The project root (holds `.dgov/`); config and plugins are loaded from here. */
  root: str,
  worktree: str,
  goal: str,
  agent: str,
  model: str,
  provider: providerSpec,
  budget: v.pipe(v.number(), v.integer(), v.minValue(1)),
  warn_at: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The task's own test command, when it sets one (replaces `[project] test_cmd` for tools). */
  test_cmd: v.optional(str, ""),
  scope: v.nullable(
    v.object({
      taskId: str,
      claims,
      verifyTestTargets: list,
      ignoreFiles: list,
      allowFiles: list,
      denyFiles: list,
      requireTestVerification: v.optional(v.boolean()),
      requiredVerificationCommand: v.optional(str),
    }),
  ),
  /** Files earlier attempts' tools touched in this worktree (transient writes). */
  prior_writes: v.optional(list, []),
  heartbeat_ms: v.optional(positive, 15_000),
  /** Absent when the agent is started by hand: it then decides from the project's [sandbox] as a run would. */
  confinement: v.optional(confinementSpec),
  /**
   * The project config the run resolved (budgets from the command line included), so every
   * launch of the run sees the same config and the agent reads no TOML. Absent when started by
   * hand: the agent then loads `.dgov/project.toml` itself.
   */
  config: v.optional(v.custom<ResolvedConfig>((x) => typeof x === "object" && x !== null && !Array.isArray(x), "expected the resolved config (an object)")),
  /** The repo map, when the runner made it (the worktree is its base commit); else the worker walks the tree. */
  repo_map: v.optional(str),
  /** A planner that may ask the user (`ask_user`): questions go out as protocol lines, answers come in on stdin. */
  interactive: v.optional(v.boolean(), false),
  /** The conversation is kept under this many characters by trimming old tool output. */
  context_chars: v.optional(positive, 400_000),
});

export type WorkerSpec = v.InferOutput<typeof workerSpecSchema>;
export type ProviderSpec = v.InferOutput<typeof providerSpec>;
export type WorkerRole = WorkerSpec["role"];

/** Reads and validates a spec file; every problem is named with its key path. */
export function readWorkerSpec(file: string): WorkerSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DgovError({ code: "E_WORKER_SPEC", message: `cannot read worker spec ${file}: ${(error as Error).message}` });
  }
  const parsed = v.safeParse(workerSpecSchema, raw);
  if (parsed.success) return parsed.output;
  const problems = problemsFromIssues(parsed.issues, workerSpecSchema).map((p) => `${formatKeyPath(p.path)}: ${p.message}`);
  throw new DgovError({ code: "E_WORKER_SPEC", message: `invalid worker spec ${file}: ${problems.join("; ")}` });
}
