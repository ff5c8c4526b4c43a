/**
 * `dgov/testing`: what a plugin author needs to test a gate or tool under plain `bun test`.
 * `runGate` and `runTool` go through the host's own validation (options, arguments, result
 * shapes, exceptions), so a test sees exactly what dgov would do with the contribution.
 */
import type * as v from "valibot";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { resolveConfig } from "../config/resolve.ts";
import { type Confinement, sandboxedEnv, workerSandbox } from "../exec/confine.ts";
import { detectSandbox } from "../exec/sandbox.ts";
import { git } from "../git/run.ts";
import { createContext, gitCapability, TOOL_TIMEOUT_MS, withTools } from "./context.ts";
import { type GateOutcome, parseOptions, runGateCheck, runToolCall } from "./invoke.ts";
import { createToolEnv } from "./tool-env.ts";
import type {
  ExecFn,
  ExecOptions,
  ExecResult,
  GateDef,
  GateInput,
  GateTask,
  PluginContext,
  ProjectConfig,
  TaskScope,
  ToolDef,
  ToolResult,
  ToolSession,
  PlannerCapability,
} from "./types.ts";

export type { GateOutcome } from "./invoke.ts";

export interface ExecCall {
  argv: string[];
  options: ExecOptions;
}

export interface FakeExecRule {
  /** Exact argv, a RegExp tested against the argv joined by spaces, or a predicate. */
  match: readonly string[] | RegExp | ((argv: readonly string[]) => boolean);
  result?: Partial<ExecResult> | ((argv: readonly string[]) => Partial<ExecResult>);
}

/** An `exec` that runs nothing: it answers from rules and records every call. */
export interface FakeExec extends ExecFn {
  calls: ExecCall[];
}

function matches(rule: FakeExecRule, argv: readonly string[]): boolean {
  if (typeof rule.match === "function") return rule.match(argv);
  if (rule.match instanceof RegExp) return rule.match.test(argv.join(" "));
  return rule.match.length === argv.length && rule.match.every((part, i) => part === argv[i]);
}

