/** `[sandbox] mode`: auto, required and off, on a machine with a sandbox and on one without (DGOV_SANDBOX_PROGRAM names none). */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { byTask, type LlmRepo, llmRepo } from "../fakes/llm-repo.ts";
import { done, type ModelServer, startModelServer, write } from "../fakes/model-server.ts";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

const NO_SANDBOX = { DGOV_SANDBOX_PROGRAM: "/nonexistent/bwrap" };
let server: ModelServer;
let current: LlmRepo | RunRepo | undefined;
beforeAll(async () => {
  server = await startModelServer();
  server.script({ conversations: [byTask("a", [write("a.txt", "a\n"), done()])] });
});
afterAll(() => server.close());
afterEach(() => current?.remove());

const llm = (mode?: string) => (current = llmRepo(server.url, [{ slug: "a", create: ["a.txt"] }], { extra: mode ? `[sandbox]\nmode = "${mode}"` : "" }));
const command = (mode?: string) => (current = runRepo([{ slug: "a", script: "echo a > a.txt", create: ["a.txt"] }], { extra: mode ? `[sandbox]\nmode = "${mode}"` : "" }));

describe("without a sandbox on the machine", () => {
  test("auto refuses to start LLM workers, saying how to install one or opt out; nothing starts", async () => {
    const r = llm();
    const run = await r.run([], NO_SANDBOX);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no sandbox available: bubblewrap (/nonexistent/bwrap) is not installed (LLM workers run only in a sandbox)");
    expect(run.stderr).toContain("apt install bubblewrap");
    expect(run.stderr).toContain('[sandbox] mode = "off"');
    expect(existsSync(join(r.repo.dir, ".dgov/state.db"))).toBe(false);
    expect(r.worktrees()).toEqual([]);
  });

  test("auto runs command workers unconfined, with a warning", () => {
    const r = command();
    const run = r.run([], NO_SANDBOX);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("no sandbox available (bubblewrap (/nonexistent/bwrap) is not installed): command workers and gates run unconfined");
  });

  test("required refuses any run", () => {
    const r = command("required");
    const run = r.run([], NO_SANDBOX);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[sandbox] mode = "required"');
    expect(r.log()).toEqual(["initial"]);
  });
});

describe("mode off", () => {
  test("runs unconfined and warns on every run, LLM workers too", async () => {
    const r = llm("off");
    const run = await r.run();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('sandbox off ([sandbox] mode = "off")');
    const again = await r.run(["--restart"]);
    expect(again.stderr).toContain('sandbox off ([sandbox] mode = "off")');
  });
});

describe("config", () => {
  test("[sandbox] is validated: every problem named with its key", () => {
    const r = command();
    r.repo.write(".dgov/project.toml", '[sandbox]\nmode = "sometimes"\nnetwork = ["ok.example.com", "not a host"]\nhid = []\n');
    const run = r.dgov(["config"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('.dgov/project.toml:2: [sandbox].mode: expected "auto", "required" or "off", got "sometimes"');
    expect(run.stderr).toContain('.dgov/project.toml:3: [sandbox].network[1]: expected a host name or address, optionally *.domain or host:port, got "not a host"');
    expect(run.stderr).toContain(".dgov/project.toml:4: [sandbox].hid: unknown key 'hid'; did you mean 'hide'?");
  });

  test("the resolved [sandbox] has its defaults", () => {
    const r = command();
    const config = r.dgov(["config", "--json"]).json<{ config: { sandbox: unknown } }>();
    expect(config.config.sandbox).toEqual({ mode: "auto", network: "off", hide: [], readable: [], pass_env: [] });
  });
});
