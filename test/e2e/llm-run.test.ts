/** `dist/dgov run` with dgov's own LLM worker, end to end, against the fake model server. */
import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byTask, type LlmRepo, llmHarness, TEST_KEY } from "../fakes/llm-repo.ts";
import { call, done, hang, rateLimited, serverError, write } from "../fakes/model-server.ts";

const harness = llmHarness();
const setup = harness.setup;

interface Summary {
  status: string;
  usage: { prompt_tokens: number; completion_tokens: number; cost_usd: number | null };
  tasks: { id: string; state: string; attempts: number; error: string | null }[];
}
async function runJson(r: LlmRepo, args: string[] = [], env?: Record<string, string | undefined>) {
  const run = await r.run(["--json", ...args], env);
  if (!run.stdout.trim()) throw new Error(`dgov run printed nothing (exit ${run.code}):\n${run.stderr}`);
  return { code: run.code, stderr: run.stderr, out: run.json<Summary>() };
}
const states = (s: Summary) => Object.fromEntries(s.tasks.map((t) => [t.id, t.state]));
/** The tool messages the model received in a task's conversation, in order. */
const toolMessages = (slug: string) =>
  harness.server.requests
    .filter((r) => JSON.stringify(r.body.messages[1]?.content ?? "").includes(`[[task:${slug}]]`))
    .flatMap((r) => r.body.messages.filter((m) => m.role === "tool").map((m) => String(m.content)))
    .filter((m, i, all) => all.indexOf(m) === i);

