import type * as v from "valibot";
import type { ResolvedConfig } from "../config/resolve.ts";
import type { ExecResult } from "../exec/exec.ts";

/** The plugin API version this dgov implements; a plugin declares it as `api`. */
export const PLUGIN_API_VERSION = 1;

/** Project configuration as plugins see it: `.dgov/project.toml` with defaults applied. */
export type ProjectConfig = ResolvedConfig;

// ── Capabilities a plugin receives ───────────────────────────────────────────────────────────

export interface ExecOptions {
  /** Working directory; defaults to the tree being judged (gates) or the worktree (tools). */
  cwd?: string;
  /** Extra environment variables on top of the scrubbed environment. */
  env?: Record<string, string>;
  timeoutMs?: number;
  stdin?: string;
  /**
   * Not recorded among the commands of the gate's run (`gate_completed`): for a gate's own
   * reads and probes (`cat`, `test -f`), not for the checks it runs. Default false.
   */
  quiet?: boolean;
}

/** Exit code (127: program not found, 128+n: killed by signal n), output, timeout flag. */
export type { ExecResult } from "../exec/exec.ts";

/**
 * Runs an argv array (never a shell string). The process group is killed on timeout. In a run
 * with the sandbox on, the program runs inside it: the tree it runs in writable (its `.git`
 * read-only), the rest of the file system read-only, no network, no other process visible.
 */
