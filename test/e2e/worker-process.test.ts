/** `dgov __worker --spec <file>`: the agent process on its own, speaking the JSON-lines protocol. */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveConfig } from "../../src/config/resolve.ts";
import type { WorkerSpec } from "../../src/worker/spec.ts";
import { dgovAsync } from "../fakes/dgov.ts";
import { delayed, done, type ModelServer, startModelServer, write } from "../fakes/model-server.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let server: ModelServer;
let repo: FixtureRepo;
const specDir = mkdtempSync(join(tmpdir(), "dgov-spec-"));
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(async () => {
  await server.close();
  rmSync(specDir, { recursive: true, force: true });
});
afterEach(() => repo?.remove());

function spec(over: Partial<WorkerSpec> = {}): string {
  repo = makeRepo({ "README.md": "hi\n" }, { commit: true });
  const value: WorkerSpec = {
    version: 1, role: "worker", task: "t/m.a", plan: "p", run: "", attempt: 1, pane: "pane-1", root: repo.dir, worktree: repo.dir,
    goal: "Create a.txt", agent: "fake-model", model: "fake-model",
    provider: { name: "fake", base_url: server.url, api_key_env: "WORKER_TEST_KEY", stream: true, max_retries: 1, retry_base_s: 0.01, retry_max_s: 0.05, request_timeout_s: 30 },
    budget: 10, warn_at: 8, test_cmd: "", prior_writes: [], heartbeat_ms: 100, context_chars: 400_000, interactive: false,
    scope: { taskId: "t/m.a", claims: { create: ["a.txt"], edit: [], delete: [], touch: [], read: [] }, verifyTestTargets: [], ignoreFiles: [], allowFiles: [], denyFiles: [] },
    ...over,
  };
  const file = join(specDir, `${crypto.randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const lines = (stdout: string) => stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown> & { type: string; seq: number });

describe("the agent process", () => {
  test("numbered protocol lines: start, the tools offered, heartbeats while the model is slow, call, result, usage per turn, done", async () => {
    server.script({ conversations: [{ match: /Create a\.txt/, turns: [delayed(350, write("a.txt", "a\n")), done("made a.txt")] }] });
    const run = await dgovAsync(["__worker", "--spec", spec()], { cwd: specDir, env: { WORKER_TEST_KEY: "k" } });
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out.map((l) => l.seq)).toEqual(out.map((_, i) => i));
    const types = out.map((l) => l.type).filter((t) => t !== "heartbeat");
    expect(types).toEqual(["start", "tools", "usage", "call", "result", "usage", "call", "result", "done"]);
    expect(out.find((l) => l.type === "tools")).toMatchObject({ role: "worker", offered: expect.arrayContaining(["write_file", "done"]), withheld: expect.any(Array) });
    expect(out.filter((l) => l.type === "heartbeat").length).toBeGreaterThanOrEqual(2);
    expect(out.find((l) => l.type === "result")).toMatchObject({ tool: "write_file", status: "success", writes: ["a.txt"], role: "worker", turn: 1, index: 1 });
    expect(out.at(-1)).toMatchObject({ type: "done", summary: "made a.txt" });
    expect(Bun.file(join(repo.dir, "a.txt")).size).toBe(2);
  });

  test("the config is the run's, from the spec: the project file is not read (here it no longer parses)", async () => {
    const fromRun = spec({ config: resolveConfig({ conventions: { naming: "from-the-run" } }) });
    const byHand = join(specDir, `${crypto.randomUUID()}.json`);
    writeFileSync(byHand, JSON.stringify({ ...JSON.parse(readFileSync(fromRun, "utf8")), config: undefined }));
    mkdirSync(join(repo.dir, ".dgov"), { recursive: true });
    writeFileSync(join(repo.dir, ".dgov", "project.toml"), "[project\nbroken\n");
    server.script({ conversations: [{ match: /Create a\.txt/, turns: [done("ok")] }] });
    const seen = server.requests.length;
    const run = await dgovAsync(["__worker", "--spec", fromRun], { cwd: specDir, env: { WORKER_TEST_KEY: "k" } });
    expect(run.code).toBe(0);
    const system = (server.requests[seen]!.body as { messages: { role: string; content: string }[] }).messages[0]!;
    expect(system).toMatchObject({ role: "system", content: expect.stringContaining("- naming: from-the-run") });
    // Started by hand (no config in the spec), the agent reads the file and says what is wrong with it.
    const manual = await dgovAsync(["__worker", "--spec", byHand], { cwd: specDir, env: { WORKER_TEST_KEY: "k" } });
    expect(manual.code).toBe(1);
    expect(lines(manual.stdout).at(-1)).toMatchObject({ type: "error", message: expect.stringContaining("project.toml") });
  });

  test("a missing API key is a config error naming the variable and the provider", async () => {
    const run = await dgovAsync(["__worker", "--spec", spec()], { cwd: specDir, env: { WORKER_TEST_KEY: "" } });
    expect(run.code).toBe(1);
    expect(lines(run.stdout).at(-1)).toMatchObject({ type: "error", kind: "config", message: "WORKER_TEST_KEY missing for provider 'fake'", retryable: false });
  });

  test("an invalid spec names every bad key and exits 2", async () => {
    const file = join(specDir, "bad.json");
    writeFileSync(file, JSON.stringify({ version: 1, role: "wizard", budget: 0 }));
    const run = await dgovAsync(["__worker", "--spec", file], { cwd: specDir });
    expect(run.code).toBe(2);
    const error = lines(run.stdout)[0]!;
    expect(error).toMatchObject({ type: "error", kind: "config", retryable: false });
    expect(String(error.message)).toContain("role");
    expect(String(error.message)).toContain("budget");
  });

  test("the hidden command is not in --help", async () => {
    const help = await dgovAsync(["--help"]);
    expect(help.stdout).not.toContain("__worker");
  });
});
