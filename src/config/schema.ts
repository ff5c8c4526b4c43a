import * as v from "valibot";

/*
 * The input schema of `.dgov/project.toml`: every key dgov-py 0.8.1 accepts (spec plans-config
 * §3), plus dgov's own (`max_parallel`, `[plugins]`, `[gates.<name>]`, `[tools.<name>]`). Every key is optional
 * here; defaults are applied in one place, resolve.ts. Unknown keys are errors (strict objects),
 * reported with the nearest known name by issues.ts.
 */

const str = v.string("expected a string");
const bool = v.boolean("expected a boolean (true or false)");
const num = v.pipe(v.number("expected a number"), v.finite("expected a finite number (not inf or nan)"));
const strList = v.array(v.string("expected a string"), "expected an array of strings");
const nonEmpty = v.pipe(str, v.trim(), v.nonEmpty("expected a non-empty string"));
const int = (min: number) =>
  v.pipe(
    v.number("expected an integer"),
    v.integer("expected an integer"),
    v.minValue(min, `expected an integer >= ${min}`),
  );
const table = <T extends v.ObjectEntries>(entries: T) => v.strictObject(entries, "expected a table");
const tableOf = <T extends v.GenericSchema>(item: T) => v.record(v.string(), item, "expected a table");

export const projectTable = table({
  language: v.optional(str),
  src_dir: v.optional(str),
  test_dir: v.optional(str),
  test_cmd: v.optional(str),
  lint_cmd: v.optional(str),
  format_cmd: v.optional(str),
  lint_fix_cmd: v.optional(str),
  format_check_cmd: v.optional(str),
  type_check_cmd: v.optional(str),
  test_markers: v.optional(strList),
  worker_iteration_budget: v.optional(int(1)),
  worker_iteration_warn_at: v.optional(int(0)),
  worker_tree_max_lines: v.optional(int(0)),
  line_length: v.optional(int(1)),
  source_extensions: v.optional(strList),
  provider: v.optional(nonEmpty),
  default_agent: v.optional(str),
  bootstrap_timeout: v.optional(int(1)),
  settlement_timeout: v.optional(int(1)),
  review_hooks: v.optional(strList),
  setup_cmd: v.optional(str),
  reuse_dirs: v.optional(v.array(v.pipe(nonEmpty, v.check((d) => !d.startsWith("/") && !d.split("/").includes(".."), "expected a folder inside the project (relative, no '..')")), "expected an array of folders")),
  coverage_cmd: v.optional(str),
  coverage_threshold: v.optional(num),
  max_parallel: v.optional(int(1)),
  max_cost: v.optional(v.pipe(num, v.minValue(0, "expected a cost >= 0 (USD)"))),
  max_tokens: v.optional(int(0)),
  merge_order: v.optional(v.picklist(["component", "topological", "ready"], "expected \"component\", \"topological\" or \"ready\"")),
  archive_completed: v.optional(v.boolean("expected a boolean (true or false)")),
  port_base: v.optional(v.pipe(int(1024), v.maxValue(65535, "expected a port <= 65535"))),
  port_count: v.optional(v.pipe(int(1), v.maxValue(1000, "expected at most 1000 ports per task"))),
});

const envVarName = v.pipe(
  nonEmpty,
  v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected an environment variable name (letters, digits, _)"),
);

/** A host a sandboxed process may reach through dgov's proxy: `api.example.com`, `*.example.com`, `10.0.0.2:8443`. */
const hostPattern = v.pipe(
  str,
  v.trim(),
  v.regex(/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/, "expected a host name or address, optionally *.domain or host:port"),
);

/** `"off"`, `"on"`, or the hosts allowed. */
const networkSetting = v.union(
  [v.picklist(["off", "on"], "expected \"off\" or \"on\""), v.pipe(v.array(hostPattern, "expected an array of host names"), v.minLength(1, "expected at least one host (or \"off\")"))],
  "expected \"off\", \"on\" or an array of host names such as [\"api.example.com\"]",
);

/**
 * `[agents]`: `name = "model-id"` is an alias (dgov-py); `[agents.<name>] command = [...]` is
 * an external worker program (Claude Code, Codex, aider, a script) run in the task worktree.
 */