/** First matching rule wins; an unmatched call exits 127, as a missing program would. */
export function fakeExec(rules: FakeExecRule[] = []): FakeExec {
  const calls: ExecCall[] = [];
  const fn = async (argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> => {
    calls.push({ argv: [...argv], options });
    const rule = rules.find((r) => matches(r, argv));
    const base: ExecResult = { code: 0, stdout: "", stderr: "", timedOut: false, durationMs: 0 };
    if (!rule) return { ...base, code: 127, stderr: `fakeExec: no rule matches: ${argv.join(" ")}` };
    const result = typeof rule.result === "function" ? rule.result(argv) : rule.result;
    return { ...base, ...result };
  };
  return Object.assign(fn, { calls });
}

export interface LogEntry {
  level: "debug" | "info" | "warn";
  message: string;
}

export interface TestContextOptions<O> {
  root?: string;
  options?: O;
  exec?: ExecFn;
  /** The fixed clock value, in ms since the epoch. */
  now?: number;
  signal?: AbortSignal;
}

/** A plugin context for tests: fake exec by default, a fixed clock, and captured logs. */
export function testContext<O = unknown>(opts: TestContextOptions<O> = {}): PluginContext<O> & { logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  const push = (level: LogEntry["level"]) => (message: string) => logs.push({ level, message });
  return {
    root: opts.root ?? "/repo",
    exec: opts.exec ?? fakeExec(),
    log: { debug: push("debug"), info: push("info"), warn: push("warn") },
    now: () => opts.now ?? 0,
    signal: opts.signal ?? new AbortController().signal,
    options: opts.options as O,
    logs,
  };
}

type InputOverrides = Partial<Omit<GateInput, "task">> & { task?: Partial<GateTask> | null };

/**
 * A gate input with sensible defaults: a worker task with no claims, in review phase.
 * `task: null` is the input of `dgov preflight` (no task, no claims).
 */
export function gateInput(overrides: InputOverrides = {}): GateInput {
  const { task, ...rest } = overrides;
  return {
    phase: "review",
    dir: "/repo",
    baseSha: "0".repeat(40),
    headSha: null,
    targetSha: null,
    changed: [],
    transientWrites: [],
    config: defaultConfig(),
    ...rest,
    task: task === null ? null : {
      id: "tasks/main.example",
      plan: "example",
      role: "worker",
      summary: "",
      testCmd: null,
      ...task,
      claims: { create: [], edit: [], delete: [], touch: [], read: [], ...task?.claims },
    },
  };
}

/** The project configuration dgov uses when `.dgov/project.toml` is absent. */
export function defaultConfig(): ProjectConfig {
  return resolveConfig({});
}

export interface RunOptions {
  /** Options as they would appear in `[gates.<name>]` / `[tools.<name>]`. */
  options?: unknown;
  exec?: ExecFn;
  root?: string;
  now?: number;
}

export interface GateRunOptions extends RunOptions {
  /** What `ctx.baselineDir()` returns: a checkout of the base (default: an error if asked). */
  baselineDir?: string;
}

function checkedOptions(kind: string, name: string, schema: v.GenericSchema | undefined, raw: unknown): unknown {
  const parsed = parseOptions(schema, raw);
  if (parsed.ok) return parsed.value;
  const lines = parsed.problems.map((p) => `${p.path.join(".") || "(options)"}: ${p.message}`);
  throw new Error(`invalid options for ${kind} '${name}': ${lines.join("; ")}`);
}

/** Runs a gate as the host would: options validated, exceptions turned into `error`. */
export async function runGate<O>(gate: GateDef<O>, input: GateInput = gateInput(), opts: GateRunOptions = {}): Promise<GateOutcome> {
  const options = checkedOptions("gate", gate.name, gate.options, opts.options) as O;
  const baselineDir = async () => {
    if (opts.baselineDir === undefined) throw new Error("this test gave the gate no baseline checkout (runGate option baselineDir)");
    return opts.baselineDir;
  };
  return runGateCheck(gate, input, { ...testContext<O>({ ...opts, options, root: opts.root ?? input.dir }), baselineDir, git: gitCapability(input.dir) });
}

export interface ToolRunOptions extends RunOptions {
  worktree?: string;
  scope?: TaskScope | null;
  config?: ProjectConfig;
  /**
   * Run commands for real, in the environment a worker's tools get (throwaway HOME, no secrets),
   * instead of through `exec` (a fakeExec by default).
   */
  real?: boolean;
  /**
   * With `real`: inside the OS sandbox too, as in a run (the worktree and the tools' HOME
   * writable, its `.git` and everything else read-only, no network). Throws when this machine
   * has no sandbox.
   */
  sandboxed?: boolean;
  /** State shared across calls, as within one worker process (e.g. a passed test run). */
  session?: ToolSession;
  /** A planning session's capabilities (planner tools: emit_plan, ask_user). */
  planner?: PlannerCapability;
}

/** Runs a tool call as the host would: arguments validated, failures as `{ ok: false }`. */
export async function runTool<S extends v.GenericSchema, O>(
  tool: ToolDef<S, O>,
  args: unknown,
  opts: ToolRunOptions = {},
): Promise<ToolResult> {
  const options = checkedOptions("tool", tool.name, tool.options, opts.options) as O;
  const worktree = opts.worktree ?? "/repo";
  const config = opts.config ?? defaultConfig();
  const tools = opts.real ? createToolEnv(worktree, config) : null;
  try {
    const base = testContext<O>({ ...opts, options, root: opts.root ?? worktree });
    const confinement = tools && opts.sandboxed ? await testConfinement(worktree, tools.home) : null;
    const env = tools ? { ...tools.env, ...(confinement ? sandboxedEnv(confinement) : {}) } : {};
    if (tools) {
      const sandbox = confinement ? workerSandbox(confinement, worktree, tools.home) : null;
      base.exec = createContext({ ...base, cwd: worktree, tag: tool.name, env, timeoutMs: TOOL_TIMEOUT_MS, confine: () => sandbox }).exec;
    }
    const ctx = withTools(base, { worktree, scope: opts.scope ?? null, config, env, session: opts.session ?? new Map(), ...(opts.planner ? { planner: opts.planner } : {}) });
    return await runToolCall(tool as ToolDef<v.GenericSchema, O>, args, ctx);
  } finally {
    tools?.dispose();
  }
}

/** This machine's sandbox for a test's worktree: its repository's git dir readable, a cache in the tools' HOME. */
async function testConfinement(worktree: string, home: string): Promise<Confinement> {
  const found = await detectSandbox();
  if (!found.ok) throw new Error(`runTool({ sandboxed: true }): ${found.reason}. ${found.hint}`);
  const common = await git(["rev-parse", "--path-format=absolute", "--git-common-dir"], worktree);
  const readable = common.code === 0 ? [common.stdout.trim()] : [];
  const cache = join(home, ".cache");
  mkdirSync(cache, { recursive: true });
  return { sandbox: { kind: found.kind, program: found.program }, network: "off", hide: [], readable, cache, proxies: {} };
}
