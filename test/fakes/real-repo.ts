/**
 * End-to-end settlement on repositories laid out as real projects, with their real tools
 * (issue 12). A fixture is a project (files, commands) and scenarios: tasks whose scripted
 * workers write a change, each expected to land or to be rejected by a named gate with a
 * finding. All scenarios of a fixture are independent tasks of one plan, run once by
 * `dist/dgov run`; `preflight` is then checked on an uncommitted broken change of the root.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseToml } from "../../src/toml/read.ts";
import { dgov } from "./dgov.ts";
import { byTask, type LlmRepo, llmRepo, type LlmRepoOptions } from "./llm-repo.ts";
import { call, done, type ModelServer, startModelServer, write } from "./model-server.ts";
import { makeRepo } from "./repo.ts";
import { haveToolchains, type Toolchain } from "./toolchains.ts";

export interface Scenario {
  slug: string;
  /** What the worker writes (whole files). */
  writes: Record<string, string>;
  /** Claims: files.create / files.edit (files.read for tests it runs). */
  create?: string[];
  edit?: string[];
  read?: string[];
  /** Lands, or is rejected with an error naming `gate` and containing each of `finding`. */
  expect: "lands" | { gate: string; finding: string[] };
}

export interface Fixture {
  language: string;
  files: Record<string, string>;
  /** `[project]` lines: the commands (as `dgov init` writes them for this layout). */
  project: string;
  /** Extra project.toml tables (gate levels, …). */
  extra?: string;
  /** Called with the committed repository before the run (link installed dependencies, …). */
  prepare?(dir: string): void;
  /**
   * Folders outside the repository its tools read (the shared test toolchains its
   * node_modules links to): `[sandbox] readable`, since a clone under /tmp is hidden by the
   * sandbox's private /tmp.
   */
  readable?: string[];
  scenarios: Scenario[];
}

export interface Outcome {
  r: LlmRepo;
  code: number;
  stderr: string;
  tasks: Map<string, { state: string; error: string | null }>;
}

/** The fixture's repository: its files committed, a plan of its scenarios (no retries), prepared. */
export function fixtureRepo(server: ModelServer, fixture: Fixture, opts: { maxParallel?: number } = {}): LlmRepo {
  const tasks = fixture.scenarios.length
    ? fixture.scenarios.map((s) => ({ slug: s.slug, create: s.create ?? [], edit: s.edit ?? [], read: s.read ?? [] }))
    : [{ slug: "idle", create: ["idle.txt"] }];
  const options: LlmRepoOptions = {
    files: fixture.files,
    language: fixture.language,
    project: `${fixture.project}\nmax_parallel = ${opts.maxParallel ?? 2}`,
    plan: "max_retries = 0",
    extra: `${fixture.extra ?? ""}${fixture.readable?.length ? `\n[sandbox]\nreadable = ${JSON.stringify(fixture.readable)}\n` : ""}`,
  };
  const r = llmRepo(server.url, tasks, options);
  fixture.prepare?.(r.repo.dir);
  return r;
}

/** Runs every scenario of the fixture as one plan (no retries). */
export async function runFixture(server: ModelServer, fixture: Fixture, opts: { maxParallel?: number } = {}): Promise<Outcome> {
  // A file the base has is edited whole (write_file only creates).
  const change = ([path, content]: [string, string]) =>
    path in fixture.files ? call("edit_file", { path, old_text: fixture.files[path]!, new_text: content }) : write(path, content);
  // The settlement retry in place (one, always) gets the same change back: its worker just calls done.
  const retries = fixture.scenarios.map((s) => ({ match: new RegExp(`^Your previous attempt was REJECTED[\\s\\S]*\\[\\[task:${s.slug}\\]\\]`), turns: [done()] }));
  server.script({ conversations: [...retries, ...fixture.scenarios.map((s) => byTask(s.slug, [...Object.entries(s.writes).map(change), done()]))] });
  server.requests.length = 0;
  const r = fixtureRepo(server, fixture, opts);
  const run = await r.run(["--json"]);
  const out = run.json<{ tasks: { id: string; state: string; error: string | null }[] }>();
  return { r, code: run.code, stderr: run.stderr, tasks: new Map(out.tasks.map((t) => [t.id.replace(/^t\/m\./, ""), { state: t.state, error: t.error }])) };
}

/** What went wrong with one scenario, or null when its outcome is what it expects. */
function mismatch(s: Scenario, got: { state: string; error: string | null } | undefined, dir: string): string | null {
  const seen = `${got?.state ?? "absent"}${got?.error ? `: ${got.error}` : ""}`;
  if (s.expect === "lands") {
    if (got?.state !== "merged") return `expected to land, got ${seen}`;
    const wrong = Object.entries(s.writes).filter(([path, content]) => readFileSync(join(dir, path), "utf8") !== content);
    return wrong.length ? `landed, but ${wrong.map(([p]) => p).join(", ")} differ from what the worker wrote` : null;
  }
  if (got?.state !== "failed") return `expected rejection by ${s.expect.gate}, got ${seen}`;
  const by = new RegExp(`rejected at (isolated|candidate) by [\\w, -]*\\b${s.expect.gate}\\b`);
  const missing = s.expect.finding.filter((part) => !got.error?.includes(part));
  return by.test(got.error ?? "") && missing.length === 0 ? null : `expected rejection by ${s.expect.gate} naming ${missing.join(", ") || "its finding"}, got ${seen}`;
}