export const agentEntry = v.union(
  [
    str,
    table({
      command: v.pipe(v.array(v.string("expected a string"), "expected an argv array"), v.minLength(1, "expected a program and its arguments, e.g. [\"claude\", \"-p\"]")),
      description: v.optional(str),
      /** Variables of dgov's environment the program gets besides the secret-free ones (its own API key). */
      env: v.optional(v.array(envVarName, "expected an array of environment variable names")),
      /** Where it may connect, instead of `[sandbox] network` (a hosted model's API). */
      network: v.optional(networkSetting),
      /** Its own state it must write besides the worktree (`~/.claude`), `~/` expanded. */
      writable: v.optional(strList),
    }),
  ],
  "expected a model id, or a table with command = [\"program\", \"arg\", …]",
);

export const gitTable = table({
  name: v.optional(nonEmpty),
  email: v.optional(nonEmpty),
  target: v.optional(nonEmpty),
  /** Where task worktrees and settlement checkouts go (relative to the project root, `~/` expanded), outside the repository: in a folder of the project's own there (`<name>-<hash>`), so projects can share it. */
  worktrees_dir: v.optional(nonEmpty),
  /** Task worktrees hold only the top-level files, the claimed paths, `sparse_paths` and what the worktree's gates read (git/sparse.ts). */
  sparse: v.optional(bool),
  /** Folders every sparse task worktree holds besides the claimed ones (shared code, fixtures). */
  sparse_paths: v.optional(v.array(v.pipe(nonEmpty, v.check((d) => !d.startsWith("/") && !d.split("/").some((c) => c === ".." || c === ".") && !/[*?[\]\\]/.test(d), "expected a folder inside the project (relative, no '.', '..' or glob characters)")), "expected an array of folders")),
});

const seconds = v.pipe(num, v.minValue(0, "expected a number of seconds >= 0"));
const price = v.pipe(num, v.minValue(0, "expected a price >= 0 (USD per million tokens)"));

