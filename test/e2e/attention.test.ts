/**
 * What a run and `dgov status` say when work did not simply land: the failing gate's findings
 * (not only the last worker error), `merged (unverified: …)` for a task no check verified, a
 * budget halt kept under "needs attention", the commands to explain and continue, and
 * `dgov plan abandon` to dismiss a plan.
 */
import { describe, expect, test } from "bun:test";
import { byTask, llmHarness } from "../fakes/llm-repo.ts";
import { call, done } from "../fakes/model-server.ts";

const harness = llmHarness();

const PACKAGE = {
  "package.json": '{ "name": "adder", "version": "1.0.0", "type": "module", "main": "src/index.ts" }\n',
  "src/index.ts": 'export { add } from "./add.ts";\n',
  "src/add.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
  "test/add.test.ts": 'import { expect, test } from "bun:test";\nimport { add } from "../src/index.ts";\n\ntest("adds", () => {\n  expect(add(2, 5)).toBe(7);\n});\n',
};
const BREAK = call("edit_file", { path: "src/add.ts", old_text: "a + b", new_text: "a * b" });

type Task = { id: string; state: string; error: string | null; unverified?: string | null; failed_gates?: { gate: string; findings: { message: string }[] }[] };
type StatusPlan = { plan: string; halted: string | null; abandoned: boolean; needs_attention: boolean; next: { command: string }[]; tasks: Task[] };

describe("a run that did not simply land explains itself", () => {
  test("a test-gate failure: the summary and status show the failing assertion and the next commands, not only the worker's last error", async () => {
    const r = harness.setup(
      { conversations: [{ match: /REJECTED by settlement/, turns: [call("run_tests", {}), done("could not fix it")] }, byTask("mul", [BREAK, done("multiplied")])] },
      [{ slug: "mul", edit: ["src/add.ts"], read: ["test/add.test.ts", "src/index.ts"] }],
      { files: PACKAGE, project: 'test_cmd = "bun test"', plan: "max_retries = 0" },
    );
    const run = await r.run();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("t/m.mul failed");
    expect(run.stdout).toContain("tests (isolated) failed:");
    expect(run.stdout).toContain("Expected: 7");
    expect(run.stdout).toContain("Received: 10");
    expect(run.stdout).toMatch(/next:\n  dgov show t\/m\.mul +# why t\/m\.mul failed/);
    expect(run.stdout).toContain("dgov run p --continue");
    expect(run.stdout).toContain("dgov diagnose");

    const status = await r.dgov(["status"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("blocked by tests (isolated) failed");
    expect(status.stdout).toContain("Received: 10");
    expect(status.stdout).toContain("dgov plan abandon p");
    const json = (await r.dgov(["status", "--json"])).json<{ plans: StatusPlan[] }>();
    const task = json.plans[0]!.tasks[0]!;
    expect(task.failed_gates?.map((g) => g.gate)).toEqual(["tests"]);
    expect(task.failed_gates?.[0]?.findings[0]?.message).toContain("Received: 10");
    expect(json.plans[0]!.next.map((s) => s.command)).toContain("dgov run p --continue");
  }, 120_000);

  test("a budget halt stays under needs attention until `dgov plan abandon`; --continue takes it up again", async () => {
    const r = harness.setup(
      { conversations: ["one", "two"].map((slug) => byTask(slug, [call("write_file", { path: `${slug}.txt`, content: `${slug}\n` }), done(slug)])) },
      [{ slug: "one", create: ["one.txt"] }, { slug: "two", create: ["two.txt"], deps: ["one"] }],
    );
    const run = await r.run(["--max-tokens", "1"]);
    expect(run.stdout).toContain("halted:");
    expect(run.stdout).toContain("dgov run p --continue --max-tokens <n>");
    const before = (await r.dgov(["status", "--json"])).json<{ attention: number; plans: StatusPlan[] }>();
    expect(before.plans.map((p) => [p.plan, p.needs_attention, p.abandoned])).toEqual([["p", true, false]]);
    expect(before.plans[0]!.halted).toContain("token");
    expect((await r.dgov(["status"])).stdout).toContain("halted:");

    const wrong = await r.dgov(["plan", "abandon", "q"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("no plan 'q' has run in this project");
    const dismissed = await r.dgov(["plan", "abandon", "p", "--json"]);
    expect(dismissed.code).toBe(0);
    expect(dismissed.json()).toMatchObject({ plan: "p", abandoned: true, already: false });
    const after = await r.dgov(["status", "--json"]);
    expect(after.json<{ plans: StatusPlan[] }>().plans).toEqual([]);
    expect((await r.dgov(["status"])).stdout).toContain("nothing running or needing attention");
    const all = (await r.dgov(["status", "--all", "--json"])).json<{ plans: StatusPlan[] }>();
    expect(all.plans.map((p) => [p.plan, p.abandoned, p.needs_attention])).toEqual([["p", true, false]]);

    const resumed = await r.run(["--continue", "--json"]);
    expect(resumed.code).toBe(0);
    // The task that landed in the first run keeps the verdict recorded then.
    expect(resumed.json<{ tasks: Task[] }>().tasks.map((t) => [t.id, t.state, t.unverified?.split(";")[0]])).toEqual([
      ["t/m.one", "merged", "tests: no test_cmd configured"],
      ["t/m.two", "merged", "tests: no test_cmd configured"],
    ]);
    expect((await r.dgov(["status", "--json"])).json<{ plans: StatusPlan[] }>().plans).toEqual([]);
  }, 120_000);

  test("a task that landed with no test, type or lint check reads merged (unverified: …) in the summary, status and JSON", async () => {
    const r = harness.setup({ conversations: [byTask("note", [call("write_file", { path: "note.txt", content: "hi\n" }), done("wrote it")])] }, [{ slug: "note", create: ["note.txt"] }]);
    const run = await r.run();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("merged (unverified: no tests, typecheck or lint passed)");
    expect(run.stdout).toContain("unverified: every task landed with no check that runs the code (tests: no test_cmd configured;");
    const json = (await r.dgov(["status", "--all", "--json"])).json<{ plans: StatusPlan[] }>();
    expect(json.plans[0]!.tasks[0]!.unverified).toContain("tests: no test_cmd configured");
    const status = await r.dgov(["status", "--all"]);
    expect(status.stdout).toContain("merged (unverified: no tests, typecheck or lint passed)");
  }, 120_000);
});
