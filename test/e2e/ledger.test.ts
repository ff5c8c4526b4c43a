/**
 * The ledger: `dgov ledger add|list|resolve|promote`, and its open entries on a task's files
 * in that task's prompt ("Active Probation (Case Law)") and in no other task's; `.dgov/runs.log`
 * and the auto-archive of a complete plan, committed so the next run is not blocked.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { byTask, llmHarness } from "../fakes/llm-repo.ts";
import { write, done } from "../fakes/model-server.ts";

const harness = llmHarness();
const firstUser = (slug: string) => harness.server.requests.filter((q) => String(q.body.messages[1]?.content).includes(`[[task:${slug}]]`)).map((q) => String(q.body.messages[1]!.content));
const system = (slug: string) => String(harness.server.requests.find((q) => String(q.body.messages[1]?.content).includes(`[[task:${slug}]]`))!.body.messages[0]!.content);

describe("dgov ledger", () => {
  test("add, list, resolve, promote; bad input changes nothing", async () => {
    const r = harness.setup({ conversations: [] }, [{ slug: "a", create: ["a.txt"] }]);
    const added = await r.dgov(["ledger", "add", "bug", "parse() drops the last line", "--path", "src/parser.ts", "-p", "./src/lexer/", "--json"]);
    expect(added.code).toBe(0);
    expect(added.json()).toMatchObject({ id: 1, category: "bug", status: "open", paths: ["src/parser.ts", "src/lexer"] });
    expect((await r.dgov(["ledger", "add", "rule", "No globals"])).stdout).toBe("Added ledger entry #2 (rule) (no paths: it applies to no task)\n");
    const listed = await r.dgov(["ledger", "list"]);
    expect(listed.stdout).toMatch(/^#2  rule  open  \(no paths\) +No globals\n#1  bug +open  src\/parser\.ts, src\/lexer  parse\(\) drops the last line\n$/);
    for (const bad of [["ledger", "add", "bgu", "x"], ["ledger", "add", "bug", "  "], ["ledger", "add", "bug", "x", "--path", "../outside"], ["ledger", "resolve", "9"], ["ledger", "resolve", "x"], ["ledger", "list", "-s", "closed"]]) {
      const run = await r.dgov(bad);
      expect(run.code).toBe(2);
      expect(run.stderr).not.toBe("");
    }
    expect((await r.dgov(["ledger", "add", "bgu", "x"])).stderr).toContain("did you mean 'bug'?");
    expect((await r.dgov(["ledger", "list", "--all", "--json"])).json<unknown[]>()).toHaveLength(2);
    expect((await r.dgov(["ledger", "resolve", "#1"])).stdout).toBe("Resolved ledger entry #1\n");
    expect((await r.dgov(["ledger", "resolve", "1", "--json"])).json()).toMatchObject({ id: 1, status: "resolved", changed: false });
    expect((await r.dgov(["ledger", "list", "-s", "resolved", "-q", "PARSE", "--json"])).json<{ id: number }[]>().map((e) => e.id)).toEqual([1]);
    expect((await r.dgov(["ledger", "list", "-c", "debt"])).stdout).toBe("No open entries found.\n");
    const promoted = await r.dgov(["ledger", "promote", "2"]);
    expect(promoted.code).toBe(0);
    expect(JSON.parse(readFileSync(join(r.repo.dir, ".dgov/rules/learned.json"), "utf8"))).toEqual([{ rule: "No globals", source: "ledger #2", added_at: expect.any(String) }]);
    expect((await r.dgov(["ledger", "promote", "2", "--json"])).json()).toMatchObject({ promoted: false, rules: 1 });
  }, 60_000);

  test("an entry on a task's files is in that task's prompt and in no other's; resolved entries in none; learned rules in every system prompt", async () => {
    const r = harness.setup(
      { conversations: ["api", "docs"].map((s) => byTask(s, [write(s === "api" ? "src/api/handler.ts" : "docs/guide.md", "x\n"), done(s)])) },
      [{ slug: "api", create: ["src/api/handler.ts"] }, { slug: "docs", create: ["docs/guide.md"] }],
    );
    await r.dgov(["ledger", "add", "bug", "Handlers must validate input with valibot", "--path", "src/api"]);
    await r.dgov(["ledger", "add", "decision", "Old decision on handlers", "--path", "src/api/handler.ts"]);
    await r.dgov(["ledger", "resolve", "2"]);
    await r.dgov(["ledger", "add", "rule", "Every change keeps the public API stable"]);
    await r.dgov(["ledger", "promote", "3"]);
    const run = await r.run(["--json"]);
    expect(run.code).toBe(0);
    const api = firstUser("api")[0]!;
    expect(api).toContain("## Active Probation (Case Law)\nOpen ledger entries about files this task may change. Respect them; do not repeat what they record.\n- Entry #1 [bug] (src/api): Handlers must validate input with valibot");
    expect(api).not.toContain("Old decision");
    expect(firstUser("docs")[0]).not.toContain("Active Probation");
    for (const slug of ["api", "docs"]) expect(system(slug)).toContain("LEARNED RULES:\n- Every change keeps the public API stable");
  }, 120_000);
});

describe("after a run: runs.log and the archive", () => {
  test("a complete run is logged and its plan archived in a commit landed on the target; the next run of another plan is not blocked", async () => {
    const r = harness.setup({ conversations: [byTask("a", [write("a.txt", "a\n"), done("a")]), byTask("b", [write("b.txt", "b\n"), done("b")])] }, [{ slug: "a", create: ["a.txt"] }], { archive: true });
    const run = await r.run(["--json"]);
    expect(run.code).toBe(0);
    const out = run.json<{ archived: { from: string; to: string; commit: string | null; note: string | null } }>();
    expect(out.archived).toMatchObject({ from: ".dgov/plans/p", to: ".dgov/plans/archive/p", note: null });
    expect(out.archived.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(r.log()[0]).toBe("Archive plan p");
    expect(r.repo.git("status", "--porcelain")).toBe("");
    expect(existsSync(join(r.repo.dir, ".dgov/plans/archive/p/_root.toml"))).toBe(true);
    const log = readFileSync(join(r.repo.dir, ".dgov/runs.log"), "utf8");
    expect(log).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\] p \(\.dgov\/plans\/p\) — ok \(\d+\.\d\ds\) · run \S+\n {2}merged: t\/m\.a\n {2}unverified: t\/m\.a\n {2}prompt_tokens: [\d,]+\n {2}completion_tokens: [\d,]+\n$/);
    // Another plan, written after: nothing the first run left makes the checkout dirty.
    r.repo.write(".dgov/plans/q/_root.toml", '[plan]\nname = "q"\nsections = ["t"]\n');
    r.repo.write(".dgov/plans/q/t/m.toml", '[tasks.b]\nsummary = "b"\nprompt = "[[task:b]] write b"\ncommit_message = "Task b"\nfiles.create = ["b.txt"]\n');
    const second = await r.dgov(["run", "q"]);
    expect(second.code).toBe(0);
    expect(r.file("b.txt")).toBe("b\n");
    expect(readFileSync(join(r.repo.dir, ".dgov/runs.log"), "utf8").match(/^\[/gm)).toHaveLength(2);
  }, 120_000);

  test("a failed run is logged with its error and not archived", async () => {
    const r = harness.setup({ conversations: [byTask("a", [done("nothing")])] }, [{ slug: "a", create: ["a.txt"] }], { plan: "max_retries = 0", archive: true });
    const run = await r.run(["--json"]);
    expect(run.code).toBe(1);
    expect(run.json<Record<string, unknown>>().archived).toBeUndefined();
    expect(existsSync(join(r.repo.dir, ".dgov/plans/p/_root.toml"))).toBe(true);
    const log = readFileSync(join(r.repo.dir, ".dgov/runs.log"), "utf8");
    expect(log).toMatch(/ — fail \(/);
    expect(log).toContain("  failed: t/m.a\n  error[t/m.a]: ");
  }, 120_000);

  test("not on the target branch: the archive commit lands on the target, the checkout is left alone", async () => {
    const r = harness.setup({ conversations: [byTask("a", [write("a.txt", "a\n"), done("a")])] }, [{ slug: "a", create: ["a.txt"] }], { extra: '[git]\ntarget = "main"', archive: true });
    r.repo.git("checkout", "-q", "-b", "side");
    const run = await r.run(["--json"]);
    expect(run.code).toBe(0);
    const out = run.json<{ archived: { commit: string | null; note: string } }>();
    // Archived on main, like the task landed there; the checkout on `side` is not touched.
    expect(out.archived.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(r.repo.git("log", "-1", "--format=%s", "main").trim()).toBe("Archive plan p");
    expect(out.archived.note).toBe("the checkout is not on main: the plan is archived there, your checkout still has it at .dgov/plans/p");
    expect(existsSync(join(r.repo.dir, ".dgov/plans/p/_root.toml"))).toBe(true);
    expect(r.repo.git("status", "--porcelain")).toBe("");
  }, 120_000);
});
