import { looksSecret } from "../exec/env.ts";
import type { Problem } from "../problems.ts";
import { didYouMean } from "../suggest.ts";
import { DEFAULT_IGNORE_FILES, reservedShadows } from "./ignore.ts";
import type { ConfigInput, GateLevel } from "./schema.ts";

/** `.dgov/project.toml` with every default applied: what the rest of dgov reads. */
export interface ResolvedConfig {
  project: {
    language: string;
    src_dir: string;
    test_dir: string;
    test_cmd: string;
    lint_cmd: string;
    format_cmd: string;
    lint_fix_cmd: string;
    format_check_cmd: string;
    type_check_cmd: string | null;
    test_markers: string[];
    worker_iteration_budget: number;
    worker_iteration_warn_at: number;
    worker_tree_max_lines: number;
    line_length: number;
    source_extensions: string[];
    /** The selected provider: `[project].provider`, else the only `[providers.*]`, else null. */
    provider: string | null;
    default_agent: string;
    bootstrap_timeout: number;
    settlement_timeout: number;
    review_hooks: string[];
    setup_cmd: string | null;
    /**
     * Folders setup_cmd makes (installed dependencies: `node_modules`) that a worktree or
     * settlement checkout takes from the project root, linked, instead of running setup_cmd,
     * when its install files (manifests, lockfiles) and setup_cmd are the root's.
     */
    reuse_dirs: string[];
    coverage_cmd: string | null;
    coverage_threshold: number;
    max_parallel: number;
    /** Per run: no new dispatches once the run's LLM cost (USD) or tokens reach these; null = no limit. */
    max_cost: number | null;
    max_tokens: number | null;
    merge_order: "component" | "topological" | "ready";
    /** Archive a plan (in a commit) once a run of it completes with every task landed (dgov-py did). */
    archive_completed: boolean;
    /** Each live task's ports (DGOV_PORT, DGOV_PORT_COUNT, PORT): `port_count` of them, in blocks from `port_base` up. */
    port_base: number;
    port_count: number;
  };
  providers: Record<string, ProviderConfig>;
  /** `[agents]` string entries: alias → model id. */
  agents: Record<string, string>;
  /** `[agents.<name>] command`: external worker programs, and the variables they may see besides the secret-free ones. */
  commands: Record<string, { command: string[]; description: string; env: string[]; network: "off" | "on" | string[] | null; writable: string[] }>;
  /**
   * Identity of dgov's commits, the branch tasks land on ("" = the branch checked out), where
   * worktrees go ("" = beside the project), and sparse task worktrees (git/sparse.ts).
   */
  git: { name: string; email: string; target: string; worktrees_dir: string; sparse: boolean; sparse_paths: string[] };
  conventions: Record<string, string>;
  tool_policy: {
    restrict_run_bash: boolean;
    require_wrapped_verify_tools: boolean;
    require_uv_run: boolean;
    deny_shell_file_mutations: boolean;
    deny_shell_commands: string[];
  };
  scope: { allow_files: string[]; deny_files: string[]; ignore_files: string[] };
  /** `configured`: the project has a `[sentrux]` table (dgov sentrux then runs the real binary when installed). */
  sentrux: { mode: "diff" | "strict"; stale_commits: number; stale_days: number; configured: boolean };
  architecture: { rules: { from: string; deny: string[] }[]; max_function_lines: number | null; max_complexity: number | null; exclude: string[] };
  departments: Record<string, string[]>;
  verify: Record<string, { command: string; description: string; log_name: string; parser: string }>;
  plugins: { load: { from: string; options: Record<string, unknown> }[]; disable: string[] };
  /** `[gates.<name>]`: the level, and the remaining keys as the gate's raw options. */
  gates: Record<string, { level: GateLevel; options: Record<string, unknown> }>;
  /** `[tools.<name>]`: a worker tool's raw options. */
  tools: Record<string, Record<string, unknown>>;
  /** `[sandbox]`: whether and how the worker's processes are confined; `hide` and `readable` as written (`~/` not yet expanded). */
  sandbox: { mode: "auto" | "required" | "off"; network: "off" | "on" | string[]; hide: string[]; readable: string[]; pass_env: string[] };
  /** `[notify]`: a command run when a run ends (the summary as JSON on its stdin), and a desktop notification. */
  notify: { command: string[]; desktop: boolean; timeout_s: number };
}

export interface ProviderConfig {
  base_url: string;
  api_key_env: string;
  default_agent: string;
  stream: boolean;
  max_retries: number;
  retry_base_s: number;
  retry_max_s: number;
  request_timeout_s: number;
  /** USD per million prompt / completion tokens; null when unknown (no cost is shown). */
  price_in: number | null;
  price_out: number | null;
}

/**
 * dgov-py's Python commands: the defaults of a project whose language is Python (the default
 * language). Another language gets none: unset commands are not configured and their gates
 * skip; `dgov init` writes the commands its toolchain plugin detects.
 */