/** Each scenario's outcome is what it expects (all are checked, then reported together). */
export function expectScenarios(fixture: Fixture, outcome: Outcome): void {
  const verdicts = fixture.scenarios.map((s) => `${s.slug}: ${mismatch(s, outcome.tasks.get(s.slug), outcome.r.repo.dir) ?? "as expected"}`);
  expect(verdicts).toEqual(fixture.scenarios.map((s) => `${s.slug}: as expected`));
}

/** Every file of a tree git sees, with its bytes, and git's own view: what preflight must leave unchanged. */
export function treeSnapshot(r: LlmRepo): Record<string, string> {
  const files = r.repo.git("ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0").filter(Boolean);
  const out: Record<string, string> = { "git status": r.repo.git("status", "--porcelain=v1", "--untracked-files=all"), "git index": readFileSync(join(r.repo.dir, ".git/index")).toString("hex") };
  for (const f of files) {
    try {
      out[f] = readFileSync(join(r.repo.dir, f), "utf8");
    } catch {
      out[f] = "(missing)";
    }
  }
  return out;
}

/**
 * Preflight on uncommitted broken files in the root: it fails naming `gate`, and the tree —
 * every file git sees, the index, the status — is byte for byte what it was.
 */
export async function expectPreflight(r: LlmRepo, broken: Record<string, string>, gate: string, finding: string): Promise<void> {
  for (const [path, content] of Object.entries(broken)) r.repo.write(path, content);
  const before = treeSnapshot(r);
  const run = await r.dgov(["preflight", "--json"]);
  expect(treeSnapshot(r)).toEqual(before);
  expect(run.code).toBe(1);
  const gates = run.json<{ gates: { gate: string; status: string; findings?: { message: string; file?: string }[]; error?: string }[] }>().gates;
  const judged = gates.find((g) => g.gate === gate);
  expect(judged?.status).toBe("fail");
  expect(JSON.stringify(judged?.findings)).toContain(finding);
}

/**
 * `dgov init` on the fixture's files writes the `[project]` settings the fixture runs with:
 * every key of `fixture.project`, compared as `dgov config` resolves it (folders without
 * their trailing `/`).
 */
export function expectInitWrites(fixture: Fixture): void {
  const repo = makeRepo(fixture.files, { commit: true });
  try {
    fixture.prepare?.(repo.dir);
    const init = dgov(["init", "--json"], { cwd: repo.dir });
    expect(init.code).toBe(0);
    const resolved = dgov(["config", "--json"], { cwd: repo.dir }).json<{ config: { project: Record<string, unknown> } }>().config.project;
    const wanted = parseToml(`[project]\n${fixture.project}\n`, "fixture").data.project as Record<string, unknown>;
    const norm = (key: string, v: unknown) => (key.endsWith("_dir") && typeof v === "string" ? v.replace(/(.)\/$/, "$1") : v);
    const got = Object.fromEntries(Object.keys(wanted).map((k) => [k, norm(k, resolved[k])]));
    expect(got).toEqual(Object.fromEntries(Object.entries(wanted).map(([k, v]) => [k, norm(k, v)])));
  } finally {
    repo.remove();
  }
}

/** Preflight's case: uncommitted broken files, the gate that must fail and a text of its finding. */
export interface PreflightCase {
  what: string;
  broken: Record<string, string>;
  gate: string;
  finding: string;
}

/**
 * The three tests of a fixture, with one model server: `dgov init` writes its settings; one
 * run gives each scenario its verdict; preflight fails on `preflight.broken`, the tree unchanged.
 */
export function describeFixture(title: string, needs: Toolchain[], make: () => Fixture, preflight?: PreflightCase): void {
  describe.if(haveToolchains(...needs))(title, () => {
    let server: ModelServer;
    let repo: LlmRepo | undefined;
    beforeAll(async () => {
      server = await startModelServer();
    });
    afterAll(() => server.close());
    afterEach(() => repo?.remove());

    test("dgov init writes the settings this fixture runs with, key by key", () => expectInitWrites(make()));

    test("each change gets the verdict it deserves, from the right gate", async () => {
      const fixture = make();
      const outcome = await runFixture(server, fixture);
      repo = outcome.r;
      expectScenarios(fixture, outcome);
    }, 300_000);

    if (preflight) {
      test(`preflight: ${preflight.what}; the tree stays byte-identical`, async () => {
        repo = fixtureRepo(server, make());
        await expectPreflight(repo, preflight.broken, preflight.gate, preflight.finding);
      }, 120_000);
    }
  });
}