describe("dgov run with the llm worker", () => {
  test("three independent tasks each write their file and merge", async () => {
    const r = setup(
      { conversations: ["a", "b", "c"].map((x) => byTask(x, [write(`${x}.txt`, `${x}\n`), done(`wrote ${x}.txt`)])) },
      ["a", "b", "c"].map((x) => ({ slug: x, create: [`${x}.txt`] })),
    );
    const { code, out } = await runJson(r);
    expect(out.status).toBe("complete");
    expect(code).toBe(0);
    for (const x of ["a", "b", "c"]) expect(r.file(`${x}.txt`)).toBe(`${x}\n`);
    expect(r.log().slice(0, 3).sort()).toEqual(["Task a", "Task b", "Task c"]);
    expect(out.usage.prompt_tokens).toBeGreaterThan(0);
    // Every request offered the worker's tools (those that can work here) and named the configured model.
    const core = ["read_file", "write_file", "edit_file", "grep", "run_bash", "done"];
    expect(harness.server.requests.every((q) => q.body.model === "fake-model" && core.every((n) => (q.body.tools ?? []).some((t: { function: { name: string } }) => t.function.name === n)))).toBe(true);
    expect(r.worktrees()).toEqual([]);
  });

  test("a provider configured only in the user's config ($XDG_CONFIG_HOME/dgov/config.toml) runs the plan", async () => {
    const r = setup({ conversations: [byTask("a", [write("a.txt", "a\n"), done()])] }, [{ slug: "a", create: ["a.txt"] }]);
    const project = r.file(".dgov/project.toml")!;
    const provider = project.slice(project.indexOf("[providers.fake]"));
    writeFileSync(join(r.repo.dir, ".dgov/project.toml"), project.slice(0, project.indexOf("[providers.fake]")).replace('provider = "fake"\n', ""));
    r.repo.git("commit", "-qam", "the provider is the user's");
    const home = mkdtempSync(join(tmpdir(), "dgov-xdg-"));
    try {
      mkdirSync(join(home, "dgov"));
      writeFileSync(join(home, "dgov", "config.toml"), provider);
      const { code, out } = await runJson(r, [], { XDG_CONFIG_HOME: home });
      expect(code).toBe(0);
      expect(states(out)).toEqual({ "t/m.a": "merged" });
      expect(harness.server.requests.every((q) => q.body.model === "fake-model")).toBe(true);
      // Without it the same project has no provider, and says where one goes.
      const without = await r.run([], { XDG_CONFIG_HOME: join(home, "none") });
      expect(without.code).not.toBe(0);
      expect(without.stderr).toContain("the user config");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test("a chain: each task edits what its dependency landed", async () => {
    const r = setup(
      {
        conversations: [
          byTask("a", [write("chain.txt", "a\n"), done()]),
          byTask("b", [call("edit_file", { path: "chain.txt", old_text: "a\n", new_text: "a\nb\n" }), done()]),
          byTask("c", [call("edit_file", { path: "chain.txt", old_text: "b\n", new_text: "b\nc\n" }), done()]),
        ],
      },
      [
        { slug: "a", create: ["chain.txt"] },
        { slug: "b", deps: ["a"], edit: ["chain.txt"] },
        { slug: "c", deps: ["b"], edit: ["chain.txt"] },
      ],
    );
    const { code, out } = await runJson(r);
    expect(code).toBe(0);
    expect(states(out)).toEqual({ "t/m.a": "merged", "t/m.b": "merged", "t/m.c": "merged" });
    expect(r.file("chain.txt")).toBe("a\nb\nc\n");
    expect(r.log().slice(0, 3)).toEqual(["Task c", "Task b", "Task a"]);
  });

  test("each worker's repo map is its base commit's: source symbols, what a dependency landed, no ignored output", async () => {
    const r = setup(
      {
        conversations: [
          byTask("a", [write("src/added.ts", "export function added(): number {\n  return 1;\n}\n"), done()]),
          byTask("b", [write("b.txt", "b\n"), done()]),
        ],
      },
      [
        { slug: "a", create: ["src/added.ts"] },
        { slug: "b", deps: ["a"], create: ["b.txt"] },
      ],
      {
        files: { ".gitignore": "out.log\n", "src/index.ts": 'export * from "./math.ts";\n', "src/math.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\n" },
        project: 'setup_cmd = "echo built > out.log"',
      },
    );
    const { code } = await runJson(r);
    expect(code).toBe(0);
    const mapOf = (slug: string) => {
      const first = harness.server.requests.find((q) => JSON.stringify(q.body.messages[1]?.content ?? "").includes(`[[task:${slug}]]`))!;
      const system = String(first.body.messages[0]!.content);
      return system.slice(system.indexOf("REPO MAP:"));
    };
    expect(mapOf("a")).toContain("src/math.ts\n  function add");
    expect(mapOf("a")).not.toContain("src/added.ts");
    expect(mapOf("b")).toContain("src/added.ts\n  function added");
    for (const slug of ["a", "b"]) expect(mapOf(slug)).not.toContain("out.log");
  });

  test("only tools that can work here are offered: ripgrep without rg and lint_check without lint_cmd are withheld, and the prompt says why", async () => {
    const fakeBin = mkdtempSync(join(tmpdir(), "dgov-fake-rg-"));
    try {
      const script = { conversations: ["a", "b"].map((x) => byTask(x, [write(`${x}.txt`, `${x}\n`), done()])) };
      // Task a: a PATH without rg (this machine's, with any rg folder taken out). Task b: an rg on PATH.
      const noRg = (process.env.PATH ?? "").split(":").filter((d) => !existsSync(join(d, "rg"))).join(":");
      const r = setup(script, [{ slug: "a", create: ["a.txt"] }], {});
      expect((await r.run([], { PATH: noRg })).code).toBe(0);
      const offered = (slug: string) => {
        const first = harness.server.requests.find((q) => JSON.stringify(q.body.messages[1]?.content ?? "").includes(`[[task:${slug}]]`))!;
        return { tools: (first.body.tools ?? []).map((t: { function: { name: string } }) => t.function.name), system: String(first.body.messages[0]!.content) };
      };
      const a = offered("a");
      expect(a.tools).not.toContain("ripgrep");
      expect(a.tools).not.toContain("lint_check");
      expect(a.tools).toContain("grep");
      expect(a.system).toContain("ripgrep (rg (ripgrep) is not installed: the grep tool searches instead)");
      expect(a.system).toContain("lint_check (no [project] lint_cmd configured)");
      // `tools audit` and `dgov log` say the same from the run's events.
      const audit = (await r.dgov(["tools", "audit", "--json"])).json<{ withheld: { tool: string; reason: string; workers: number }[] }>();
      expect(audit.withheld).toContainEqual({ tool: "ripgrep", reason: "rg (ripgrep) is not installed: the grep tool searches instead", workers: 1 });
      expect(audit.withheld).toContainEqual({ tool: "lint_check", reason: "no [project] lint_cmd configured", workers: 1 });
      expect((await r.dgov(["tools", "audit"])).stdout).toContain("  ripgrep: rg (ripgrep) is not installed: the grep tool searches instead (1 worker)");
      writeFileSync(join(fakeBin, "rg"), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
      const r2 = setup(script, [{ slug: "b", create: ["b.txt"] }], { project: 'lint_cmd = "true {file}"' });
      expect((await r2.run([], { PATH: `${fakeBin}:${noRg}` })).code).toBe(0);
      const b = offered("b");
      expect(b.tools).toContain("ripgrep");
      expect(b.tools).toContain("lint_check");
      expect(b.system).not.toContain("ripgrep (");
      expect(b.system).not.toContain("lint_check (");
    } finally {
      rmSync(fakeBin, { recursive: true, force: true });
    }
  });

  test("a worker that writes outside its claims is rejected and nothing of it lands", async () => {
    const r = setup({ conversations: [byTask("a", [write("a.txt", "a\n"), write("stray.txt", "x\n"), done()])] }, [{ slug: "a", create: ["a.txt"] }]);
    const { code, out } = await runJson(r);
    expect(code).toBe(1);
    expect(out.tasks[0]!.state).toBe("failed");
    expect(out.tasks[0]!.error).toContain("stray.txt");
    expect(r.file("stray.txt")).toBeNull();
    expect(r.file("a.txt")).toBeNull();
  });

  test("a 429 is retried (Retry-After honoured) and the task merges", async () => {
    const r = setup({ conversations: [byTask("a", [rateLimited("0", 2), write("a.txt", "a\n"), done()])] }, [{ slug: "a", create: ["a.txt"] }]);
    const { code } = await runJson(r);
    expect(code).toBe(0);
    expect(r.file("a.txt")).toBe("a\n");
    // Two rate-limited requests, then the write, then done: one worker process did it all.
    expect(harness.server.requests.filter((q) => q.turn === 0)).toHaveLength(3);
  });

  test("a storm of 500s fails the task after bounded retries, with a clear error", async () => {
    const r = setup({ conversations: [byTask("a", [serverError(500, 1000)])] }, [{ slug: "a", create: ["a.txt"] }], { plan: "max_retries = 0" });
    const { code, out } = await runJson(r);
    expect(code).toBe(1);
    expect(out.tasks[0]!.state).toBe("failed");
    expect(out.tasks[0]!.error).toContain("API Failure: provider 'fake'");
    expect(out.tasks[0]!.error).toContain("HTTP 500 after 2 retries");
    // max_retries = 2 in [providers.fake]: three requests, and the governor did not retry.
    expect(harness.server.requests).toHaveLength(3);
  });

  test("malformed tool arguments come back as Error: and the worker carries on", async () => {
    const r = setup(
      { conversations: [byTask("a", [call("write_file", '{"path": "a.txt", '), call("read_file", { file: "a.txt" }), write("a.txt", "a\n"), done()])] },
      [{ slug: "a", create: ["a.txt"] }],
    );
    const { code } = await runJson(r);
    expect(code).toBe(0);
    const tools = toolMessages("a");
    expect(tools[0]).toStartWith("Error: Tool write_file arguments contain invalid JSON");
    expect(tools[1]).toStartWith("Error: invalid arguments for read_file");
    expect(r.file("a.txt")).toBe("a\n");
  });

  test("a hanging model hits the task timeout, and the worker's process group is gone", async () => {
    const r = setup({ conversations: [byTask("a", [hang()])] }, [{ slug: "a", create: ["a.txt"], timeout: 2 }], { plan: "max_retries = 0" });
    const { code, out } = await runJson(r);
    expect(code).toBe(1);
    expect(out.tasks[0]!.error).toContain("Wall-clock timeout after 2s");
    const db = new Database(join(r.repo.dir, ".dgov", "state.db"), { readonly: true });
    const pids = (db.query("SELECT pid FROM artifacts").all() as { pid: number | null }[]).map((a) => a.pid).filter((p): p is number => p !== null);
    db.close();
    expect(pids).toHaveLength(1);
    expect(() => process.kill(-pids[0]!, 0)).toThrow();
  });

  test("no secret of the runner's environment reaches run_bash", async () => {
    const r = setup(
      { conversations: [byTask("a", [call("run_bash", { cmd: "env; echo home=$HOME" }), write("a.txt", "a\n"), done()])] },
      [{ slug: "a", create: ["a.txt"] }],
    );
    const { code } = await runJson(r, [], { PLANTED_SECRET_TOKEN: "planted-token-123", DGOV_PLANTED_PLAIN: "planted-plain-456" });
    expect(code).toBe(0);
    const output = toolMessages("a")[0]!;
    expect(output).toContain("EXIT:0");
    expect(output).toContain("PATH=");
    for (const secret of [TEST_KEY, "planted-token-123", "planted-plain-456"]) expect(output).not.toContain(secret);
    expect(output).not.toContain(`home=${process.env.HOME}\n`);
  });

  test("a missing API key stops the run before anything is dispatched or recorded (exit 2)", async () => {
    const r = setup({ conversations: [] }, [{ slug: "a", create: ["a.txt"] }]);
    const run = await r.run([], { DGOV_FAKE_API_KEY: "" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("DGOV_FAKE_API_KEY");
    expect(run.stderr).toContain("t/m.a");
    expect(harness.server.requests).toHaveLength(0);
    expect(r.file(".dgov/state.db")).toBeNull();
  });
});