const PYTHON_COMMANDS = {
  source_extensions: [".py"],
  test_cmd: "python -m pytest {test_dir} -q --tb=short",
  lint_cmd: "python -m ruff check {file}",
  format_cmd: "python -m ruff format {file}",
  lint_fix_cmd: "python -m ruff check --fix --unsafe-fixes {file}",
  format_check_cmd: "python -m ruff format --check {file}",
};
const NO_COMMANDS = { source_extensions: [], test_cmd: "", lint_cmd: "", format_cmd: "", lint_fix_cmd: "", format_check_cmd: "" };

/** dgov-py's defaults, kept so a repo configured for it behaves the same. */
const PROJECT_DEFAULTS = {
  language: "python",
  src_dir: "src/",
  test_dir: "tests/",
  worker_iteration_budget: 50,
  worker_iteration_warn_at: 40,
  worker_tree_max_lines: 80,
  line_length: 99,
  bootstrap_timeout: 300,
  settlement_timeout: 120,
  coverage_threshold: 2.0,
  max_parallel: 4,
} as const;

const blankToNull = (value: string | undefined) => (value?.trim() ? value : null);
const cleanList = (list: string[] | undefined) => (list ?? []).map((s) => s.trim()).filter(Boolean);

function mapValues<T, U>(record: Record<string, T> | undefined, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([k, val]) => [k, fn(val)]));
}

/** Applies defaults to a validated input. Pure; cross-key checks are in `crossCheck`. */
/** The variables holding the providers' API keys: what no tool, gate or command may see. */
export const providerKeyEnvs = (config: Pick<ResolvedConfig, "providers">): string[] => Object.values(config.providers).map((p) => p.api_key_env);

export function resolveConfig(input: ConfigInput): ResolvedConfig {
  const p = input.project ?? {};
  const providerNames = Object.keys(input.providers ?? {});
  const provider = p.provider ?? (providerNames.length === 1 ? providerNames[0]! : null);
  const providers = mapValues(input.providers, (x): ProviderConfig => ({
    base_url: x.base_url,
    api_key_env: x.api_key_env,
    default_agent: x.default_agent?.trim() ?? "",
    stream: x.stream ?? true,
    max_retries: x.max_retries ?? 4,
    retry_base_s: x.retry_base_s ?? 5,
    retry_max_s: x.retry_max_s ?? 60,
    request_timeout_s: x.request_timeout_s ?? 600,
    price_in: x.price_in ?? null,
    price_out: x.price_out ?? null,
  }));
  const tp = input.tool_policy ?? {};
  const d = PROJECT_DEFAULTS;
  const language = p.language ?? d.language;
  const c = language === "python" ? PYTHON_COMMANDS : NO_COMMANDS;
  return {
    // Spelled out so the resolved table lists keys in the documented order.
    project: {
      language,
      src_dir: p.src_dir ?? d.src_dir,
      test_dir: p.test_dir ?? d.test_dir,
      source_extensions: p.source_extensions ?? [...c.source_extensions],
      test_cmd: p.test_cmd ?? c.test_cmd,
      lint_cmd: p.lint_cmd ?? c.lint_cmd,
      format_cmd: p.format_cmd ?? c.format_cmd,
      lint_fix_cmd: p.lint_fix_cmd ?? c.lint_fix_cmd,
      format_check_cmd: p.format_check_cmd ?? c.format_check_cmd,
      type_check_cmd: blankToNull(p.type_check_cmd),
      setup_cmd: blankToNull(p.setup_cmd),
      reuse_dirs: [...new Set(cleanList(p.reuse_dirs).map((d) => d.replace(/\/+$/, "")))],
      coverage_cmd: blankToNull(p.coverage_cmd),
      coverage_threshold: p.coverage_threshold ?? d.coverage_threshold,
      test_markers: p.test_markers ?? [],
      review_hooks: p.review_hooks ?? [],
      bootstrap_timeout: p.bootstrap_timeout ?? d.bootstrap_timeout,
      settlement_timeout: p.settlement_timeout ?? d.settlement_timeout,
      max_parallel: p.max_parallel ?? d.max_parallel,
      max_cost: p.max_cost ?? null,
      max_tokens: p.max_tokens ?? null,
      merge_order: p.merge_order ?? "component",
      archive_completed: p.archive_completed ?? true,
      port_base: p.port_base ?? 43000,
      port_count: p.port_count ?? 10,
      line_length: p.line_length ?? d.line_length,
      worker_iteration_budget: p.worker_iteration_budget ?? d.worker_iteration_budget,
      worker_iteration_warn_at: p.worker_iteration_warn_at ?? d.worker_iteration_warn_at,
      worker_tree_max_lines: p.worker_tree_max_lines ?? d.worker_tree_max_lines,
      provider,
      default_agent: p.default_agent?.trim() || (provider ? (providers[provider]?.default_agent ?? "") : ""),
    },
    providers,
    agents: Object.fromEntries(Object.entries(input.agents ?? {}).filter((e): e is [string, string] => typeof e[1] === "string")),
    commands: Object.fromEntries(
      Object.entries(input.agents ?? {}).flatMap(([name, a]) => (typeof a === "string" ? [] : [[name, { command: a.command, description: a.description ?? "", env: a.env ?? [], network: a.network ?? null, writable: cleanList(a.writable) }]])),
    ),
    git: {
      name: input.git?.name ?? "dgov-worker",
      email: input.git?.email ?? "agent@dgov.local",
      target: input.git?.target ?? "",
      worktrees_dir: input.git?.worktrees_dir?.trim() ?? "",
      sparse: input.git?.sparse ?? false,
      sparse_paths: [...new Set(cleanList(input.git?.sparse_paths).map((d) => d.replace(/\/+$/, "")))],
    },
    conventions: mapValues(input.conventions, (x) => (Array.isArray(x) ? x.join(", ") : String(x))),
    tool_policy: {
      restrict_run_bash: tp.restrict_run_bash ?? false,
      require_wrapped_verify_tools: tp.require_wrapped_verify_tools ?? false,
      require_uv_run: tp.require_uv_run ?? false,
      deny_shell_file_mutations: tp.deny_shell_file_mutations ?? false,
      deny_shell_commands: tp.deny_shell_commands ?? [],
    },
    scope: {
      allow_files: cleanList(input.scope?.allow_files),
      deny_files: cleanList(input.scope?.deny_files),
      ignore_files: [...new Set([...DEFAULT_IGNORE_FILES, ...cleanList(input.scope?.ignore_files)])],
    },
    sentrux: {
      mode: (input.sentrux?.mode as "diff" | "strict" | undefined) ?? "diff",
      stale_commits: input.sentrux?.stale_commits ?? 10,
      stale_days: input.sentrux?.stale_days ?? 14,
      configured: input.sentrux !== undefined,
    },
    architecture: {
      rules: (input.architecture?.rules ?? []).map((r) => ({ from: r.from, deny: cleanList(r.deny) })),
      max_function_lines: input.architecture?.max_function_lines ?? null,
      max_complexity: input.architecture?.max_complexity ?? null,
      exclude: cleanList(input.architecture?.exclude),
    },
    departments: { ...input.departments },
    verify: mapValues(input.verify, (r) => ({
      command: r.command,
      description: r.description ?? "",
      log_name: r.log_name ?? "",
      parser: r.parser ?? "",
    })),
    plugins: {
      load: (input.plugins?.load ?? []).map((e) =>
        typeof e === "string" ? { from: e, options: {} } : { from: e.from, options: e.options ?? {} },
      ),
      disable: input.plugins?.disable ?? [],
    },
    gates: mapValues(input.gates, ({ level, ...options }) => ({ level: level ?? "block", options })),
    tools: { ...input.tools },
    sandbox: {
      mode: input.sandbox?.mode ?? "auto",
      network: input.sandbox?.network ?? "off",
      hide: cleanList(input.sandbox?.hide),
      readable: cleanList(input.sandbox?.readable),
      pass_env: [...new Set(input.sandbox?.pass_env ?? [])],
    },
    notify: { command: input.notify?.command ?? [], desktop: input.notify?.desktop ?? false, timeout_s: input.notify?.timeout_s ?? 30 },
  };
}

