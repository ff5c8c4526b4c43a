/** The llm worker's wider behaviour through `dist/dgov`: forks, reviewers, auth, budgets, usage, fix, audit. */
import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { byTask, type LlmRepo, llmHarness } from "../fakes/llm-repo.ts";
import { call, calls, done, hang, rateLimited, type Turn, write } from "../fakes/model-server.ts";

const harness = llmHarness();
const setup = harness.setup;

interface Task {
  id: string;
  state: string;
  attempts: number;
  error: string | null;
  usage: { prompt_tokens: number; completion_tokens: number; cost_usd: number | null };
}
interface Summary {
  status: string;
  halted: string | null;
  usage: Task["usage"];
  tasks: Task[];
}
const firstUser = (i: number) => String(harness.server.requests[i]?.body.messages[1]?.content ?? "");
const withUsage = (turn: Turn, prompt: number, completion: number): Turn => ({ ...(turn as object), usage: { prompt_tokens: prompt, completion_tokens: completion } }) as Turn;

describe("llm worker features", () => {
  test("a worker that runs out of iterations is forked with fresh context in the same worktree", async () => {
    const r = setup(
      {
        conversations: [
          { match: /continuing a task/, turns: [done("finished after the fork")] },
          byTask("a", [write("a.txt", "a\n"), call("git_diff", {})]),
        ],
      },
      [{ slug: "a", create: ["a.txt"], budget: 2 }],
      { plan: 'default_agent = "short"', extra: '[agents]\nshort = "vendor/models/long-model-id"' },
    );
    const run = await r.run(["--json"]);
    expect(run.code).toBe(0);
    const out = run.json<Summary>();
    expect(out.tasks[0]).toMatchObject({ state: "merged", attempts: 1 });
    expect(r.file("a.txt")).toBe("a\n");
    const fork = harness.server.requests.findIndex((q) => firstUser(harness.server.requests.indexOf(q)).includes("continuing a task"));
    expect(fork).toBe(2);
    expect(firstUser(fork)).toContain("Exceeded max iterations (2)");
    expect(firstUser(fork)).toContain("a.txt");
    // Fresh context: the fork's first request carries no earlier turn.
    expect(harness.server.requests[fork]!.body.messages).toHaveLength(2);
    // The alias is resolved once for every launch, the fork included (dgov-py sent `short`, B7).
    expect(new Set(harness.server.requests.map((q) => q.body.model))).toEqual(new Set(["vendor/models/long-model-id"]));
  });

  test("a reviewer sees its dependencies' diffs; a rejecting verdict fails it, an approving one lands nothing", async () => {
    const r = setup(
      {
        conversations: [
          byTask("a", [write("a.txt", "alpha\n"), done()]),
          byTask("ok", [done('{"approved": true, "issues": []}')]),
          byTask("no", [done('{"approved": false, "issues": ["a.txt:1: should say beta"]}')]),
        ],
      },
      [
        { slug: "a", create: ["a.txt"] },
        { slug: "ok", deps: ["a"], role: "reviewer" },
        { slug: "no", deps: ["a"], role: "reviewer" },
      ],
    );
    const run = await r.run(["--json"]);
    const out = run.json<Summary>();
    expect(run.code).toBe(1);
    const byId = Object.fromEntries(out.tasks.map((t) => [t.id, t]));
    expect(byId["t/m.ok"]!.state).toBe("merged");
    expect(byId["t/m.no"]!.state).toBe("failed");
    expect(byId["t/m.no"]!.error).toContain("reviewer rejected the change:\n- a.txt:1: should say beta");
    const review = harness.server.requests.map((_, i) => firstUser(i)).find((u) => u.includes("[[task:no]]"))!;
    expect(review).toContain("+alpha");
    expect(review).toContain('{"approved": false');
    // Reviewers have no editing tools, and nothing they did is committed.
    const tools = harness.server.requests.find((_, i) => firstUser(i).includes("[[task:ok]]"))!.body.tools!.map((t) => t.function.name);
    expect(tools).not.toContain("write_file");
    expect(r.log().slice(0, 2)).toEqual(["Task a", "initial"]);
  });

  test("a task's own provider: its base URL, key variable and default model", async () => {
    const r = setup({ conversations: [byTask("a", [write("a.txt", "a\n"), done()]), byTask("b", [write("b.txt", "b\n"), done()])] }, [
      { slug: "a", create: ["a.txt"] },
      { slug: "b", create: ["b.txt"], provider: "other" },
    ], { extra: `[providers.other]\nbase_url = "${harness.server.url}"\napi_key_env = "OTHER_TEST_KEY"\ndefault_agent = "other-model"\nretry_base_s = 0.01` });
    expect((await r.run([], { OTHER_TEST_KEY: "key-of-other" })).code).toBe(0);
    const seen = (slug: string) => harness.server.requests.filter((q) => JSON.stringify(q.body.messages[1]).includes(`[[task:${slug}]]`));
    expect(new Set(seen("a").map((q) => `${q.body.model} ${q.headers.authorization}`))).toEqual(new Set(["fake-model Bearer sk-test-0123456789"]));
    expect(new Set(seen("b").map((q) => `${q.body.model} ${q.headers.authorization}`))).toEqual(new Set(["other-model Bearer key-of-other"]));
  });

  test("a rejected API key fails at once, naming the provider, URL and variable; no blind retries", async () => {
    const r = setup({ conversations: [byTask("a", [done()])], requireKey: "the-right-key" }, [{ slug: "a", create: ["a.txt"] }]);
    const out = (await r.run(["--json"])).json<Summary>();
    expect(out.tasks[0]!.state).toBe("failed");
    expect(out.tasks[0]!.error).toContain(`provider 'fake' at ${harness.server.url} rejected the API key (HTTP 401`);
    expect(out.tasks[0]!.error).toContain("$DGOV_FAKE_API_KEY");
    expect(harness.server.requests).toHaveLength(1);
  });

  test("token usage and cost per task and run, in the summary and in status", async () => {
    const r = setup(
      { conversations: [byTask("a", [withUsage(write("a.txt", "a\n"), 1000, 500), withUsage(done(), 1000, 500)])] },
      [{ slug: "a", create: ["a.txt"] }],
      { provider: "price_in = 1.0\nprice_out = 2.0" },
    );
    const out = (await r.run(["--json"])).json<Summary>();
    expect(out.usage).toEqual({ prompt_tokens: 2000, completion_tokens: 1000, cost_usd: 0.004 });
    expect(out.tasks[0]!.usage).toEqual(out.usage);
    const status = await r.dgov(["status", "--all"]);
    expect(status.stdout).toContain("3,000 tokens, $0.0040");
    const json = (await r.dgov(["status", "--all", "--json"])).json<{ plans: { usage: Task["usage"] }[] }>();
    expect(json.plans[0]!.usage.cost_usd).toBeCloseTo(0.004, 10);
  });

  test("--max-tokens with --budget-mode soft stops new dispatches once reached; running work finishes; --continue resumes", async () => {
    const script = { conversations: ["a", "b", "c"].map((x) => byTask(x, [withUsage(write(`${x}.txt`, `${x}\n`), 100, 10), done()])) };
    const r = setup(script, ["a", "b", "c"].map((x) => ({ slug: x, create: [`${x}.txt`] })));
    const first = await r.run(["--json", "--max-parallel", "1", "--max-tokens", "50", "--budget-mode", "soft"]);
    const out = first.json<Summary>();
    expect(first.code).toBe(1);
    expect(out.status).toBe("partial");
    expect(out.halted).toContain("max_tokens reached");
    expect(out.tasks.map((t) => t.state)).toEqual(["merged", "pending", "pending"]);
    const again = await r.run(["--json", "--continue"]);
    expect(again.code).toBe(0);
    expect(["a", "b", "c"].map((x) => r.file(`${x}.txt`))).toEqual(["a\n", "b\n", "c\n"]);
  });

  test("a hard budget (the default) stops the running workers at once, a hanging one too; the summary and status say so", async () => {
    const script = { conversations: [byTask("a", [withUsage(write("a.txt", "a\n"), 100, 10), done()]), byTask("b", [hang()])] };
    const r = setup(script, ["a", "b"].map((x) => ({ slug: x, create: [`${x}.txt`] })));
    const run = await r.run(["--json", "--max-parallel", "2", "--max-tokens", "50"]);
    const out = run.json<Summary & { stopped?: string[] }>();
    expect(run.code).toBe(1);
    expect(out.halted).toContain("max_tokens reached");
    expect(out.stopped).toEqual(["t/m.a", "t/m.b"]);
    expect(out.tasks.map((t) => [t.state, t.error?.split(":")[0]])).toEqual([["abandoned", "stopped"], ["abandoned", "stopped"]]);
    const status = (await r.dgov(["status", "--all", "--json"])).json<{ plans: { halted: string; tasks: { id: string; state: string; error: string | null }[] }[] }>();
    expect(status.plans[0]!.halted).toContain("max_tokens reached");
    expect(status.plans[0]!.tasks.map((t) => t.error)).toEqual([expect.stringContaining("stopped: max_tokens reached"), expect.stringContaining("stopped: max_tokens reached")]);
    expect(r.file("a.txt")).toBeNull();
  });

  test("a hard max_cost stops a slow in-flight worker once crossed (the gap is printed from the store's timestamps); status says so", async () => {
    // a's first request costs $0.11 (1000 + 500 tokens at $10 / $200 per million) against max_cost = 0.05; b is mid-request, slow.
    const script = { conversations: [byTask("a", [withUsage(write("a.txt", "a\n"), 1000, 500), done()]), byTask("b", [hang()])] };
    const r = setup(script, ["a", "b"].map((x) => ({ slug: x, create: [`${x}.txt`] })), { provider: "price_in = 10.0\nprice_out = 200.0" });
    const run = await r.run(["--json", "--max-parallel", "2", "--max-cost", "0.05"]);
    const out = run.json<Summary & { stopped?: string[] }>();
    expect(run.code).toBe(1);
    expect(out.halted).toContain("max_cost");
    expect(out.stopped).toContain("t/m.b");
    const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
    const at = (event: string, task: string | null) => Date.parse((db.query("SELECT ts FROM events WHERE event = ? AND task IS ? ORDER BY id LIMIT 1").get(event, task) as { ts: string }).ts);
    console.log(`max_cost crossed → slow worker stopped: ${at("task_abandoned", "t/m.b") - at("run_halted", null)} ms`);
    db.close();
    const status = (await r.dgov(["status", "--all", "--json"])).json<{ plans: { halted: string; tasks: { id: string; error: string | null }[] }[] }>();
    expect(status.plans[0]!.halted).toContain("max_cost");
    expect(status.plans[0]!.tasks.find((t) => t.id === "t/m.b")!.error).toContain("stopped: max_cost");
  });

  test("repeated 429s halve the workers calling that provider; the tasks still merge", async () => {
    const r = setup(
      { conversations: ["a", "b", "c"].map((x) => byTask(x, [rateLimited("0", 1), write(`${x}.txt`, `${x}\n`), done()])) },
      ["a", "b", "c"].map((x) => ({ slug: x, create: [`${x}.txt`] })),
    );
    expect((await r.run()).code).toBe(0);
    const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
    const limited = db.query("SELECT data FROM events WHERE event = 'pool_limited'").all() as { data: string }[];
    db.close();
    expect(limited.map((e) => JSON.parse(e.data))).toEqual([{ pool: "fake", limit: 2 }]);
  });

  test("dgov fix writes a one-task plan, runs it through the same pipeline and archives it", async () => {
    const r = setup({ conversations: [{ match: /Add a greeting/, turns: [call("edit_file", { path: "hello.txt", old_text: "hi\n", new_text: "hello\n" }), done()] }] }, [], {
      files: { "hello.txt": "hi\n" },
    });
    const run = await r.dgov(["fix", "Add a greeting", "-f", "hello.txt"]);
    expect(run.code).toBe(0);
    expect(r.file("hello.txt")).toBe("hello\n");
    expect(r.log()[0]).toBe("Apply requested fix");
    const archived = join(r.repo.dir, ".dgov/runtime/fix-plans/archive/fix-add-a-greeting/fix/main.toml");
    expect(existsSync(archived)).toBe(true);
    expect(run.stdout).toContain("Archived fix plan 'fix-add-a-greeting'");
    expect(firstUser(0)).toContain("Orient:");
    // The name is taken now (archived): the next fix with the same words gets -2.
    harness.server.script({ conversations: [{ match: /Add a greeting/, turns: [call("edit_file", { path: "hello.txt", old_text: "hello\n", new_text: "hello!\n" }), done()] }] });
    expect((await r.dgov(["fix", "Add a greeting", "-f", "hello.txt"])).code).toBe(0);
    expect(existsSync(join(r.repo.dir, ".dgov/runtime/fix-plans/archive/fix-add-a-greeting-2"))).toBe(true);
    const missing = await r.dgov(["fix", "Add a greeting"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("at least one --file");
  });

  test("dgov fix -f a -f b -f c claims all three (a repeated option keeps every value)", async () => {
    const edits = ["a", "b", "c"].map((x) => call("edit_file", { path: `${x}.txt`, old_text: `${x}\n`, new_text: `${x}!\n` }));
    const r = setup({ conversations: [{ match: /Shout three/, turns: [calls(...edits), done()] }] }, [], { files: { "a.txt": "a\n", "b.txt": "b\n", "c.txt": "c\n" } });
    const run = await r.dgov(["fix", "Shout three", "-f", "a.txt", "--file", "b.txt", "--file=c.txt"]);
    expect(run.code).toBe(0);
    for (const x of ["a", "b", "c"]) expect(r.file(`${x}.txt`)).toBe(`${x}!\n`);
    const plan = readFileSync(join(r.repo.dir, ".dgov/runtime/fix-plans/archive/fix-shout-three/fix/main.toml"), "utf8");
    expect(plan).toContain('"a.txt", "b.txt", "c.txt"');
  });

  test("tools audit aggregates the workers' tool calls, with filters and --json", async () => {
    const r = setup(
      { conversations: [byTask("a", [call("read_file", { path: "missing.txt" }), write("a.txt", "a\n"), done()])] },
      [{ slug: "a", create: ["a.txt"] }],
    );
    expect((await r.run()).code).toBe(0);
    const text = (await r.dgov(["tools", "audit", "--plan", "p"])).stdout;
    expect(text).toContain("Tool audit\nplan: p\ncalls: 3\nfailures: 1\n");
    expect(text).toMatch(/read_file\s+1\s+100\.0%\s+0\s+[\d.]+\s+[\d.]+ worker\s+not_found/);
    const json = (await r.dgov(["tools", "audit", "--json"])).json<{ total_calls: number; tools: { tool: string; failure_rate: number }[] }>();
    expect(json.total_calls).toBe(3);
    expect(json.tools.find((t) => t.tool === "read_file")!.failure_rate).toBe(1);
    expect((await r.dgov(["tools", "audit", "--role", "reviewer"])).stdout).toBe("No worker tool-call events found.\n");
  });
});