export const providerTable = table({
  base_url: v.pipe(nonEmpty, v.url("expected a URL such as https://api.example.com/v1"), v.regex(/^https?:\/\//i, "expected an http:// or https:// URL such as https://api.example.com/v1")),
  api_key_env: envVarName,
  default_agent: v.optional(str),
  stream: v.optional(bool),
  max_retries: v.optional(int(0)),
  retry_base_s: v.optional(seconds),
  retry_max_s: v.optional(seconds),
  request_timeout_s: v.optional(v.pipe(num, v.minValue(1, "expected a number of seconds >= 1"))),
  price_in: v.optional(price),
  price_out: v.optional(price),
});

export const toolPolicyTable = table({
  restrict_run_bash: v.optional(bool),
  require_wrapped_verify_tools: v.optional(bool),
  require_uv_run: v.optional(bool),
  deny_shell_file_mutations: v.optional(bool),
  deny_shell_commands: v.optional(strList),
});

export const scopeTable = table({
  allow_files: v.optional(strList),
  deny_files: v.optional(strList),
  ignore_files: v.optional(strList),
});

const scalar = v.union([str, num, bool], "expected a string, number or boolean");

export const sentruxTable = table({
  mode: v.optional(
    v.pipe(str, v.toLowerCase(), v.picklist(["diff", "strict"], "expected 'diff' or 'strict'")),
  ),
  stale_commits: v.optional(int(0)),
  stale_days: v.optional(int(0)),
});

/**
 * `[architecture]`: what the architecture gate and `dgov sentrux` judge besides cycles.
 * `rules = [{ from = "src/kernel/**", deny = ["src/runner/**"] }]`: a file matching `from` may
 * import no file matching a `deny` glob. `max_function_lines` / `max_complexity`: limits per
 * function (absent: no limit). `exclude`: globs of files left out of the analysis.
 */
export const architectureTable = table({
  rules: v.optional(v.array(table({ from: nonEmpty, deny: v.pipe(strList, v.minLength(1, "expected at least one glob")) }), "expected an array of { from, deny } tables")),
  max_function_lines: v.optional(int(1)),
  max_complexity: v.optional(int(1)),
  exclude: v.optional(strList),
});

/** `[sandbox]`: how everything the worker causes to run is confined (see src/exec/sandbox.ts). */
export const sandboxTable = table({
  mode: v.optional(v.picklist(["auto", "required", "off"], "expected \"auto\", \"required\" or \"off\"")),
  network: v.optional(networkSetting),
  hide: v.optional(strList),
  readable: v.optional(strList),
  /** Variables of dgov's environment the worker's tools get besides the built-in allowlist. */
  pass_env: v.optional(v.array(envVarName, "expected an array of environment variable names")),
});

/** `[notify]`: told when a run ends (a command given the summary as JSON on stdin; a desktop notification). */
export const notifyTable = table({
  command: v.optional(v.pipe(v.array(nonEmpty, "expected an array of strings, the program first"), v.minLength(1, "expected the program and its arguments"))),
  desktop: v.optional(v.boolean("expected true or false")),
  timeout_s: v.optional(v.pipe(num, v.minValue(0, "expected a number of seconds >= 0"))),
});

export const verifyRecipe = table({
  command: nonEmpty,
  description: v.optional(str),
  log_name: v.optional(str),
  parser: v.optional(str),
});

const pluginEntry = v.union(
  [nonEmpty, table({ from: nonEmpty, options: v.optional(tableOf(v.unknown())) })],
  "expected a path or package name, or a table { from = \"…\", options = { … } }",
);

export const pluginsTable = table({
  load: v.optional(v.array(pluginEntry, "expected an array")),
  disable: v.optional(strList),
});

export const gateLevel = v.picklist(["block", "warn", "off"], "expected \"block\", \"warn\" or \"off\"");

/** `[gates.<name>]`: `level` here; the other keys are the gate's options, checked by the plugin host. */
export const gateTable = v.looseObject({ level: v.optional(gateLevel) }, "expected a table");

export const configSchema = table({
  project: v.optional(projectTable),
  providers: v.optional(tableOf(providerTable)),
  agents: v.optional(tableOf(agentEntry)),
  git: v.optional(gitTable),
  conventions: v.optional(tableOf(v.union([scalar, v.array(scalar)], "expected a string, number, boolean or array"))),
  tool_policy: v.optional(toolPolicyTable),
  scope: v.optional(scopeTable),
  sentrux: v.optional(sentruxTable),
  architecture: v.optional(architectureTable),
  departments: v.optional(tableOf(strList)),
  verify: v.optional(tableOf(verifyRecipe)),
  plugins: v.optional(pluginsTable),
  gates: v.optional(tableOf(gateTable)),
  sandbox: v.optional(sandboxTable),
  notify: v.optional(notifyTable),
  tools: v.optional(tableOf(v.record(v.string(), v.unknown(), "expected a table"))),
});

export type ConfigInput = v.InferOutput<typeof configSchema>;
export type GateLevel = v.InferOutput<typeof gateLevel>;

/** Top-level tables that are maps of named sub-tables: `[providers.<name>]` and friends. */
export const namedTables: ReadonlySet<string> = new Set(["providers", "verify", "gates", "tools"]);

/**
 * `$XDG_CONFIG_HOME/dgov/config.toml`: what is the user's rather than the project's — the
 * providers and agents they use, their defaults (which provider, how many workers, budgets),
 * their commit identity and how they are notified. Merged under the project's file.
 */
export const userProjectTable = table({
  provider: v.optional(nonEmpty),
  default_agent: v.optional(str),
  max_parallel: v.optional(int(1)),
  max_cost: v.optional(v.pipe(num, v.minValue(0, "expected a cost >= 0 (USD)"))),
  max_tokens: v.optional(int(0)),
  port_base: v.optional(v.pipe(int(1024), v.maxValue(65535, "expected a port <= 65535"))),
  port_count: v.optional(v.pipe(int(1), v.maxValue(1000, "expected at most 1000 ports per task"))),
});

export const userConfigSchema = table({
  project: v.optional(userProjectTable),
  providers: v.optional(tableOf(providerTable)),
  agents: v.optional(tableOf(agentEntry)),
  git: v.optional(table({ name: v.optional(nonEmpty), email: v.optional(nonEmpty) })),
  notify: v.optional(notifyTable),
});

export type UserConfigInput = v.InferOutput<typeof userConfigSchema>;
