/**
 * Repositories for end-to-end runs with dgov's own LLM worker against the fake model server:
 * every task's prompt carries a marker `[[task:<slug>]]`, so a test scripts each task's
 * conversation with `byTask(slug, turns)`.
 */
import { afterAll, afterEach, beforeAll } from "bun:test";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { dgovAsync, type DgovRun } from "./dgov.ts";
import { type Conversation, type ModelServer, type ModelServerOptions, startModelServer, type Turn } from "./model-server.ts";
import { type FixtureRepo, makeRepo, worktreeFolders } from "./repo.ts";

export const TEST_KEY_ENV = "DGOV_FAKE_API_KEY";
export const TEST_KEY = "sk-test-0123456789";

export interface LlmTask {
  slug: string;
  deps?: string[];
  create?: string[];
  edit?: string[];
  read?: string[];
  role?: "worker" | "researcher" | "reviewer";
  provider?: string;
  timeout?: number;
  budget?: number;
  prompt?: string;
  selfReview?: boolean;
}

export interface LlmRepo {
  repo: FixtureRepo;
  /** `dgov <args>` through the compiled binary, with the test API key set. */
  dgov(args: string[], env?: Record<string, string | undefined>): Promise<DgovRun>;
  run(args?: string[], env?: Record<string, string | undefined>): Promise<DgovRun>;
  log(): string[];
  file(path: string): string | null;
  /** Task worktrees and settlement checkouts left next to the project (parked ones aside). */
  worktrees(): string[];
  /** Parked checkouts, kept for the next tasks (see src/git/worktree.ts). */
  parked(): string[];
  remove(): void;
}

/** The conversation of one task: requests whose first user message names it. */
export function byTask(slug: string, turns: Turn[], after?: Turn): Conversation {
  return { match: new RegExp(`\\[\\[task:${slug}\\]\\]`), turns, ...(after ? { after } : {}) };
}

const quote = (s: string) => JSON.stringify(s);

function taskToml(t: LlmTask): string {
  const lines = [
    `[tasks.${t.slug}]`,
    `summary = ${quote(`task ${t.slug}`)}`,
    `prompt = ${quote(`[[task:${t.slug}]]\n${t.prompt ?? `Orient:\nLook around.\nEdit:\nDo ${t.slug}.\nVerify:\nCheck it.`}`)}`,
    `commit_message = ${quote(`Task ${t.slug}`)}`,
  ];
  if (t.deps?.length) lines.push(`depends_on = ${JSON.stringify(t.deps)}`);
  for (const kind of ["create", "edit", "read"] as const) if (t[kind]?.length) lines.push(`files.${kind} = ${JSON.stringify(t[kind])}`);
  if (t.role) lines.push(`role = ${quote(t.role)}`);
  if (t.provider) lines.push(`provider = ${quote(t.provider)}`);
  if (t.timeout) lines.push(`timeout_s = ${t.timeout}`);
  if (t.budget) lines.push(`iteration_budget = ${t.budget}`);
  if (t.selfReview) lines.push("self_review = true");
  return lines.join("\n");
}

export interface LlmRepoOptions {
  files?: Record<string, string>;
  /** `[project] language` (default "unknown": no language commands). */
  language?: string;
  /** Extra lines of `[project]`. */
  project?: string;
  /** Extra lines of `[providers.fake]`. */
  provider?: string;
  /** Extra lines of the plan's `[plan]`. */
  plan?: string;
  /** Extra TOML appended to project.toml (other tables). */
  extra?: string;
  /** Archive the plan in a commit when a run completes (`[project] archive_completed`, off in fixtures: tests read the history). */
  archive?: boolean;
  /** The dgov binary its commands run (default DGOV_BIN): a bench's baseline build. */
  bin?: string;
}

/** A committed repo holding plan `p` (ids `t/m.<slug>`), its provider pointing at `baseUrl`. */
export function llmRepo(baseUrl: string, tasks: LlmTask[], opts: LlmRepoOptions = {}): LlmRepo {
  const repo = makeRepo({
    "README.md": "# fixture\n",
    ".dgov/.gitignore": "state.db*\nruns.log\nout/\nruntime/\nplans/deployed.jsonl\nplans/*/_compiled.toml\nplans/archive/*/_compiled.toml\n",
    ".dgov/project.toml": `[project]
language = ${quote(opts.language ?? "unknown")}
provider = "fake"
archive_completed = ${opts.archive ? "true" : "false"}
${opts.project ?? ""}

[providers.fake]
base_url = ${quote(baseUrl)}
api_key_env = "${TEST_KEY_ENV}"
default_agent = "fake-model"
max_retries = 2
retry_base_s = 0.01
retry_max_s = 0.05
${opts.provider ?? ""}
${opts.extra ?? ""}
`,
    ".dgov/plans/p/_root.toml": `[plan]\nname = "p"\nsections = ["t"]\n${opts.plan ?? ""}\n`,
    ".dgov/plans/p/t/m.toml": tasks.map(taskToml).join("\n\n"),
    ...opts.files,
  }, { commit: true });
  const worktreeRoot = join(dirname(repo.dir), `.dgov-worktrees-${basename(repo.dir)}`);
  const call = (args: string[], env?: Record<string, string | undefined>) => dgovAsync(args, { cwd: repo.dir, env: { [TEST_KEY_ENV]: TEST_KEY, ...env }, ...(opts.bin ? { bin: opts.bin } : {}) });
  return {
    repo,
    dgov: call,
    run: (args = [], env) => call(["run", "p", ...args], env),
    log: () => repo.git("log", "--format=%s", "main").trim().split("\n"),
    file: (path) => (existsSync(join(repo.dir, path)) ? readFileSync(join(repo.dir, path), "utf8") : null),
    worktrees: () => worktreeFolders(worktreeRoot).tasks,
    parked: () => worktreeFolders(worktreeRoot).parked,
    remove() {
      repo.remove();
      rmSync(worktreeRoot, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file: one model server for all its tests, and `setup(script, tasks)` giving each
 * test a fresh repo (removed after it) and a fresh script and request log.
 */
export function llmHarness() {
  let server: ModelServer | undefined;
  let current: LlmRepo | undefined;
  beforeAll(async () => {
    server = await startModelServer();
  });
  afterAll(() => server?.close());
  afterEach(() => current?.remove());
  return {
    get server(): ModelServer {
      return server!;
    },
    setup(script: ModelServerOptions, tasks: LlmTask[], opts?: LlmRepoOptions): LlmRepo {
      server!.script(script);
      server!.requests.length = 0;
      current = llmRepo(server!.url, tasks, opts);
      return current;
    },
  };
}