function isBareFileName(name: string): boolean {
  return name !== "." && name !== ".." && !/[/\\]/.test(name) && !/^[A-Za-z]:/.test(name);
}

/** Rules that span keys: provider references, reserved ignore paths, verify log names. */
export function crossCheck(input: ConfigInput): Problem[] {
  const problems: Problem[] = [];
  const providers = Object.keys(input.providers ?? {});
  const selected = input.project?.provider;
  if (selected !== undefined && !providers.includes(selected)) {
    problems.push({
      path: ["project", "provider"],
      message: `selects provider '${selected}', but [providers.${selected}] is not defined${didYouMean(selected, providers)}`,
    });
  }
  const shadows = reservedShadows(input.scope?.ignore_files ?? []);
  if (shadows.length > 0) {
    problems.push({
      path: ["scope", "ignore_files"],
      message: `cannot include patterns that shadow reserved paths: ${shadows.join("; ")}`,
    });
  }
  (input.sandbox?.pass_env ?? []).forEach((name, i) => {
    if (looksSecret(name)) {
      problems.push({
        path: ["sandbox", "pass_env", i],
        message: `'${name}' looks like a credential, and dgov never passes those to the worker's tools; a \`command\` agent that needs its own key lists it in [agents.<name>] env`,
      });
    }
  });
  for (const [name, recipe] of Object.entries(input.verify ?? {})) {
    const logName = recipe.log_name ?? `${name}.log`;
    if (!isBareFileName(logName)) {
      const key = recipe.log_name === undefined ? [] : ["log_name"];
      problems.push({
        path: ["verify", name, ...key],
        message: `log file name '${logName}' must be a file name, not a path`,
      });
    }
  }
  return problems;
}