export type ExecFn = (argv: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export interface PluginLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** What every contribution gets at run time: capabilities by injection, nothing ambient. */
export interface PluginContext<O = unknown> {
  /** The project root (the directory holding `.dgov/`). */
  root: string;
  exec: ExecFn;
  log: PluginLogger;
  /** Milliseconds since the epoch; fixed in tests. */
  now(): number;
  signal: AbortSignal;
  /** This contribution's options from project.toml, validated and with defaults applied. */
  options: O;
}

// ── Gates ────────────────────────────────────────────────────────────────────────────────────

export type GatePhase = "review" | "autofix" | "isolated" | "candidate" | "post-run";

/** The phases a gate runs in. */
export function gatePhases(gate: { phase: GatePhase | readonly GatePhase[] }): readonly GatePhase[] {
  return typeof gate.phase === "string" ? [gate.phase] : gate.phase;
}
export type ContributionOrder = "pre" | "normal" | "post";
export type TaskRole = "worker" | "researcher" | "reviewer";

export interface Claims {
  create: string[];
  edit: string[];
  delete: string[];
  touch: string[];
  read: string[];
}

export interface ChangedFile {
  path: string;
  status: "added" | "modified" | "deleted" | "renamed";
  /** The source path of a rename. */
  oldPath?: string;
}

/** The task whose change a gate judges. */
export interface GateTask {
  id: string;
  plan: string;
  role: TaskRole;
  summary: string;
  claims: Claims;
  /** The task's own `test_cmd`, when it sets one. */
  testCmd: string | null;
}

/** What a gate judges: one task's change in one tree. */
export interface GateInput {
  /** The phase being run (a gate declared for several phases sees which one). */
  phase: GatePhase;
  /** The tree being judged: the task worktree, the integration candidate, or the project root. */
  dir: string;
  /**
   * The task, or null outside a run: `dgov preflight` judges the project root's uncommitted
   * changes, which no task claims. Gates that need claims skip then.
   */
  task: GateTask | null;
  /** The commit the change is measured against. */
  baseSha: string;
  /** The task commit (null before commit, in the review and autofix phases). */
  headSha: string | null;
  /** The target branch head at settlement time (candidate phase). */
  targetSha: string | null;
  changed: ChangedFile[];
  /**
   * Candidate phase: what the target's movement since the task's base changed. The isolated
   * gates already judged the task commit on that base (in a clean checkout), so a gate may
   * keep that verdict for what these files cannot affect. Absent in other phases.
   */
  targetChanges?: ChangedFile[];
  /**
   * Candidate phase: the task's own base and commit (`baseSha` and `headSha` are then the
   * target and the replayed commit), for gates that compare what each side changed.
   */
  taskBaseSha?: string;
  taskSha?: string;
  /**
   * Files the worker's tools wrote at some point (telemetry), even if written and removed
   * again: settlement's transient-write check. Empty for changes made without dgov's tools.
   */
  transientWrites: string[];
  config: ProjectConfig;
}

/** What a gate receives at run time: the plugin capabilities, and a checkout of the base. */
export interface GateContext<O = unknown> extends PluginContext<O> {
  /**
   * A checkout of `baseSha` (a detached worktree with the project's setup_cmd run), created on
   * first use and removed after settlement: for comparing with the base, e.g. type-check
   * diagnostics that existed before the change.
   */
  baselineDir(): Promise<string>;
  /**
   * dgov's own git in a tree (`cwd`, default the judged tree), outside the sandbox so it can
   * write objects and the index: every program the repository's config could make git run
   * (hooks, fsmonitor, filter/diff/merge drivers, pagers) is switched off, and its environment
   * holds no secret. For git plumbing a gate needs; the project's own commands go through `exec`.
   */
  git(args: readonly string[], opts?: { cwd?: string; stdin?: string; timeoutMs?: number }): Promise<ExecResult>;
}

export interface Finding {
  /** A stable id of what was violated, e.g. `scope/unclaimed` or `eslint/no-unused-vars`. */
  rule: string;
  message: string;
  file?: string;
  line?: number;
  /** Other files the finding involves besides `file` (an import cycle's loop): what a fix may need to edit. */
  files?: string[];
  /** What the worker should do about it. */
  hint?: string;
}

/**
 * A gate's verdict. `details` is recorded with the run for whoever audits it (e.g. the tests
 * gate's `{ targets: [...] }`): JSON values, never shown to the worker.
 */
export type GateResult =
  | { status: "pass"; details?: Record<string, unknown> }
  | { status: "fail"; findings: Finding[]; details?: Record<string, unknown> }
  | { status: "skip"; reason: string; details?: Record<string, unknown> };

export interface GateDef<O = unknown> {
  /** Unique, kebab-case; also the key of `[gates.<name>]` in project.toml. */
  name: string;
  description: string;
  /**
   * When it runs; a validation gate may name several phases, e.g. `["isolated", "candidate"]`
   * to judge the task branch and again the task replayed onto the current target.
   */
  phase: GatePhase | readonly GatePhase[];
  order?: ContributionOrder;
  /** Schema of `[gates.<name>]` (besides `level`); validated once when plugins load. */
  options?: v.GenericSchema<unknown, O>;
  /** Returning false skips the gate for this input. */
  appliesTo?(input: GateInput): boolean;
  /**
   * A reason to skip this input without running `check` (e.g. its command is not configured),
   * or null. Decided from the input alone, before settlement prepares a tree for the gate: when
   * every gate of the candidate phase skips, no candidate checkout is made.
   */
  skip?(input: GateInput): string | null;
  /**
   * False: the gate reads only commits (`ctx.git`, e.g. `git show <sha>:<path>`), never the
   * judged tree's files, so settlement makes no checkout for it (its `dir` is then the project
   * root, for git alone; `dgov preflight` still gives the working tree). Default true.
   */
  tree?: boolean;
  /**
   * For a gate of the phases that run in the task's worktree (review, autofix), when that
   * worktree is sparse (`[git] sparse`): the folders it reads besides the task's claimed paths
   * and the top-level files (repository-relative), or null for the whole tree, which then makes
   * the task's worktree a full one. Asked at dispatch, only when `skip` gives no reason for the
   * task's claims taken as its change. Default: nothing with `tree: false`, else null.
   */
  worktreeReads?(task: GateTask, config: ProjectConfig): readonly string[] | null;
  check(input: GateInput, ctx: GateContext<O>): GateResult | Promise<GateResult>;
}

// ── Worker tools ─────────────────────────────────────────────────────────────────────────────

export type ToolRole = "worker" | "researcher" | "reviewer" | "planner";
/** `read` tools only look; `write` tools change files in the worktree; `exec` tools run programs. */
export type ToolEffect = "read" | "write" | "exec";

/** The task a tool works for, as the governor scoped it. */
export interface TaskScope {
  taskId: string;
  claims: Claims;
  /** Test paths the task may run (claimed paths under the project's test_dir). */
  verifyTestTargets: string[];
  ignoreFiles: string[];
  allowFiles: string[];
  denyFiles: string[];
  /** A settlement retry after a failing test: `done` needs a passing run_tests first. */
  requireTestVerification?: boolean;
  /** The test command settlement saw fail, shown to the worker. */
  requiredVerificationCommand?: string;
}

/** A file-system result: a value, or the reason (rendered to the model as `Error: <reason>`). */
export type FileResult<T> = ({ ok: true } & T) | { ok: false; error: string };

/**
 * The worktree's files, as tools may touch them. Every path the model gives is resolved here:
 * relative to the worktree, `..` and symlinks followed; a path that ends up outside the
 * worktree is refused (`Path traversal attempt blocked.`), and nothing under `.git/` is
 * writable. Failures are values, never exceptions.
 */
export interface WorktreeFiles {
  /** `rel` is the worktree-relative path with `/` separators. */
  resolve(path: string, opts?: { write?: boolean }): FileResult<{ abs: string; rel: string }>;
  /** UTF-8 text of a regular file; refuses missing files, directories, binary or oversized files. */
  readText(path: string): FileResult<{ text: string; rel: string }>;
  /** Writes UTF-8 text, creating parent folders; `create: true` refuses an existing file. */
  writeText(path: string, text: string, opts?: { create?: boolean }): FileResult<{ rel: string }>;
  /** Entries of a directory, sorted, without dot entries. */
  list(path: string): FileResult<{ entries: { name: string; rel: string; dir: boolean; size: number }[] }>;
  /** Regular files below `path` (default the worktree), worktree-relative, sorted; dot components and links leaving the worktree skipped. */
  walk(path?: string): FileResult<{ files: string[] }>;
  exists(path: string): boolean;
}

/** State shared by the tool calls of one worker process (e.g. "a test run passed"). */
export type ToolSession = Map<string, unknown>;

/** What a planning session (`dgov plan create`) offers the planner's tools. */
export interface PlannerCapability {
  /** Asks the user one question and waits for the answer; absent when planning is autonomous. */
  ask?(question: string): Promise<string>;
  /** The real compiler's problems with an emitted plan, as it words them; null when it compiles. */
  check(plan: Record<string, unknown>): string | null;
  /** Keeps the accepted plan: the session's result. */
  accept(plan: Record<string, unknown>): void;
}

export interface ToolContext<O = unknown> extends PluginContext<O> {
  /** The worktree the tool is confined to (an absolute, real path). */
  worktree: string;
  scope: TaskScope | null;
  config: ProjectConfig;
  files: WorktreeFiles;
  /**
   * Runs a shell command line as run_bash does: `sh -c` in the worktree, the sandbox
   * environment (no secrets, HOME in a temp folder), stdin closed, a timeout that kills the
   * process group. Only for command lines the model or the project's config wrote.
   */
  shell(command: string, opts?: { timeoutMs?: number }): Promise<ExecResult>;
  /** The sandbox environment `exec` and `shell` use. */
  env: Record<string, string>;
  session: ToolSession;
  /** Only in a planning session (planner role). */
  planner?: PlannerCapability;
  /**
   * dgov's own git in the worktree, outside the sandbox (repository-configured programs off,
   * no secrets): for a tool's bookkeeping of what the worker did (which files a command
   * changed), never to run what the model asked for; that goes through `exec` and `shell`.
   */
  git(args: readonly string[], opts?: { timeoutMs?: number }): Promise<ExecResult>;
}

export type ToolResult = { ok: true; output: string; writes?: string[] } | { ok: false; error: string };

export interface ToolDef<S extends v.GenericSchema = v.GenericSchema, O = unknown> {
  /** Unique, snake_case; the name the model calls. */
  name: string;
  description: string;
  /** A valibot object schema of the arguments; also the JSON schema the model sees. */
  args: S;
  roles: ToolRole[];
  effect: ToolEffect;
  options?: v.GenericSchema<unknown, O>;
  /**
   * Can this tool work here? A reason it cannot (a program not installed, a command not
   * configured), or null. A tool that cannot is not offered to the model; the system prompt
   * and `dgov doctor` say which were withheld and why.
   */
  available?(env: ToolSetting): string | null;
  run(args: v.InferOutput<S>, ctx: ToolContext<O>): ToolResult | Promise<ToolResult>;
}

/** What a tool's availability is judged on: the project's configuration and the tools' PATH. */
export interface ToolSetting {
  config: ResolvedConfig;
  /** The PATH the tool's programs are looked up on. */
  path: string;
}

// ── Verification recipes ─────────────────────────────────────────────────────────────────────

export interface VerifyStep {
  id: string;
  argv: string[];
  timeoutMs?: number;
}

export interface VerifyDef {
  name: string;
  description?: string;
  /** Globs of repo paths this recipe verifies. */
  match: string[];
  steps: VerifyStep[];
}

// ── Toolchains (language detection and commands) ─────────────────────────────────────────────

/** Read-only view of a repository for toolchain detection. */
export interface RepoProbe {
  root: string;
  exists(path: string): boolean;
  readText(path: string): string | null;
  /** Parsed JSON, or null when missing or invalid. */
  readJson(path: string): unknown;
  /** Parsed TOML (through dgov's TOML reader), or null when missing or invalid. */
  readToml(path: string): Record<string, unknown> | null;
  /** Source files per extension (`.ts` → 12), ignoring VCS, dependency and build directories. */
  filesByExtension: ReadonlyMap<string, number>;
  /** Relative paths of the files found (same exclusions), sorted. */
  files: readonly string[];
  /** Shell lines the repo's CI runs (GitHub Actions `run:` steps), in file order: what the project really runs. */
  ciCommands: readonly string[];
}

export interface ToolchainCommands {
  test_cmd?: string;
  lint_cmd?: string;
  lint_fix_cmd?: string;
  format_cmd?: string;
  format_check_cmd?: string;
  type_check_cmd?: string;
  setup_cmd?: string;
  coverage_cmd?: string;
}

export interface ToolchainDetection {
  /** The value for `[project].language`. */
  language: string;
  /** Source files of this language, to pick the dominant toolchain of a mixed repo. */
  sourceFiles: number;
  sourceExtensions: string[];
  /** Tools found, e.g. `["bun", "tsc", "biome", "bun test"]`. */
  tools: string[];
  commands: ToolchainCommands;
  /** `[tool_policy]` defaults for this language. */
  toolPolicy?: { require_wrapped_verify_tools?: boolean; require_uv_run?: boolean };
  /** Managed files that workers may touch incidentally (lockfiles, …), for `[scope] ignore_files`. */
  ignoreFiles?: string[];
  /** Folders setup_cmd installs that fresh trees may take from the root (`[project] reuse_dirs`: `node_modules`). */
  reuseDirs?: string[];
  /** `[project].src_dir` when the toolchain knows it better than the host's layout guess (Python's import root). */
  srcDir?: string;
  /** `[project].test_dir` when the toolchain knows it better (`.`: tests live beside the code, as in Go). */
  testDir?: string;
  /** What the user should know about the choices: a tool found twice, a command left out and why. */
  notes?: string[];
}

export interface ToolchainDef {
  name: string;
  description: string;
  /** Returns null when the repo does not use this toolchain. */
  detect(probe: RepoProbe): ToolchainDetection | null;
}

// ── Plugins ──────────────────────────────────────────────────────────────────────────────────

export interface PluginDef {
  /** Unique, kebab-case. */
  name: string;
  /** The plugin API version; must equal PLUGIN_API_VERSION. */
  api: number;
  description?: string;
  // `any`: each contribution has its own option and argument types.
  gates?: GateDef<any>[];
  tools?: ToolDef<any, any>[];
  verify?: VerifyDef[];
  toolchains?: ToolchainDef[];
  /** Extra SOP folders, relative to the plugin's file. */
  sops?: string[];
}

/** What a plugin module exports as default: a definition, or a factory taking its options. */
export type PluginExport = PluginDef | ((options: Record<string, unknown>) => PluginDef | Promise<PluginDef>);
